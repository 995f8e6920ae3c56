"""Canonical entities across documents: fictional sentences, then the real seed articles."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from spacy.language import Language

from onrecord.link.entities import Entity, EntityDoc, EntityLinking, link_entities
from onrecord.models import Analysis, Person, Quote, Role
from onrecord.nlp.people.extract import extract_people, resolve_speakers
from onrecord.nlp.pipeline import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def analyse(
    nlp: Language, doc_id: int, published: str | None, text: str, quotes: list[Quote] = ()
) -> EntityDoc:
    doc = nlp(text)
    mentions, people = extract_people(doc)
    quotes = list(quotes)
    resolve_speakers(doc, quotes, mentions, people)
    return EntityDoc(
        doc_id, published, Analysis(mentions=mentions, people=people, quotes=quotes), text
    )


def said(text: str, content: str, speaker: str) -> Quote:
    start = text.index(content)
    s = text.index(speaker, start + len(content))
    return Quote(
        start=start,
        end=start + len(content),
        text=content,
        kind="direct",
        speaker_mention=speaker,
        speaker_start=s,
        speaker_end=s + len(speaker),
    )


def people_named(linking: EntityLinking, surname: str) -> list[Entity]:
    return [e for e in linking.entities if e.type == "PERSON" and e.name.split()[-1] == surname]


def test_surname_joins_the_only_full_name_and_spelling_variants_merge(nlp: Language) -> None:
    docs = [
        analyse(
            nlp,
            1,
            "2024-05-01",
            "Ruritanian Foreign Minister Oleksandr Marchenkyy arrived in Vienna.",
        ),
        analyse(
            nlp, 2, "2024-05-02", "Oleksandr Marchenkiy met Austrian officials in Vienna on Monday."
        ),
        analyse(
            nlp, 3, "2024-05-03", "Talks continued on Tuesday. Mr Marchenkiy left Vienna at noon."
        ),
    ]
    linking = link_entities(docs)
    marchenko = [e for e in linking.entities if e.type == "PERSON"]
    assert len(marchenko) == 1, [e.name for e in marchenko]
    entity = marchenko[0]
    assert entity.key.startswith("PERSON:oleksandr marchenk")
    assert {"Oleksandr Marchenkyy", "Oleksandr Marchenkiy", "Marchenkiy"} <= set(entity.aliases)
    # Every mention of the name maps to it, also where the small model tagged it ORG.
    named = {
        (d.document_id, linking.mention_entity.get((d.document_id, i)))
        for d in docs
        for i, m in enumerate(d.analysis.mentions)
        if "Marchenk" in m.text
    }
    assert named == {(1, entity.key), (2, entity.key), (3, entity.key)}
    assert [(r["title"], r["org"], r["document_ids"]) for r in entity.roles] == [
        ("Foreign Minister", "Ruritanian", [1])
    ]


def test_same_surname_different_people_never_merge(nlp: Language) -> None:
    docs = [
        analyse(nlp, 1, "2024-01-10", "Finance Minister Anna Brandt presented the budget in Oslo."),
        analyse(nlp, 2, "2024-01-11", "Jonas Brandt, a farmer from Bergen, criticised the budget."),
        analyse(nlp, 3, "2024-01-12", "The budget passed on Friday. Mr Brandt was not present."),
        analyse(nlp, 4, "2024-01-13", "Finance Minister Brandt thanked parliament on Saturday."),
        analyse(nlp, 5, "2024-01-14", "Ryan Johnson and Ryan Johnston opened a bakery in Leeds."),
    ]
    linking = link_entities(docs)
    brandts = {e.name: e for e in people_named(linking, "Brandt")}
    assert set(brandts) == {"Anna Brandt", "Jonas Brandt", "Brandt"}
    # The bare surname of doc 3 has no evidence; doc 4's has the title Anna Brandt holds.
    assert linking.person_entity[(3, 0)] == brandts["Brandt"].key
    assert linking.person_entity[(4, 0)] == brandts["Anna Brandt"].key
    assert linking.person_entity[(2, 0)] == brandts["Jonas Brandt"].key
    assert len({e.key for e in people_named(linking, "Johnson")}) == 1
    assert len({e.key for e in people_named(linking, "Johnston")}) == 1


def test_role_phrase_resolves_to_the_holder_at_the_article_date(nlp: Language) -> None:
    q2023 = 'Delegates met in Geneva on Monday. "We will not give up," the secretary general said.'
    q2025 = 'Delegates met in Geneva again. "The work goes on," the secretary general said.'
    other = "Arctic Council Secretary General Tove Lindqvist met fishermen in Tromso."
    generic = 'The United Nations met in Geneva. "Hope remains," the organisation\'s chief said.'
    acronym = 'Envoys gathered in Geneva. "Talks resume," the UN secretary-general said.'
    docs = [
        analyse(
            nlp,
            1,
            "2023-02-01",
            "United Nations Secretary General Pieter Halvorsen opened the summit in Geneva.",
        ),
        analyse(
            nlp,
            2,
            "2025-03-01",
            "United Nations Secretary General Liesl Marwick visited Nairobi on Monday.",
        ),
        analyse(
            nlp,
            3,
            "2023-04-01",
            "The United Nations held talks. " + q2023,
            [
                said(
                    "The United Nations held talks. " + q2023,
                    "We will not give up",
                    "the secretary general",
                )
            ],
        ),
        analyse(
            nlp,
            4,
            "2025-06-01",
            "The United Nations held talks. " + q2025,
            [
                said(
                    "The United Nations held talks. " + q2025,
                    "The work goes on",
                    "the secretary general",
                )
            ],
        ),
        analyse(nlp, 5, "2024-01-01", other),
        analyse(
            nlp,
            6,
            "2025-08-01",
            generic,
            [said(generic, "Hope remains", "the organisation's chief")],
        ),
        analyse(
            nlp,
            7,
            "2023-03-01",
            acronym,
            [said(acronym, "Talks resume", "the UN secretary-general")],
        ),
    ]
    # In-document, nobody holds the title in docs 3 and 4: left for the corpus level.
    assert docs[2].analysis.quotes[0].speaker is None
    linking = link_entities(docs)
    assert linking.quote_speaker[(3, 0)] == "PERSON:pieter halvorsen"
    assert linking.quote_speaker[(4, 0)] == "PERSON:liesl marwick"
    assert linking.quote_speaker[(6, 0)] == "PERSON:liesl marwick"
    assert linking.quote_speaker[(7, 0)] == "PERSON:pieter halvorsen"


def test_role_phrase_with_no_known_holder_stays_unresolved(nlp: Language) -> None:
    text = 'Officials met in Lima. "No deal yet," the spokesperson said.'
    docs = [analyse(nlp, 1, "2024-02-02", text, [said(text, "No deal yet", "the spokesperson")])]
    assert link_entities(docs).quote_speaker == {}


def test_in_document_speakers_map_to_entities(nlp: Language) -> None:
    text = 'Governor Paul Decker spoke in Denver. "The bridge will open," he said.'
    docs = [analyse(nlp, 7, "2024-03-03", text, [said(text, "The bridge will open", "he")])]
    linking = link_entities(docs)
    assert linking.quote_speaker[(7, 0)] == "PERSON:paul decker"


def test_places_and_acronyms(nlp: Language) -> None:
    docs = [
        analyse(
            nlp, 1, None, "Officials from the United States met in Paris. The U.S. team left early."
        ),
        analyse(nlp, 2, None, "The US delegation arrived in Paris on Monday."),
        analyse(nlp, 3, None, "The North Atlantic Treaty Organization (NATO) met in Brussels."),
        analyse(nlp, 4, None, "NATO ministers met again in Brussels. The Alliance said little."),
    ]
    linking = link_entities(docs)
    keys = {
        m.text: linking.mention_entity[(d.document_id, i)]
        for d in docs
        for i, m in enumerate(d.analysis.mentions)
        if (d.document_id, i) in linking.mention_entity
    }
    assert keys["the United States"] == keys["U.S."] == keys["US"] == "GPE:united states"
    assert keys["NATO"] == keys["The North Atlantic Treaty Organization"]
    by_key = linking.by_key()
    assert by_key[keys["NATO"]].name in ("NATO", "North Atlantic Treaty Organization")
    if "Alliance" in keys:  # "alliance" is never merged with NATO on its own
        assert keys["Alliance"] != keys["NATO"]


def test_output_is_deterministic_and_independent_of_input_order(nlp: Language) -> None:
    texts = [
        "Mayor Lena Ortiz met Governor Paul Decker in Denver.",
        "Decker visited Boulder on Friday with Mayor Ortiz.",
        "Lena Ortiz opened a school in Denver.",
    ]
    docs = [analyse(nlp, i, f"2024-04-0{i + 1}", t) for i, t in enumerate(texts)]
    a = link_entities(docs)
    b = link_entities(list(reversed(docs)))
    assert a == b
    assert [e.key for e in a.entities] == sorted(e.key for e in a.entities)


def test_synthetic_people_without_spacy_link_in_linear_blocks() -> None:
    """Hand-made analyses: many people sharing first names and surnames stay distinct."""
    firsts = ["Ana", "Ben", "Carla", "Dmytro", "Eva"]
    surnames = ["Kovac", "Lind", "Moreau", "Novak", "Okafor"]
    docs = []
    for i in range(50):
        f, s = firsts[i % 5], surnames[(i // 5) % 5]
        people = [Person(name=f"{f} {s}", aliases=[f"{f} {s}"], mentions=[(0, 5)])]
        docs.append(EntityDoc(i, f"2024-01-{1 + i % 28:02d}", Analysis(people=people)))
    linking = link_entities(docs)
    assert len(linking.entities) == 25
    role = Role(title="Mayor", org="Lindholm", start=0, end=5, text="Mayor")
    docs.append(EntityDoc(99, None, Analysis(people=[Person(name="Novak", roles=[role])])))
    linking = link_entities(docs)
    assert linking.person_entity[(99, 0)] == "PERSON:novak"  # five Novaks: no evidence


# ---- the real seed articles ----


SEED_PEOPLE = {
    # surname: (title, org) expected among the entity's roles, or None
    "Rutte": ("Secretary General", "NATO"),
    "Zelenskyy": ("President", "Ukraine"),
    "Rubio": ("Secretary of State", "United States"),
    "Sybiha": ("Foreign Minister", "Ukraine"),
    "Kallas": ("High Representative", "EU"),
    "Stoltenberg": ("Secretary General", "NATO"),
    "Trump": ("President", None),
    "Putin": None,
}


@pytest.fixture(scope="module")
def seed_linking(nlp: Language) -> tuple[list[EntityDoc], EntityLinking]:
    root = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
    seeds = root / "seeds"
    if not seeds.exists():
        pytest.skip(f"real corpus not available: {seeds} (needs ../shared/corpora beside the repo)")
    with (root / "seeds-metadata.csv").open(encoding="utf-8") as f:
        published = {row["path"]: row["published"] for row in csv.DictReader(f)}
    docs = [
        analyse(nlp, i, published[path.name], path.read_text(encoding="utf-8"))
        for i, path in enumerate(sorted(seeds.glob("*.txt")))
    ]
    return docs, link_entities(docs)


def test_seed_people_are_single_entities_with_roles(
    seed_linking: tuple[list[EntityDoc], EntityLinking],
) -> None:
    docs, linking = seed_linking
    for surname, role in SEED_PEOPLE.items():
        found = people_named(linking, surname)
        assert len(found) == 1, (surname, [e.key for e in found])
        entity = found[0]
        assert any(a.split()[-1] == surname for a in entity.aliases), entity.aliases
        if role is not None:
            assert any((r["title"], r["org"]) == role for r in entity.roles), (
                surname,
                entity.roles,
            )
    rutte = people_named(linking, "Rutte")[0]
    assert rutte.name == "Mark Rutte"
    assert {"Mark Rutte", "Rutte"} <= set(rutte.aliases)
    # He is named in all five articles, and every surname-only mention is linked to him.
    rutte_docs = {d for (d, _p), k in linking.person_entity.items() if k == rutte.key}
    assert rutte_docs == {d.document_id for d in docs}
    stoltenberg = people_named(linking, "Stoltenberg")[0]
    assert all(r["qualifier"] in ("outgoing", "former") for r in stoltenberg.roles)
    # Sybiha is named in full in one article and by surname in another.
    sybiha = people_named(linking, "Sybiha")[0]
    assert sybiha.name == "Andrii Sybiha"
    assert len({d for (d, _p), k in linking.person_entity.items() if k == sybiha.key}) == 2
    surnames = {surname: people_named(linking, surname)[0].key for surname in SEED_PEOPLE}
    for d in docs:
        for i, m in enumerate(d.analysis.mentions):
            if m.text in ("US", "U.S.", "the United States"):
                assert linking.mention_entity[(d.document_id, i)] == "GPE:united states"
            # Every mention of a seed person's name, whatever label the model gave it
            # (it tags one "Zelenskyy" GPE), is linked to that person.
            last = m.text.split()[-1] if m.text.split() else ""
            if last in surnames:
                assert linking.mention_entity.get((d.document_id, i)) == surnames[last], m


def test_seed_quotes_resolve_to_their_speaker(nlp: Language) -> None:
    """End to end with the quotes module: every seed quote with a singular speaker mention
    (name, pronoun or role phrase) is attributed, in-document or by the corpus linker."""
    quotes_mod = pytest.importorskip("onrecord.nlp.quotes.extract")
    root = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
    seeds = root / "seeds"
    if not seeds.exists():
        pytest.skip(f"real corpus not available: {seeds} (needs ../shared/corpora beside the repo)")
    docs = []
    for i, path in enumerate(sorted(seeds.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        doc = nlp(text)
        mentions, people = extract_people(doc)
        quotes = quotes_mod.extract_quotes(doc)
        resolve_speakers(doc, quotes, mentions, people)
        docs.append(EntityDoc(i, None, Analysis(mentions=mentions, people=people, quotes=quotes)))
    linking = link_entities(docs)
    with_mention = [
        (d.document_id, qi, q)
        for d in docs
        for qi, q in enumerate(d.analysis.quotes)
        if q.speaker_mention
        and q.speaker_mention.lower() not in ("they", "we")
        and not q.speaker_mention.lower().endswith(("ministers", "allies"))
    ]
    assert len(with_mention) >= 30
    resolved = {linking.quote_speaker.get((d, qi)) for d, qi, _q in with_mention}
    # In these five articles every singular attributed speaker is the NATO chief.
    assert resolved == {"PERSON:mark rutte"}


# ---- the MEANTIME scorer ----


def test_b_cubed_on_hand_computed_clusters() -> None:
    from onrecord.eval.entities import b_cubed

    perfect = b_cubed(["a", "a", "b"], ["x", "x", "y"])
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    # All in one system cluster: precision (2/3 + 2/3 + 1/3) / 3 = 5/9, recall 1.
    lumped = b_cubed(["a", "a", "b"], ["x", "x", "x"])
    assert lumped.precision == pytest.approx(5 / 9) and lumped.recall == 1.0
    # All singletons: precision 1, recall (1/2 + 1/2 + 1) / 3 = 2/3.
    split = b_cubed(["a", "a", "b"], ["x", "y", "z"])
    assert split.precision == 1.0 and split.recall == pytest.approx(2 / 3)


MEANTIME_LIKE = """<?xml version="1.0" ?><Document doc_id="1" doc_name="t" lang="en">
<token number="0" sentence="0" t_id="1">Mayor</token>
<token number="1" sentence="0" t_id="2">Lena</token>
<token number="2" sentence="0" t_id="3">Ortiz</token>
<token number="3" sentence="0" t_id="4">thanked</token>
<token number="4" sentence="0" t_id="5">Acme</token>
<token number="5" sentence="0" t_id="6">.</token>
<Markables>
<ENTITY_MENTION m_id="10" syntactic_type="NAM"><token_anchor t_id="2"/><token_anchor t_id="3"/>
</ENTITY_MENTION>
<ENTITY_MENTION m_id="11" syntactic_type="NAM"><token_anchor t_id="5"/></ENTITY_MENTION>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="12" type="DATE" value="2020-02-02"/>
<ENTITY m_id="20" ent_type="PER" instance_id="PER1" TAG_DESCRIPTOR="Lena Ortiz"/>
<ENTITY m_id="21" ent_type="ORG" instance_id="ORG1" TAG_DESCRIPTOR="Acme"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="10"/><target m_id="20"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="11"/><target m_id="21"/></REFERS_TO>
</Relations>
</Document>
"""


def test_meantime_reader_and_scoring_on_a_written_document(tmp_path: Path, nlp: Language) -> None:
    from onrecord.eval.entities import evaluate, read_meantime

    (tmp_path / "one.xml").write_text(MEANTIME_LIKE, encoding="utf-8")
    docs = read_meantime(tmp_path)
    assert len(docs) == 1 and docs[0].dct == "2020-02-02"
    assert [(m.text, m.type, m.instance) for m in docs[0].mentions] == [
        ("Lena Ortiz", "PER", "PER1"),
        ("Acme", "ORG", "ORG1"),
    ]
    result = evaluate(docs, nlp)
    assert result.gold_mentions == 2
    assert result.scores["all PER+ORG"]["onrecord"].precision == 1.0


def test_meantime_corpus_reads(nlp: Language) -> None:
    from onrecord.eval.entities import read_meantime

    root = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "meantime"
    if not root.exists():
        pytest.skip(f"real corpus not available: {root} (needs ../shared/corpora beside the repo)")
    docs = read_meantime(root / "intra_cross-doc_annotation")
    assert len(docs) == 120
    assert sum(1 for d in docs if d.dct) >= 115  # two articles carry no creation time
    gold = [m for d in docs for m in d.mentions]
    assert len(gold) > 1500 and {m.type for m in gold} == {"PER", "ORG"}


def test_meantime_names_beat_exact_string(nlp: Language) -> None:
    """Regression guard on the real benchmark (figures in docs/benchmarks.md)."""
    from onrecord.eval.entities import evaluate, read_meantime

    root = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "meantime"
    if not root.exists():
        pytest.skip(f"real corpus not available: {root} (needs ../shared/corpora beside the repo)")
    result = evaluate(read_meantime(root / "intra_cross-doc_annotation"), nlp)
    names = result.scores["names PER+ORG"]
    assert names["onrecord"].f1 >= 0.80
    assert names["onrecord"].f1 >= names["exact-string"].f1 + 0.05
    assert result.scores["PER"]["onrecord"].precision >= 0.93


def test_seed_places_are_not_people(seed_linking: tuple[list[EntityDoc], EntityLinking]) -> None:
    """ "to assist Kyiv" is tagged PERSON by the small model; the type check keeps it out."""
    _docs, linking = seed_linking
    people = {e.name for e in linking.entities if e.type == "PERSON"}
    assert "Kyiv" not in people
    assert {"Mark Rutte", "Volodymyr Zelenskyy", "Andrii Sybiha"} <= people


def test_a_capital_alone_is_no_person_unless_it_is_a_surname_here() -> None:
    kyiv = Person(name="Kyiv", aliases=["Kyiv"], mentions=[(0, 4)])
    docs = [EntityDoc(1, "2024-01-01", Analysis(people=[kyiv]))]
    assert not [e for e in link_entities(docs).entities if e.type == "PERSON"]
    # "Jack Kingston" makes "Kingston" a surname in this corpus
    docs.append(
        EntityDoc(2, "2024-01-02", Analysis(people=[Person(name="Jack Kingston"),
                                                     Person(name="Kingston")]))
    )  # fmt: skip
    names = {e.name for e in link_entities(docs).entities if e.type == "PERSON"}
    assert names == {"Jack Kingston"}
