"""Quote speakers that are not in-document people, linked to canonical entities.

``nlp/quotes/speakers.py`` names institution speakers per document ("State Department",
"China" for "Beijing"); entity linking (``link/entities.py``) makes the ORG/GPE entities from
the NER mentions. Here the two meet: a speaker name goes to the entity its mentions were
linked to, first in its own document (so an acronym defined there, or the label the corpus
voted for, is respected), else anywhere in the corpus ("China" named by its capital only).

Quotes that entity linking resolved by who held a title at the time (speaker mention "the
secretary general", no person in the article) get the evidence ``corpus_role``, with the
article that names the holder in that title nearest in time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from onrecord.link.entities import EntityDoc, EntityLinking, place_org_norm
from onrecord.nlp.people.roles import orgs_match, parse_role_phrase, titles_match
from onrecord.nlp.quotes.speakers import confidence

_INSTITUTION_TYPES = frozenset({"organisation", "government", "news_agency"})
_LABELS = ("ORG", "GPE", "NORP", "FAC")


@dataclass
class CorpusRoleEvidence:
    document_id: int
    index: int
    evidence_document: int | None  # the article naming the holder in that title


def quote_speakers(docs: list[EntityDoc], linking: EntityLinking) -> dict[tuple[int, int], str]:
    """Every quote's speaker entity: people as entity linking found them, institutions as
    below. What the article itself says beats a title resolved across the corpus: a quote
    the analysis gave to an institution never goes to a title holder instead."""
    by_id = {d.document_id: d for d in docs}
    out = {
        k: v for k, v in linking.quote_speaker.items() if _kind(by_id, k) not in _INSTITUTION_TYPES
    }
    out.update(institution_speakers(docs, linking))
    return out


def _kind(by_id: dict[int, EntityDoc], key: tuple[int, int]) -> str | None:
    d = by_id.get(key[0])
    if d is None or key[1] >= len(d.analysis.quotes):
        return None
    return d.analysis.quotes[key[1]].speaker_type


def institution_speakers(
    docs: list[EntityDoc], linking: EntityLinking
) -> dict[tuple[int, int], str]:
    """(document_id, quote index) -> entity key, for institution speakers.

    A name the model tagged ORG may be a person's ("Ilse Varga", "Reinholt"): entity linking
    may already have put the mention with that person, or the name is exactly the name or an
    alias of one person in the corpus; then the quote goes to the person."""
    corpus: dict[str, Counter[str]] = defaultdict(Counter)
    per_doc: dict[tuple[int, str], str] = {}
    for d in docs:
        for mi, m in enumerate(d.analysis.mentions):
            key = linking.mention_entity.get((d.document_id, mi))
            if key is None or m.label not in _LABELS:
                continue
            norm = place_org_norm(m.text, m.label)[1]
            corpus[norm][key] += 1
            per_doc.setdefault((d.document_id, norm), key)
    people: dict[str, set[str]] = defaultdict(set)
    surnames: dict[str, set[str]] = defaultdict(set)
    mentions = {e.key: e.mentions for e in linking.entities}
    for e in linking.entities:
        if e.type == "PERSON":
            for n in (e.name, *e.aliases):
                people[n.lower()].add(e.key)
            if len(e.name.split()) > 1:
                surnames[e.name.split()[-1].lower()].add(e.key)
    out: dict[tuple[int, int], str] = {}
    for d in docs:
        for qi, q in enumerate(d.analysis.quotes):
            if q.speaker_type not in _INSTITUTION_TYPES or not q.speaker:
                continue
            label = "GPE" if q.speaker_type == "government" else "ORG"
            norm = place_org_norm(q.speaker, label)[1]
            key = per_doc.get((d.document_id, norm))
            if key is None and corpus.get(norm):
                votes = corpus[norm]
                key = min(votes, key=lambda k: (-votes[k], k))
            person = people.get(q.speaker.lower(), set())
            if not person and " " not in q.speaker:
                # "Reinholt" tagged ORG: the surname of one person the corpus names more
                # often than it names an organisation "Reinholt" (not "Ford" the carmaker)
                person = surnames.get(q.speaker.lower(), set())
                if len(person) == 1 and mentions[next(iter(person))] <= mentions.get(key or "", 0):
                    person = set()
            if q.speaker_type == "organisation" and len(person) == 1:
                key = next(iter(person))
            if key is not None:
                out[(d.document_id, qi)] = key
    return out


def linked_kinds(
    docs: list[EntityDoc], linking: EntityLinking, quote_speaker: dict[tuple[int, int], str]
) -> dict[tuple[int, int], tuple[str, str, float | None, int | None]]:
    """Speaker (type, evidence, confidence, naming document) the corpus decides, by quote."""
    out: dict[tuple[int, int], tuple[str, str, float | None, int | None]] = {}
    for e in corpus_role_evidence(docs, linking):
        out[(e.document_id, e.index)] = (
            "person",
            "corpus_role",
            CORPUS_ROLE_CONFIDENCE,
            e.evidence_document,
        )
    for d in docs:
        for qi, q in enumerate(d.analysis.quotes):
            key = quote_speaker.get((d.document_id, qi))
            if q.speaker_type in _INSTITUTION_TYPES and key and key.startswith("PERSON:"):
                out[(d.document_id, qi)] = ("person", "named", NAMED_CONFIDENCE, None)
    return out


def corpus_role_evidence(docs: list[EntityDoc], linking: EntityLinking) -> list[CorpusRoleEvidence]:
    """Quotes whose speaker only the corpus could name (by title held at the time)."""
    by_key = linking.by_key()
    published = {d.document_id: d.published for d in docs}
    out: list[CorpusRoleEvidence] = []
    for d in docs:
        for qi, q in enumerate(d.analysis.quotes):
            key = linking.quote_speaker.get((d.document_id, qi))
            if key is None or q.speaker_type is not None or not q.speaker_mention:
                continue  # the article itself named this speaker
            phrase = parse_role_phrase(q.speaker_mention)
            entity = by_key.get(key)
            naming: list[int] = []
            if phrase is not None and entity is not None:
                for r in entity.roles:
                    if titles_match(phrase.title, r["title"]) and (
                        not phrase.org or orgs_match(phrase.org, r["org"])
                    ):
                        naming.extend(r["document_ids"])
            out.append(
                CorpusRoleEvidence(d.document_id, qi, _nearest(naming, published, d.published))
            )
    return out


def speaker_kind_rows(
    previously_linked: list[tuple[int, int]],
    docs: list[EntityDoc],
    linking: EntityLinking,
    quote_speaker: dict[tuple[int, int], str],
) -> list[tuple[str | None, str | None, float | None, int | None, int | None, int, int]]:
    """Speaker kinds the corpus decides (corpus_role; an 'organisation' that is a person),
    after undoing the last run's (``previously_linked``: the quotes it set), so a relink never
    leaves a stale one. Rows for ``Store.write_links`` (``LinkResult.speaker_kinds``)."""
    kinds = linked_kinds(docs, linking, quote_speaker)
    quotes = {(d.document_id, i): q for d in docs for i, q in enumerate(d.analysis.quotes)}
    rows = []
    for d, i in previously_linked:
        q = quotes.get((d, i))
        if q is not None and (d, i) not in kinds:
            rows.append(
                (q.speaker_type, q.speaker_evidence, q.speaker_confidence, None, None, d, i)
            )
    for (d, i), (stype, evidence, p, naming) in sorted(kinds.items()):
        rows.append((stype, evidence, p, naming, 1, d, i))
    return rows


def _nearest(ids: list[int], published: dict[int, str | None], day: str | None) -> int | None:
    """The naming article published nearest the quoting one (lowest id on a tie)."""
    if not ids:
        return None

    def distance(i: int) -> tuple[int, int]:
        p = published.get(i)
        if not p or not day:
            return (1 << 30, i)
        return (abs(_ordinal(p) - _ordinal(day)), i)

    return min(set(ids), key=distance)


def _ordinal(day: str) -> int:
    """Days since year 0, near enough: YYYY is its middle, YYYY-MM its 15th."""
    parts = [int(x) for x in day[:10].split("-") if x.isdigit()]
    y = parts[0] if parts else 0
    m = parts[1] if len(parts) > 1 else 7
    dd = parts[2] if len(parts) > 2 else (15 if len(parts) > 1 else 1)
    return y * 372 + m * 31 + dd


CORPUS_ROLE_CONFIDENCE = confidence("corpus_role")
NAMED_CONFIDENCE = confidence("named")
