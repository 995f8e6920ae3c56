"""Dependency-parse helpers shared by direct and reported-speech extraction.

Which tokens are reporting cues, who the subject of a cue is (walking up from participles such
as "..., emphasizing that"), and how far a speaker mention reaches ("NATO Secretary General
Mark Rutte", "the secretary general of the alliance", "he").
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from onrecord.nlp.quotes.reporting import (
    DIRECT_ONLY_VERBS,
    PARTICLE_REQUIRED,
    REPORTING_VERBS,
    SPEECH_VERBS,
)

# Relative pronouns: "Rutte, who said ..." -> the speaker is the noun the clause modifies.
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_EXPLETIVE = frozenset({"it", "there"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
# Left modifiers that belong to a name or role: "NATO Secretary General", "the alliance's chief".
_MENTION_KEEP = frozenset(
    {"compound", "amod", "det", "poss", "nmod", "nummod", "flat", "case", "cc", "conj", "quantmod"}
)
_MAX_WALK = 4
_TEXTS: list[tuple[Doc, str]] = []


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached: spaCy rebuilds the string from all tokens on every access."""
    for cached, text in _TEXTS:
        if cached is doc:
            return text
    text = doc.text
    _TEXTS.insert(0, (doc, text))
    del _TEXTS[2:]  # only the documents being worked on
    return text


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def is_verbal(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.tag_ in _VERB_TAGS and tok.pos_ != "AUX")


def particles(tok: Token) -> set[str]:
    """Particles after a verb; "back" in "shot back" is often parsed as an adverb."""
    return {
        c.lower_
        for c in tok.children
        if c.i > tok.i and (c.dep_ in ("prt", "prep") or (c.dep_ == "advmod" and c.i == tok.i + 1))
    }


def is_cue_verb(tok: Token, *, direct: bool) -> bool:
    """A reporting verb that can frame a direct quote (direct=True) or report a clause."""
    if not is_verbal(tok) or tok.dep_ in ("amod", "compound"):
        return False
    if tok.tag_ == "VBN" and tok.dep_ in ("advcl", "acl") and _subject_child(tok, None) is None:
        return False  # "Asked about X, she said ...": the question is not her statement
    lem = lemma(tok)
    if direct and (lem in DIRECT_ONLY_VERBS or (lem == "put" and _puts_it(tok))):
        return True  # '"Great," she laughed', 'as the paper put it, "..."'
    needed = PARTICLE_REQUIRED.get(lem)
    if needed is not None:
        # "shot back", "pointed out"; "called" without "on"/"for" names things.
        return bool(particles(tok) & needed)
    return lem in (SPEECH_VERBS if direct else REPORTING_VERBS)


def _puts_it(tok: Token) -> bool:
    return any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)


def _subject_child(tok: Token, skip: bytearray | None) -> Token | None:
    for child in tok.children:
        if child.dep_ in _SUBJECT_DEPS and (
            child.lower_ not in _EXPLETIVE or _institution_it(child, tok)
        ):
            if skip is not None and skip[child.idx]:
                continue  # a subject inside quotation marks is the quote, not its speaker
            return child
    for child in tok.children:  # passive: "was told by the minister"
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _institution_it(subj: Token, verb: Token) -> bool:
    """'It added that ...' after 'The ministry said ...': "it" is the active subject of a
    verb of saying, so an institution speaks; "it is said", "it seems" stay expletive."""
    return (
        subj.lower_ == "it"
        and subj.dep_ == "nsubj"
        and verb.tag_ in ("VBD", "VBZ", "VBP")
        and lemma(verb) in SPEECH_VERBS
    )


def _is_reporting(tok: Token) -> bool:
    return is_verbal(tok) and lemma(tok) in REPORTING_VERBS


def speaker_head(cue: Token, skip: bytearray | None = None) -> Token | None:
    """The token naming who speaks through this cue verb, or None.

    A cue without its own subject borrows one from the verb it hangs off ("Rutte met X and
    declared", "Noting that ..., Rutte expressed"). A participle that the parser hung inside
    a reported clause ("noted that X would attend, emphasizing that ...", "stressed that A
    and noted that B") belongs to the reporting verb, not to the clause's subject. The speaker is always in the cue's paragraph:
    the parser sometimes runs a headline into the first sentence, and its subject is no one's.
    Characters flagged in ``skip`` (quoted text) never hold the speaker.
    """
    return _walk_to_subject(cue, skip)


def _same_paragraph(a: Token, b: Token) -> bool:
    lo, hi = (a, b) if a.i < b.i else (b, a)
    return "\n" not in doc_text(lo.doc)[lo.idx : hi.idx]


def _bare_subject(verb: Token) -> Token | None:
    """'NATO Secretary General Mark Rutte welcomes ...' at a paragraph start, parsed wrongly.

    When everything between the paragraph start and the verb is one name-like noun phrase,
    that phrase is the subject whatever the parser made of it.
    """
    doc = verb.doc
    k = verb.i - 1
    while k >= 0 and doc[k].pos_ in ("ADV", "AUX", "PART"):
        k -= 1
    if k < 0 or doc[k].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    lo = k
    while lo - 1 >= 0 and doc[lo - 1].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PART"):
        if "\n" in doc[lo - 1].text_with_ws:
            break
        lo -= 1
    start = doc[lo].idx
    text = doc_text(doc)
    if text[text.rfind("\n", 0, start) + 1 : start].strip():
        return None
    return doc[k]


def _paragraph_subject(tok: Token, cue: Token) -> Token | None:
    """The subject of the cue's paragraph when the parse tied the paragraph to another one.

    Tries the verb reached so far, then the first verb of the paragraph whose head lies
    outside it (the paragraph's own main verb, misattached).
    """
    found = _bare_subject(tok)
    if found is not None:
        return found
    doc = cue.doc
    pstart = doc_text(doc).rfind("\n", 0, cue.idx) + 1
    k = cue.i
    while k > 0 and doc[k - 1].idx >= pstart:
        k -= 1
    for t in doc[k : cue.i]:
        if t.pos_ != "VERB" or (_same_paragraph(t.head, t) and t.head.i != t.i):
            continue
        subj = _subject_child(t, None)
        if subj is not None and _same_paragraph(subj, t):
            return subj
        found = _bare_subject(t)
        if found is not None:
            return found
    return None


def _walk_to_subject(cue: Token, skip: bytearray | None) -> Token | None:
    tok = cue
    for _ in range(_MAX_WALK):
        subj = _subject_child(tok, skip)
        if subj is not None and _same_paragraph(subj, cue):
            if subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
                return tok.head
            return subj
        if subj is not None:
            return _paragraph_subject(tok, cue)
        if tok.dep_ == "acl":
            return tok.head  # "Rutte, speaking at ..., said" / "a spokesman adding that"
        if tok.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "ccomp", "prep", "pobj"):
            return _bare_subject(tok)
        head = tok.head
        if head.i == tok.i:
            return _bare_subject(tok)
        if (
            tok.i == cue.i
            and ((tok.dep_ == "advcl" and tok.tag_ == "VBG") or tok.dep_ == "conj")
            and head.dep_ == "ccomp"
            and _is_reporting(head.head)
        ):
            head = head.head  # "noted that X would attend, emphasizing ..." / "... and noted"
        if not _same_paragraph(head, cue):
            return _paragraph_subject(tok, cue)
        tok = head
    return None


def mention_span(doc: Doc, head: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``head``, without clauses or appositions."""
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in _MENTION_KEEP or (
                child.dep_ == "prep" and child.lower_ == "of" and _small(child)
            ):
                if child.dep_ == "conj" and not _nounish(child):
                    continue
                keep.add(child.i)
                stack.append(child)
            elif child.dep_ == "pobj" and tok.dep_ == "prep":
                keep.add(child.i)
                stack.append(child)
    # Keep only the contiguous run around the head, so a stray far-away modifier cannot
    # stretch the span over a clause.
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    # Do not start on a stray conjunction or possessive marker, nor end on one.
    while lo < hi and (doc[lo].dep_ in ("cc", "case") or doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].dep_ in ("cc", "case") or doc[hi].is_punct or doc[hi].is_space):
        hi -= 1  # "Trump's" as a speaker is "Trump"
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _small(prep: Token) -> bool:
    return len(list(prep.subtree)) <= 5


def _nounish(tok: Token) -> bool:
    return tok.pos_ in ("PROPN", "NOUN", "PRON")


class Sentences:
    """Sentence bounds by token, computed once per document.

    ``Token.sent`` rescans the whole document for sentence annotation on every call, which
    turns a long document quadratic.
    """

    def __init__(self, doc: Doc) -> None:
        self.starts = [s.start for s in doc.sents] or [0]
        self.length = len(doc)

    def bounds(self, i: int) -> tuple[int, int]:
        """(first token, end token) of the sentence holding token i."""
        n = bisect_right(self.starts, i) - 1
        end = self.starts[n + 1] if n + 1 < len(self.starts) else self.length
        return self.starts[max(n, 0)], end
