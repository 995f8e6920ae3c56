"""Who is speaking: a quote's speaker mention ("Rutte", "he", "the NATO leader") to a person.

No coreference model: news attribution is formulaic enough that salience does most of the
work. A pronoun goes to the most salient compatible person before it — recent, preferably
a sentence subject, preferably whoever spoke last, and the story's main person — never to a
name inside a quotation. A role phrase goes to the in-document holder of a matching title.
What cannot be decided stays None: a wrong speaker is worse than no speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from onrecord.models import Mention, Person, Quote
from onrecord.nlp.people.names import (
    PARTICLES,
    first_key,
    given_name_certain,
    given_name_gender,
    name_parts,
    similar_keys,
    split_name,
    surname_key,
)
from onrecord.nlp.people.roles import (
    CURRENT_QUALIFIERS,
    GENERIC_HEADS,
    HONORIFICS,
    PRONOUNS,
    RolePhrase,
    org_key,
    orgs_match,
    parse_role_phrase,
    titles_match,
    word_key,
)
from onrecord.nlp.quotes.cues import doc_text
from onrecord.nlp.quotes.reporting import lexicon

# Head nouns of descriptions a journalist uses for the person just named ("the Tea Party
# favorite", "the congresswoman"), beside the titles of nlp.roles; with their gender. Not
# "the author", "the host", "the anchor": in news they are mostly someone else (an
# anonymous writer, the interviewer), not the person the passage is about.
DESCRIPTION_HEADS = lexicon(
    """congressman congresswoman lawmaker legislator politician candidate hopeful challenger
    incumbent favorite favourite nominee frontrunner republican democrat conservative liberal
    businessman businesswoman billionaire mogul veteran star actor actress singer rapper
    comedian activist father mother son daughter wife husband brother sister man woman"""
)
DESCRIPTION_GENDER = {
    **dict.fromkeys(lexicon("congressman businessman actor father son husband brother man"), "m"),
    **dict.fromkeys(
        lexicon("congresswoman businesswoman actress mother daughter wife sister woman"), "f"
    ),
}
# Lower-case words that may sit inside a name or its place tag: "de Blasio", "of Arizona"
_NAME_LINKS = frozenset(
    {"of", "from", "at", "in", "for", "and", "de", "van", "von", "der", "da", "di", "la", "le"}
    | {"al", "bin", "ibn", "del", "dos", "du"}
)
# Bodies that news calls "they": "The newspaper denied it. They said ..."
_COLLECTIVE_NOUNS = lexicon(
    """newspaper paper company firm campaign administration government agency department
    ministry committee group organization organisation party network station team union
    council board court police military army family league school university hospital
    establishment leadership media press public caucus conference delegation majority
    minority coalition opposition"""
)
# Someone speaking for a person: "a spokesman for Sen. Harlan", "an aide to Mayor Voss"
_FOR_SOMEONE = re.compile(
    r"\b(?:spokes(?:man|woman|person|people)|aides?|advis[eo]rs?|lawyers?|attorneys?|"
    r"staffers?|friends?|allies|ally)\s+(?:for|to|of)\s+\S*\s*$",
    re.IGNORECASE,
)
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "this", "that"})
# Capitalised words (with "for", "of", "and" between) right before a lower-case title
_LEAD_ORG = re.compile(
    r"(?:\b[Tt]he\s+)?(?:[A-Z][\w.&’'-]*\s+(?:(?:for|of|and)\s+)?)*[A-Z][\w.&’'-]*\s+$"
)
WINDOW_SENTENCES = 3  # a pronoun looks this many sentences back (plus its own)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Verbs whose object is the one spoken to: "she told Senator Vance", "he asked the minister".
_ADDRESS = frozenset({"tell", "ask", "assure", "warn", "urge", "remind", "inform", "answer"})
# An unnamed person who speaks ("a spokesman for X", "his lawyer", "one official")
_UNNAMED_SPEAKER = re.compile(
    r"\b(?:spokes(?:man|woman|person)|aide|advis[eo]r|official|lawyer|attorney|staffer|"
    r"source|supervisor|officer)(?:\s+(?:for|to|of|at|with)\s.*)?$",
    re.IGNORECASE,
)
# Texts and utterances whose possessor wrote or spoke them: "David Brooks's Friday column"
_AUTHORED = lexicon(
    """column op-ed oped editorial essay article statement letter tweet post speech remark
    interview memo memoir book testimony"""
)
_MASCULINE = frozenset({"he", "him"})
_FEMININE = frozenset({"she", "her"})
_ORG_NOUNS_FOR_PLACES = frozenset({"country", "nation", "government", "state", "kremlin"})


@dataclass
class _Ref:
    """One name mention of an in-document person, with what salience needs."""

    cluster: int
    start: int
    end: int
    sentence: int
    subject: bool
    quoted: bool  # inside a quotation: never an antecedent for the quote's speaker
    addressee: bool = False  # "told Senator X": the one spoken to, not the one speaking
    oblique: bool = False  # "a friend of Paul Ryan", "his affair with X": seldom the topic
    embedded: bool = False  # subject of a clause inside another ("X was unaware Y would come")


class _Context:
    def __init__(
        self, doc: Doc, quotes: list[Quote], mentions: list[Mention], people: list[Person]
    ) -> None:
        self.doc = doc
        self.text = doc_text(doc)  # Doc.text rebuilds the string on every call
        self.people = people
        self.mentions = mentions
        self.sent_starts = [s.start_char for s in doc.sents]
        self._sents: list[Span] | None = None
        self.unnamed: int | None = None  # where an unnamed person last spoke, if they did last
        # Names in reported speech ("Petraeus discussed ..., according to lawmakers") are
        # what the next "he" is about; only words inside quotation marks are someone else's.
        spans = sorted((q.start, q.end) for q in quotes if q.kind != "indirect")
        self.refs: list[_Ref] = []
        for m in mentions:
            if m.label != "PERSON" or m.cluster is None:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            subject = addressee = oblique = embedded = False
            if span is not None:
                root = span.root
                while root.dep_ in ("appos", "conj") and root.head is not root:
                    root = root.head  # "Rutte, the secretary general, said"
                subject = root.dep_ in _SUBJECT_DEPS
                addressee = root.dep_ in ("dobj", "dative") and root.head.lemma_ in _ADDRESS
                # "respond to Mr. Obama's charge": a possessor is seldom the topic either
                oblique = (root.dep_ == "pobj" and root.head.lower_ != "by") or (
                    # "Brooks's column": the author of a text is its topic, not a possessor
                    root.dep_ == "poss" and root.head.lemma_ not in _AUTHORED
                )
                embedded = subject and root.head.dep_ in ("ccomp", "advcl", "relcl", "acl")
            quoted = any(a <= m.start and m.end <= b for a, b in spans)
            self.refs.append(
                _Ref(
                    m.cluster,
                    m.start,
                    m.end,
                    self.sentence(m.start),
                    subject,
                    quoted,
                    addressee,
                    oblique,
                    embedded,
                )
            )
        counts = Counter(r.cluster for r in self.refs if not r.quoted)
        ranked = counts.most_common(2)
        self.main: int | None = None
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            self.main = ranked[0][0]
        self.gender: dict[int, str] = {}
        # genders read off a given name only: "Lindsey Graham" is a man, so a mismatch
        # costs a candidate salience instead of ruling it out ("Mr"/"Ms" do rule out)
        self.name_gender: set[int] = set()
        self.certain: set[int] = set()  # a given name that is (almost) only one gender's
        for i, p in enumerate(people):
            g = _honorific_gender(doc, p)
            if g is None:
                g = _given_name_gender(p.name)
                if g:
                    self.name_gender.add(i)
                    first = split_name(name_parts(p.name))[0]
                    if first and given_name_certain(first):
                        self.certain.add(i)
            if g:
                self.gender[i] = g
        # kept apart from the name refs: only a pronoun looks at them, so a role phrase that
        # is itself a quote's speaker mention still goes through by_role
        self.role_refs = self._role_subjects(spans)

    def _role_subjects(self, spans: list[tuple[int, int]]) -> list[_Ref]:
        """'The former president spoke at a conference. "...," he said': a definite title as
        a sentence subject, outside quotes, that names a person of the article is that
        person's mention for what follows, as a name would be."""
        out: list[_Ref] = []
        for t in self.doc:
            if t.dep_ not in _SUBJECT_DEPS or t.pos_ != "NOUN" or t.ent_type_:
                continue
            first, last = self.doc[t.left_edge.i], self.doc[t.right_edge.i]
            if first.lower_ != "the" or last.i - first.i > 8:
                continue
            start, end = first.idx, last.idx + len(last.text)  # "the chairman of the caucus"
            if any(a <= start < b for a, b in spans):
                continue
            text = self.text[start:end]
            phrase = parse_role_phrase(text)
            if phrase is None:
                continue
            cluster = self.by_role(phrase, start, text)
            if cluster is not None:
                out.append(_Ref(cluster, start, end, self.sentence(start), True, False))
        return out

    def sentence(self, char: int) -> int:
        return max(0, bisect_right(self.sent_starts, char) - 1)

    # ---- by name ----

    def by_name(self, text: str, start: int, end: int) -> int | None:
        if self._two_named(start, end):
            return None  # "Fred and Cindy Warmbier", "The Observatory and al-Ahmad": two
        overlapping = [
            r.cluster for r in self.refs if r.start < end and start < r.end and not r.quoted
        ] or [r.cluster for r in self.refs if r.start < end and start < r.end]
        if overlapping:
            first = min(
                (r for r in self.refs if r.start < end and start < r.end), key=lambda r: r.start
            )
            if _FOR_SOMEONE.search(self.text[start : first.start]):
                return None  # "a spokesman for Sen. Harlan": not Harlan, and unnamed
            # "Trump campaign manager Brad Parscale": the name at the head, the last one;
            # but "Khan's father" is not Khan
            last = max(
                (r for r in self.refs if r.start < end and start < r.end),
                key=lambda r: r.end,
            )
            rest = self.text[last.end : end]
            if re.match(r"['’]s?\s+[a-z]|\s+(?!(?:of|from|at|in|for|and)\b)[a-z]", rest):
                return None  # "Trump administration officials", "Khan's father"
            return overlapping[-1]
        head = self._name_after(start, end)
        if head is not None:
            return head
        if text.startswith("@"):
            return self._by_handle(text)
        parts = name_parts(text)
        if not parts or not all(p[:1].isupper() or p in PARTICLES for p in parts):
            return None  # "Van der Molen" has its particle in lower case
        if any(w[:1].islower() and w not in _NAME_LINKS for w in text.split()):
            return None  # "Trump administration officials": a name as a modifier
        first, surname = split_name(parts)
        sk = surname_key(surname)
        hits = []
        for i, p in enumerate(self.people):
            pf, ps = split_name(name_parts(p.name))
            if not similar_keys(surname_key(ps), sk):
                continue
            if first is not None and pf is not None and first_key(pf) != first_key(first):
                continue
            hits.append(i)
        if len(hits) > 1 and first is None:
            # "Trump" where the article keeps the bare surname for one person and names a
            # namesake in full: the model missed this mention, the clustering did not
            bare = [i for i in hits if split_name(name_parts(self.people[i].name))[0] is None]
            hits = bare if len(bare) == 1 else hits
        return hits[0] if len(hits) == 1 else None

    def _by_handle(self, handle: str) -> int | None:
        """'@RepAdamSchiff responds': a handle that ends in the full name of exactly one
        person of the article (its words run together, a title or 'real' before them)."""
        words = re.findall(r"[A-Z][a-z]+", handle)
        hits = set()
        for i, p in enumerate(self.people):
            parts = name_parts(p.name)
            if len(parts) >= 2 and [w.lower() for w in words[-len(parts) :]] == [
                w.lower() for w in parts
            ]:
                hits.add(i)
        return next(iter(hits)) if len(hits) == 1 else None

    def _two_named(self, start: int, end: int) -> bool:
        """Two speakers joined by "and": a name (or body) before it and one after it, or one
        person entity holding the "and"; not "Health and Human Services Secretary Alex
        Azar" (the "and" inside a body's name) nor "X and other officials"."""
        for conj in re.finditer(r"\s(?:and|&)\s", self.text[start:end]):
            at = start + conj.start()
            inside = [m for m in self.mentions if m.start < end and start < m.end]
            if any(m.start <= at < m.end for m in inside if m.label != "PERSON"):
                continue  # "Health and Human Services"
            if re.search(r"\b[a-z][\w-]*$", self.text[start:at]):
                continue  # "CBS News chairman and 60 Minutes producer Jeffrey Fager": titles
            if any(m.start <= at < m.end for m in inside if m.label == "PERSON"):
                return True  # "Fred and Cindy Warmbier" as one entity
            before = any(m.end <= at for m in inside)
            after = any(m.start > at for m in inside)
            if before and after:
                return True
        return False

    def _name_after(self, start: int, end: int) -> int | None:
        """'View co-host Joy Behar asked', 'Gang of Eight leader Charles Schumer says' with
        the mention cut before the name: the person named right after it in the same noun
        phrase (nothing but nouns, adjectives, 'of' and hyphens between)."""
        after = [
            r for r in self.refs if end <= r.start <= end + 40 and not r.quoted and r.start > start
        ]
        if not after:
            return None
        ref = min(after, key=lambda r: r.start)
        if _FOR_SOMEONE.search(self.text[start : ref.start]):
            return None  # "a spokesman for Sen. Harlan"
        gap = self.text[end : ref.start]
        if not gap.strip(" -") or re.search(r"[,;:()\"“”]|\n", gap):
            return None if gap.strip(" -") else ref.cluster
        span = self.doc.char_span(end, ref.start, alignment_mode="expand")
        if span is None or len(span) > 5:
            return None
        ok = {"NOUN", "PROPN", "ADJ", "NUM", "PUNCT", "PART"}
        if all(
            t.pos_ in ok or t.lower_ in ("of", "for") for t in span if t.idx < ref.start
        ):  # not "The segment with Gohmert"
            return ref.cluster
        return None

    # ---- pronouns ----

    def by_pronoun(self, pronoun: str, start: int, last_speaker: int | None) -> int | None:
        want = PRONOUNS[pronoun]
        if (
            self.unnamed is not None
            and want in ("m", "f")
            and self.sentence(start) - self.sentence(self.unnamed) <= 1
            and not any(
                r.subject and not r.quoted and self.unnamed < r.start < start for r in self.refs
            )
        ):
            return None  # the unnamed spokesman who spoke last goes on speaking
        ahead = self._cataphor(start)
        if ahead is not None and self._gender_ok(ahead, want):
            return ahead
        here = self.sentence(start)
        reach = WINDOW_SENTENCES + self._pronoun_chain(here, want)
        para = self.text.rfind("\n", 0, start) + 1
        refs = self.refs + self.role_refs
        in_para = {
            r.cluster for r in refs if para <= r.start < start and not r.quoted and not r.addressee
        }
        cands: dict[int, float] = {}
        for r in refs:
            if r.start >= start or r.quoted or here - r.sentence > reach:
                continue
            g = self.gender.get(r.cluster)
            mismatch = want in ("m", "f") and g is not None and g != want
            if mismatch and r.cluster not in self.name_gender:
                continue
            score = -1.0 * (here - r.sentence) + (1.5 if r.subject else 0.0)
            if r.embedded:
                # "Ann Holt was unaware Jon Hale would come. '...,' she said": the subject
                # of the main clause is the topic, the one of a clause inside it less so
                score -= 0.75
            if r.subject and r.sentence == here:
                score += 0.75  # "Sessions didn't deny the meetings; instead, he insisted"
            elif r.subject and r.sentence == here - 1 and "\n" not in self.text[r.start : start]:
                # "Romney flatly disputed that number. '...,' he said": the subject of the
                # sentence just before, in the same paragraph, outranks who spoke before it
                score += 0.75
            if mismatch:
                score -= 2.0
            score += 0.01 * r.start / max(1, start)  # among equals, the nearest
            if r.addressee:
                score -= 2.0  # the one spoken to, unless nobody else fits
            elif r.oblique:
                score -= 1.0
            cands[r.cluster] = max(cands.get(r.cluster, float("-inf")), score)
        fits = [c for c in in_para if c in cands and self._gender_ok(c, want)]
        if len(fits) == 1 and want in ("m", "f"):
            # "Or take the statement by Rep. Ann Holt. '...,' she said": the one person the
            # paragraph names before the pronoun is its topic, over whoever spoke before
            cands[fits[0]] += 2.0
        if want == "p":
            # "they" is almost always a group in news; a person only when nothing plural
            # could be meant and exactly one person is around, not merely named in passing
            # ("the family of Michael Brown ... They said")
            if len(cands) != 1 or self._plural_subject_near(start):
                return None
            only = next(iter(cands))
            if only != last_speaker or not any(
                r.cluster == only and r.subject and here - r.sentence <= 1 for r in self.refs
            ):
                return None  # singular "they" only continues the one who just spoke
            return next(iter(cands))
        for c in cands:
            if c == last_speaker:
                cands[c] += 1.0
            if c == self.main:
                cands[c] += 0.5
        if not cands:
            for fallback in (last_speaker, self.main):
                if fallback is not None and self._gender_ok(fallback, want):
                    return fallback
            return None
        best = max(cands, key=lambda c: (cands[c], -c))
        just_spoke = best == last_speaker and start - self._last_before(best, start) < 60
        if not self._gender_ok(best, want) and just_spoke and best in self.certain:
            # '"Governor Tom Reyes called me," Ann Holt said. "He will sign it," he added':
            # not Ann, and the man she quotes is no antecedent either: unknown
            return None
        if not self._gender_ok(best, want) and not just_spoke:
            # a given name's gender is overruled only by whoever spoke right before it
            # ('..." Graham said. But he added'; Lindsey is mostly a woman's name); otherwise
            # the best who fits it
            fits = [c for c in cands if self._gender_ok(c, want)]
            if not fits:
                return None
            best = max(fits, key=lambda c: (cands[c], -c))
        if len(cands) == 1 and want in ("m", "f"):
            self.gender.setdefault(best, want)  # learn only from unambiguous cases
        return best

    def _pronoun_chain(self, here: int, want: str) -> int:
        """Sentences right before this one whose subject is the same pronoun and that name
        no person as subject ("Huizenga represents ... He's a conservative. ... he's
        neither ... And while he wasn't ..."): the passage stays with one person, so the
        pronoun looks back past them to the name that began it."""
        if want not in ("m", "f"):
            return 0
        same = _MASCULINE if want == "m" else _FEMININE
        sents = list(self.doc.sents) if self._sents is None else self._sents
        self._sents = sents
        chain = 0
        for k in range(here - 1, -1, -1):
            subjects = [t for t in sents[k] if t.dep_ in _SUBJECT_DEPS]
            if not any(t.lower_ in same for t in subjects) or any(
                t.ent_type_ == "PERSON" for t in subjects
            ):
                break
            chain += 1
        return chain

    def _cataphor(self, start: int) -> int | None:
        """'When he announced the plan, Sessions said': a pronoun subject of a clause put
        before its main clause points ahead, to the person who is the main clause's subject
        (who spoke before it is someone else)."""
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None:
            return None
        tok = span[0]
        clause = tok.head
        if tok.dep_ not in _SUBJECT_DEPS or clause.dep_ != "advcl" or clause.i > clause.head.i:
            return None
        main = clause.head
        for child in main.children:
            if child.dep_ in _SUBJECT_DEPS and child.i > clause.i:
                lo, hi = child.idx, child.idx + len(child.text)
                hits = {
                    r.cluster for r in self.refs if r.start < hi and lo < r.end and not r.quoted
                }
                return next(iter(hits)) if len(hits) == 1 else None
        return None

    def _gender_ok(self, cluster: int, want: str) -> bool:
        g = self.gender.get(cluster)
        return want not in ("m", "f") or g is None or g == want

    def _plural_subject_near(self, start: int) -> bool:
        here = self.sentence(start)
        lo = self.sent_starts[max(0, here - 1)]
        for t in self.doc:
            if t.idx < lo:
                continue
            if t.idx >= start:
                break
            if t.dep_ in _SUBJECT_DEPS and (
                t.tag_ in ("NNS", "NNPS")
                or t.ent_type_ in ("ORG", "NORP", "GPE")
                # "The newspaper denied ... They said": a body spoken of as a subject
                or (t.tag_ == "NN" and t.lemma_ in _COLLECTIVE_NOUNS)
            ):
                return True
        return False

    # ---- relative pronouns: "Rep. Dutch Ruppersberger (D-Md.), who said" ----

    def by_relative(self, start: int) -> int | None:
        """'who' is the person named right before it in its sentence: only a comma, a
        bracketed party tag or an appositive title may come between."""
        here = self.sentence(start)
        best: _Ref | None = None
        for r in self.refs:
            if (
                r.end <= start
                and self.sentence(r.start) == here
                and not r.quoted
                and (best is None or r.end > best.end)
            ):
                best = r
        if best is None:
            return None
        gap = self.text[best.end : start]
        if len(gap) > 40 or not re.fullmatch(r"\s*(?:\([^()]*\))?\s*,\s*", gap):
            return None
        return best.cluster

    # ---- descriptions: "the Tea Party favorite told ABC" ----

    def by_description(self, text: str, start: int, last_speaker: int | None) -> int | None:
        """A definite description of a person ("the congressman", "the Ohio Republican")
        that no title in the article resolves is, in news, the person the passage is about:
        whoever spoke last or was the subject just before, when exactly one person is."""
        words = text.split()
        if not 2 <= len(words) <= 6 or words[0].lower() != "the":
            return None
        head = word_key(words[-1])
        if head not in DESCRIPTION_HEADS:
            return None  # a title ("the governor") names its holder, not whoever spoke last
        want = DESCRIPTION_GENDER.get(head, "x")
        here = self.sentence(start)
        near: set[int] = set()
        for r in self.refs:
            if r.start >= start or r.quoted or not r.subject or here - r.sentence > 1:
                continue
            if want in ("m", "f") and self.gender.get(r.cluster, want) != want:
                continue
            near.add(r.cluster)
        if len(near) == 1:
            return next(iter(near))
        if not near and last_speaker is not None and self._gender_ok(last_speaker, want):
            last = self._last_before(last_speaker, start)
            if last >= 0 and here - self.sentence(last) <= 1:
                return last_speaker
        return None

    # ---- role phrases ----

    def by_role(
        self, phrase: RolePhrase, start: int, text: str = "", last_speaker: int | None = None
    ) -> int | None:
        if text.split()[:1] and text.split()[0].lower() in ("a", "an", "one", "another"):
            return None  # "a White House spokeswoman": one of several, not the one named
        if phrase.title in GENERIC_HEADS and not (phrase.org or phrase.generic_org):
            return None  # "the head" of what?
        if phrase.qualifier in ("former", "incoming"):
            allowed = {phrase.qualifier, "outgoing"} if phrase.qualifier == "former" else None
        else:
            allowed = set(CURRENT_QUALIFIERS)
        focus = self.focus_org(phrase.generic_org) if phrase.generic_org else None
        want_org = phrase.org or focus
        hits: list[int] = []
        for i, p in enumerate(self.people):
            for r in p.roles:
                if not titles_match(phrase.title, r.title):
                    continue
                if allowed is not None and r.qualifier not in allowed:
                    continue
                if want_org is not None and not orgs_match(want_org, r.org):
                    continue
                hits.append(i)
                break
        # "the congressman" looks back: a holder the article names only later is someone
        # else, unless the title names its org and only one person here holds it ("the
        # Texas governor" before Greg Abbott's name). "Senate Minority Leader Chuck Schumer"
        # as a mention: the name right after the title counts as before.
        before = [c for c in hits if self._last_before(c, start + len(text) + 2) >= 0]
        if not before:
            return hits[0] if phrase.org and len(hits) == 1 else None
        best = max(before, key=lambda c: (self._last_before(c, start + len(text) + 2), -c))
        if (
            not phrase.org
            and last_speaker is not None
            and last_speaker >= 0
            and last_speaker != best
            and _surname(self.people[last_speaker].name) != _surname(self.people[best].name)
        ):
            # "... a tense meeting with President Vladimir Putin. The president criticized":
            # a holder named just before only in passing, while someone else is speaking,
            # is not clearly the one meant
            here = self.sentence(start)
            recent = [
                r
                for r in self.refs
                if r.cluster == best and r.start < start and here - r.sentence <= 2
            ]
            if recent and all(r.oblique for r in recent):
                return None
        return best

    def _last_before(self, cluster: int, start: int) -> int:
        before = [r.start for r in self.refs if r.cluster == cluster and r.start < start]
        return max(before) if before else -1

    def focus_org(self, generic: str) -> str | None:
        """The org an article means by 'the alliance' or 'the country': of the orgs (or, for
        'country', places) named, the one most often attached to its people's roles, then
        the most mentioned."""
        places = generic in _ORG_NOUNS_FOR_PLACES
        wanted = ("GPE", "NORP", "LOC") if places else ("ORG",)
        labels: dict[str, Counter[str]] = {}
        shown: dict[str, str] = {}
        for m in self.mentions:
            if m.label != "PERSON":
                labels.setdefault(org_key(m.text), Counter())[m.label] += 1
                shown.setdefault(org_key(m.text), m.text)
        roles: Counter[str] = Counter()
        for p in self.people:
            for r in p.roles:
                if r.org:
                    roles[org_key(r.org)] += 1
                    shown.setdefault(org_key(r.org), r.org)

        def kind_ok(key: str) -> bool:
            votes = labels.get(key)
            label = votes.most_common(1)[0][0] if votes else ("GPE" if places else "ORG")
            return label in wanted

        cands = [k for k in shown if kind_ok(k) and (roles[k] or k in labels)]
        if not cands:
            return None
        mentioned = {k: sum(v.values()) for k, v in labels.items()}
        key = min(cands, key=lambda k: (-roles[k], -mentioned.get(k, 0), k))
        return shown[key]


def _surname(name: str) -> str:
    return surname_key(split_name(name_parts(name))[1])


def _given_name_gender(name: str) -> str | None:
    """'m'/'f' when the first name is (nearly) always one or the other: "he" is then not
    Maria Vold. Unisex and unknown names say nothing."""
    first = split_name(name_parts(name))[0]
    return given_name_gender(first) if first else None


def _honorific_gender(doc: Doc, person: Person) -> str | None:
    """'Mr'/'Ms' before any of a person's mentions gives the pronoun that fits them."""
    for start, _end in person.mentions:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None or span.start == 0:
            continue
        g = HONORIFICS.get(word_key(doc[span.start - 1].text))
        if g:
            return g
    return None


def resolve_speakers(
    doc: Doc, quotes: list[Quote], mentions: list[Mention], people: list[Person]
) -> None:
    """Set ``speaker_cluster``/``speaker`` on each quote whose speaker mention we can place.

    Resolved pronoun and role mentions are recorded on the person (mentions and aliases).
    """
    ctx = _Context(doc, quotes, mentions, people)
    last_speaker: int | None = None
    for q in sorted(quotes, key=lambda q: (q.speaker_start or q.start, q.start)):
        q.speaker_cluster, q.speaker = None, None
        if not q.speaker_mention or q.speaker_start is None:
            continue
        start = q.speaker_start
        end = q.speaker_end if q.speaker_end is not None else start + len(q.speaker_mention)
        text = q.speaker_mention.strip()
        key = word_key(text)
        cluster: int | None
        indirect = False
        if key in PRONOUNS:
            cluster = ctx.by_pronoun(key, start, last_speaker)
            indirect = True
        elif key == "who":
            cluster = ctx.by_relative(start)
            indirect = True
        else:
            cluster = ctx.by_name(text, start, end)
            if cluster is None:
                # "The March for Life president praised ...", with only "president" as the
                # mention: the title belongs to the organisation written before it
                lead = _LEAD_ORG.search(ctx.text, max(0, start - 80), start)
                if (
                    text[:1].islower()
                    and lead is not None
                    and text.split()[0].lower() not in _DETERMINERS
                    and not re.match(r"\s*(?:But|And|Or|So|Yet|Then)\b", lead.group(0))
                ):
                    text = ctx.text[lead.start() : end].strip()
                phrase = parse_role_phrase(text)
                if phrase is not None:
                    cluster = ctx.by_role(phrase, start, text, last_speaker)
                    indirect = True
                if cluster is None:
                    cluster = ctx.by_description(text, start, last_speaker)
                    indirect = True
        if cluster is None:
            if _UNNAMED_SPEAKER.search(text) and key not in PRONOUNS:
                ctx.unnamed = start  # "A spokesman for Vance said": the next "he" is his
            continue
        ctx.unnamed = None
        person = people[cluster]
        q.speaker_cluster, q.speaker = cluster, person.name
        last_speaker = cluster
        # The speaker of an attribution is the subject of its clause: the next "he" most
        # likely continues it, whether it was written as a name the model missed ("Odierno"
        # tagged ORG), a title or a pronoun.
        ctx.refs.append(_Ref(cluster, start, end, ctx.sentence(start), True, False))
        if indirect:
            if (start, end) not in person.mentions:
                person.mentions.append((start, end))
            if text not in person.aliases:
                person.aliases.append(text)
