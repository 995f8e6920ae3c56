"""Reported speech from the dependency parse: cue, content clause and speaker.

A reporting verb's content is its clausal complement ("said [that] ...", "warned ..."),
for directive verbs its object plus infinitive ("urged allies to ..."), for a few verbs a plain
object ("welcomed the talks"), for "call on/for" what follows the preposition, and for noun
cues the clause they carry ("expressed conviction that ...", "his claim that ...",
"disagreed with the idea that ..."). "according to X" reports the clause it modifies.
Commitments report their infinitive ("vowed to ban ...").

Some content is *weak*: what a person believes ("thinks that ..."), asks or urges others to do,
or judges ("praised the plan"). It is an attitude or an act, not a statement, and fact-checking
annotation (ours included) counts it only when quoted words come with it, so such a report is
kept only as the frame of a quote or a mixed quote, never as a bare indirect quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from onrecord.nlp.quotes.cues import (
    Sentences,
    doc_text,
    is_cue_verb,
    lemma,
    mention_span,
    speaker_head,
)
from onrecord.nlp.quotes.reporting import (
    COMMISSIVE_VERBS,
    JUDGING_VERBS,
    NO_OBJECT_CONTENT,
    OBJECT_CONTENT_VERBS,
    PARTICLE_REQUIRED,
    PRONOUNS,
    REPORTING_NOUNS,
    SPEECH_VERBS,
    STANCE_VERBS,
    lexicon,
)

_DIRECTIVE = lexicon("urge ask call tell remind warn advise instruct order beg implore")
_CLAUSE_DEPS = frozenset({"ccomp"})
# Subjects that can hold a view: people, organisations, pronouns, and role nouns.
_HUMAN_NOUNS = lexicon(
    """
    official officials spokesman spokeswoman spokesperson minister secretary president
    leader chief diplomat source sources analyst analysts expert experts ally allies
    government ministry administration committee council commission member members
    lawmaker lawmakers senator representative governor mayor chancellor premier king queen
    ambassador envoy general commander officer negotiator candidate campaign party aide
    aides adviser advisers advisor director chairman chairwoman chair head people critic
    critics supporter supporters observer observers author authors prosecutor judge court
    police spokesperson ministers leaders officials delegation team staff group partner
    partners alliance organization organisation agency department office union voter
    voters resident residents economist economists scientist scientists researcher
    researchers
    """
)


@dataclass
class Reported:
    """A reported-speech candidate before it meets the quotation marks."""

    start: int  # content span (characters)
    end: int
    cue_start: int
    cue_end: int
    cue_token: int  # token index of the cue head, for nesting checks
    speaker: tuple[int, int] | None
    weak: bool = False  # a stance, request or judgement: a report only with quoted words


def _clip_to_paragraph(doc: Doc, cue: Token, lo: int, hi: int) -> tuple[int, int]:
    """Keep the content inside the cue's paragraph.

    The parser sometimes hangs a clause from the next or previous paragraph on a cue; a
    report never crosses a paragraph break.
    """
    text = doc_text(doc)
    pstart = text.rfind("\n", 0, cue.idx) + 1
    pend = text.find("\n", cue.idx)
    if pend < 0:
        pend = len(text)
    while lo <= hi and doc[lo].idx < pstart:
        lo += 1
    while hi >= lo and doc[hi].idx >= pend:
        hi -= 1
    return lo, hi


def _trim_tokens(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """Drop complementizers and edge punctuation from the token range [lo, hi]."""
    while lo <= hi and (doc[lo].dep_ == "mark" and doc[lo].lower_ in ("that", "whether", "if")):
        lo += 1
    while lo <= hi and (doc[lo].is_space or (doc[lo].is_punct and doc[lo].text not in '“"«‘')):
        lo += 1
    while hi >= lo and (
        doc[hi].is_space
        or (doc[hi].is_punct and doc[hi].text not in '”"»’')
        or doc[hi].dep_ == "cc"  # "... and" left before a cut-off second report
    ):
        hi -= 1
    return lo, hi


def _clause_range(doc: Doc, head: Token, cut: set[int]) -> tuple[int, int]:
    """Token range of head's subtree, leaving out the subtrees rooted at ``cut`` tokens."""
    idx = sorted(t.i for t in _subtree_without(head, cut))
    lo, hi = idx[0], idx[-1]
    # A cut subtree at the right edge shortens the range; one in the middle is kept in.
    return lo, hi


def _subtree_without(head: Token, cut: set[int]) -> list[Token]:
    out: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.i not in cut)
    return out


def _trailing_reports(tok: Token) -> set[int]:
    """Reporting clauses the parser hung off a content clause: "..., emphasizing that ...".

    Only a participle after a comma, or a verb with a subject of its own, is the speaker's
    next statement; "to fight X and to counter Y" stays inside the content.
    """
    cut: set[int] = set()
    for t in tok.subtree:
        if t.dep_ not in ("advcl", "conj") or t.i <= tok.i or not is_cue_verb(t, direct=False):
            continue
        after_comma = t.i > 0 and t.doc[t.i - 1].text in (",", ";", "—", "–")
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        # "stressed that A and noted that B": a second report joined to the first's clause.
        own_that = t.dep_ == "conj" and any(
            c.dep_ == "ccomp" and any(m.lower_ == "that" for m in c.children) for c in t.children
        )
        # "said he gets X and suggested it was Y": a speech verb with a clause of its own.
        own_clause = (
            t.dep_ == "conj"
            and lemma(t) in SPEECH_VERBS
            and any(
                c.dep_ == "ccomp" and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)
                for c in t.children
            )
        )
        if (t.tag_ == "VBG" and after_comma) or own_subject or own_that or own_clause:
            cut.add(t.i)
    return cut


def _animate(tok: Token) -> bool:
    if tok.pos_ == "PRON":
        return tok.lower_ in ("he", "she", "they", "we", "i", "you", "who")
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return tok.pos_ == "PROPN" or lemma(tok) in _HUMAN_NOUNS or tok.lower_ in _HUMAN_NOUNS


def _content_for_verb(doc: Doc, verb: Token) -> tuple[int, int, int, bool] | None:
    """(first token, last token, cue end token, weak) of what this verb reports, or None."""
    lem = lemma(verb)
    # Beliefs, questions and requests are attitudes whatever their complement.
    weak_verb = lem in STANCE_VERBS or lem in JUDGING_VERBS or lem == "ask"
    children = list(verb.children)
    clauses = [c for c in children if c.dep_ in _CLAUSE_DEPS and not _bare_participle(c)]
    if clauses:
        clause = clauses[0]
        lo, hi = _clause_range(doc, clause, _trailing_reports(clause) | {verb.i})
        return lo, hi, verb.i, weak_verb
    if lem in STANCE_VERBS:
        return None
    if lem in COMMISSIVE_VERBS:
        # "vowed to ban ...": the infinitive is what was promised.
        xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if xcomp is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children):
            return xcomp.left_edge.i, xcomp.right_edge.i, verb.i, False
    if lem in _DIRECTIVE:
        obj = next((c for c in children if c.dep_ in ("dobj", "dative")), None)
        xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if lem == "call":
            prep = next(
                (c for c in children if c.dep_ == "prep" and c.lower_ in ("on", "upon", "for")),
                None,
            )
            if prep is not None:
                right = [
                    c for c in children if c.i > prep.i and c.dep_ not in ("punct", "cc", "conj")
                ]
                right = [c for c in right if not is_cue_verb(c, direct=False)]
                hi = max([t.i for c in right for t in c.subtree] + [prep.right_edge.i])
                return prep.i + 1, hi, prep.i, True
            return None
        if xcomp is not None:
            lo = obj.left_edge.i if obj is not None else xcomp.left_edge.i
            # "told Fox this tactic could hurt": a clause with its own subject that the parser
            # hung as xcomp is a statement; "urged allies to act" is a request.
            request = not any(c.dep_ == "nsubj" for c in xcomp.children) or any(
                c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children
            )
            return lo, xcomp.right_edge.i, verb.i, request
        return None
    # "expressed conviction that ...": a reporting noun carrying the clause.
    for obj in (c for c in children if c.dep_ == "dobj"):
        if lemma(obj) in REPORTING_NOUNS:
            clause = _noun_clause(obj)
            if clause is not None:
                lo, hi = _clause_range(doc, clause, _trailing_reports(clause))
                return lo, hi, obj.i, weak_verb
    if lem in OBJECT_CONTENT_VERBS and lem not in NO_OBJECT_CONTENT:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        if obj is not None and obj.lower_ not in PRONOUNS and obj.pos_ != "PRON":
            lo, hi = _clause_range(doc, obj, _trailing_reports(obj))
            return lo, hi, verb.i, weak_verb
    # "disagreed with the idea that ...", "warned of the risk that ..."
    for prep in (c for c in children if c.dep_ == "prep" and c.i > verb.i):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            clause = _noun_clause(pobj)
            if clause is None:
                continue
            # "said in a statement that ...", "disagreed with the idea that ...": the clause.
            lo, hi = _clause_range(doc, clause, _trailing_reports(clause))
            return lo, hi, verb.i, weak_verb
    return None


def _bare_participle(clause: Token) -> bool:
    """'Asked if ..., Trump said' parsed as the verb's complement: a question, not content."""
    return clause.tag_ in ("VBN", "VBG") and not any(
        c.dep_ in ("nsubj", "nsubjpass", "mark", "aux", "auxpass") for c in clause.children
    )


def _asked_clause(first: Token) -> bool:
    """Content opening on 'Asked if ...', however the parser hung it: the question put to the
    speaker, not what the speaker said."""
    return (
        first.tag_ == "VBN"
        and first.dep_ in ("advcl", "ccomp", "ROOT")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in first.children)
    )


def _noun_clause(noun: Token) -> Token | None:
    """The "that"-clause a noun carries: "the idea that ...", "his claim that ..."."""
    for c in noun.children:
        clausal = c.dep_ == "relcl" or (
            c.dep_ in ("acl", "ccomp", "appos") and c.pos_ in ("VERB", "AUX")
        )
        if clausal and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            return c
    return None


def find_reported(doc: Doc, skip: bytearray, sents: Sentences) -> list[Reported]:
    """Reported-speech candidates whose cue is not inside quotation marks or a headline.

    ``skip`` flags characters (quoted text, headlines) where a cue does not count.
    """
    out: list[Reported] = []
    for tok in doc:
        if skip[tok.idx]:
            continue
        found = _from_token(doc, tok, skip, sents)
        if found is not None:
            out.append(found)
    return out


def _from_token(doc: Doc, tok: Token, skip: bytearray, sents: Sentences) -> Reported | None:
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return _according_to(doc, tok, sents)
    if lemma(tok) in REPORTING_NOUNS and tok.pos_ == "NOUN" and tok.dep_ != "dobj":
        return _noun_cue(doc, tok)
    if not is_cue_verb(tok, direct=False):
        return None
    content = _content_for_verb(doc, tok)
    if content is None:
        return None
    lo, hi, cue_last, weak = content
    lo, hi = _clip_to_paragraph(doc, tok, lo, hi)
    lo, hi = _trim_tokens(doc, lo, hi)
    if hi < lo or not _has_words(doc[lo : hi + 1]) or _asked_clause(doc[lo]):
        return None
    head = speaker_head(tok, skip)
    if head is None or lo <= head.i <= hi:
        return None
    if not _animate(head) and not _clausal(doc, tok):
        return None  # "the meeting underscored X": an event does not speak
    cue_lo, cue_hi = tok.i, max(tok.i, cue_last)
    needed = PARTICLE_REQUIRED.get(lemma(tok), frozenset())
    if tok.i + 1 < len(doc) and doc[tok.i + 1].head.i == tok.i:
        nxt = doc[tok.i + 1]
        if nxt.dep_ == "prt" or nxt.lower_ in needed:  # "pointed out", "shot back"
            cue_hi = max(cue_hi, tok.i + 1)
    if cue_hi >= lo and cue_lo < lo:
        cue_hi = tok.i
    return Reported(
        start=doc[lo].idx,
        end=doc[hi].idx + len(doc[hi]),
        cue_start=doc[cue_lo].idx,
        cue_end=doc[cue_hi].idx + len(doc[cue_hi]),
        cue_token=tok.i,
        speaker=mention_span(doc, head),
        weak=weak,
    )


def _clausal(doc: Doc, verb: Token) -> bool:
    # Inanimate subjects ("polls show that", "the report says") still report a clause.
    return any(c.dep_ in _CLAUSE_DEPS for c in verb.children)


def _has_words(span: Span) -> bool:
    return any(t.is_alpha or t.like_num for t in span)


def _according_to(doc: Doc, tok: Token, sents: Sentences) -> Reported | None:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    head = tok.head if tok.head.i != tok.i else None
    phrase = {t.i for t in tok.subtree}
    if head is None or head.i in phrase:
        lo, hi = sents.bounds(tok.i)
        hi -= 1
    else:
        idx = sorted(t.i for t in head.subtree if t.i not in phrase)
        lo, hi = idx[0], idx[-1]
    # The content is the clause on one side of the phrase.
    ph_lo, ph_hi = min(phrase), max(phrase)
    if lo < ph_lo <= hi:
        if ph_hi >= hi - 1:
            hi = ph_lo - 1
        else:
            left = ph_lo - lo
            right = hi - ph_hi
            lo, hi = (lo, ph_lo - 1) if left >= right else (ph_hi + 1, hi)
    elif ph_hi < lo:
        pass
    lo, hi = _clip_to_paragraph(doc, tok, lo, hi)
    lo, hi = _trim_tokens(doc, lo, hi)
    if hi < lo or not _has_words(doc[lo : hi + 1]):
        return None
    return Reported(
        start=doc[lo].idx,
        end=doc[hi].idx + len(doc[hi]),
        cue_start=tok.idx,
        cue_end=to.idx + len(to),
        cue_token=tok.i,
        speaker=mention_span(doc, pobj),
    )


def _noun_cue(doc: Doc, noun: Token) -> Reported | None:
    """ "his warning that ...", "the ministry's statement that ..."."""
    clause = _noun_clause(noun)
    if clause is None:
        return None
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is None:
        return None  # "the idea that ..." with no holder is not attributed to anyone
    lo, hi = _clause_range(doc, clause, _trailing_reports(clause))
    lo, hi = _clip_to_paragraph(doc, noun, lo, hi)
    lo, hi = _trim_tokens(doc, lo, hi)
    if hi < lo or not _has_words(doc[lo : hi + 1]):
        return None
    return Reported(
        start=doc[lo].idx,
        end=doc[hi].idx + len(doc[hi]),
        cue_start=noun.idx,
        cue_end=noun.idx + len(noun),
        cue_token=noun.i,
        speaker=mention_span(doc, poss),
    )
