"""The last gate before a pledge enters the ledger: is there a committing act?

Why a separate gate: the anchors find an amount or an aid word governed by a commitment word
and block what the lexicon knows to be a statistic, a request or a hypothetical. That list of
blocks grew one phrasing at a time, and on fresh random articles a quarter of what passed was
still wrong -- each new article brings a new way of *not* committing. This gate turns the
question round: instead of asking "is anything known to block this?", it asks for positive
evidence of an act, and abstains when the evidence is missing (unknown beats wrong).

Evidence read off the parse, each a named check (the reason returned when it fails):

- ``present``/``gerund``/``mood``: the verb that carries the act is realis -- done (past,
  perfect, passive), under way (progressive), or definitely coming (``will``, a reported
  ``would``, an infinitive). A bare present ("the government grants colleges $26 billion
  annually") describes a habit or a statistic unless it is a headline's present or a
  performative verb ("Germany pledges ..."); a gerund heading nothing ("By pumping $300
  million into ...") names an activity.
- ``frame``: what a bill or measure "includes" or "provides" in the present is committed
  only when the sentence or the one before says it passed ("the measure includes $7.6
  billion ..." of a bill still before the Senate is not).
- ``purpose``: an infinitive without an amount under a verb that is not itself committing is
  a purpose of something else ("pledged to work with the governor to provide assistance").

The gate never adds a pledge; it only removes. It is pure and reads only the parse.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from onrecord.nlp.money.pledges.core import _Anchor, _Context, _lemma

# Verbs whose bare present is the act itself in a headline or a lead: "Germany pledges
# EUR1bn", "Japan announces $5bn in aid". Plain giving verbs ("gives", "provides", "grants")
# in the bare present describe what someone habitually does.
_PERFORMATIVE = {
    "pledge", "commit", "promise", "vow", "announce", "unveil", "earmark", "allocate", "approve",
    "agree", "sign", "pass", "authorize", "authorise",
}  # fmt: skip

# Heads under which an infinitive without an amount is a commitment already made or ordered:
# "agreed to provide", "pledged to send", "voted to give", "directed the agency to supply".
# Under any other verb it is a purpose ("pledged to work with the governor to provide
# appropriate assistance": the act is the working together).
_COMMITTING_HEADS = _PERFORMATIVE | {
    "vote", "decide", "move", "set", "slate", "schedule", "offer", "begin", "start", "go",
    "direct", "order", "instruct", "task", "use", "step", "rush", "act", "have", "be", "meet",
    "launch", "create", "establish", "form",
}  # fmt: skip

# What a law or a bill "includes" is committed only once the law is passed.
_INSTRUMENTS = {
    "bill",
    "legislation",
    "measure",
    "package",
    "law",
    "act",
    "deal",
    "plan",
    "resolution",
    "budget",
    "proposal",
    "version",
    "agreement",
}

_ENACTED = re.compile(
    r"\b(?:signed|passed|approved|enacted|cleared|became law|into law|adopted|greenlighted|"
    r"green-lit|greenlit|the (?:new )?law)\b",
    re.I,
)
_PENDING = re.compile(
    r"\b(?:will (?:vote|consider|take up)|would|proposed|proposal|draft|pending|"
    r"set to vote|before (?:the|a) vote)\b",
    re.I,
)


def act_verb(anchor: _Anchor) -> Token | None:
    """The verb whose tense and mood carry the commitment: the trigger when it is a verb,
    else the first verb above it."""
    trigger = anchor.trigger
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    for ancestor in trigger.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return None


def _aux(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


_REALIS_AUX = {
    "has", "have", "had", "was", "were", "been", "is", "are", "am", "being", "'s", "'ve", "did",
    "will", "'ll", "shall", "would", "'d",  # the unreported "would" is blocked by the anchors
}  # fmt: skip

# A gerund under these prepositions reports an act done: "after passing $3 trillion".
_DONE_PREPS = {"after", "since", "by", "in", "through", "with", "from", "while", "without"}


def mood(verb: Token, depth: int = 0) -> str:
    """'realis', 'present', 'gerund' or 'infinitive' for the verb of an act."""
    aux = _aux(verb)
    if verb.tag_ in ("VBD", "VBN") or aux & _REALIS_AUX:
        return "realis"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    head = verb.head
    if verb.tag_ == "VBG":
        if verb.dep_ in ("advcl", "acl", "conj", "xcomp", "relcl", "ccomp") and head.i != verb.i:
            return "realis"  # "..., pledging to donate $10 million": the clause's own act
        if verb.dep_ == "pcomp" and head.lower_ in _DONE_PREPS and head.dep_ != "ROOT":
            return "realis"  # not a fragment with no clause: "By pumping $300 million into ..."
        return "gerund"
    if "to" in aux:
        return "infinitive"
    return "realis"  # a bare verb: imperatives and appeals are blocked by the anchors


def abstain_reason(ctx: _Context, anchor: _Anchor, donors: list[str]) -> str | None:
    """Why this anchor shows no committing act (None: it shows one)."""
    verb = act_verb(anchor)
    sent = anchor.sent
    if verb is None:
        return None  # a noun phrase on its own ("a $1bn pledge to Ukraine"): the noun is the act
    lemma = _lemma(verb)
    state = mood(verb)
    if verb.i != anchor.trigger.i:
        return None  # an aid noun or a pledge noun is the act; its clause only reports it
    subject = _subject_lemma(verb)
    if lemma in ("include", "contain") or (state == "present" and subject in _INSTRUMENTS):
        # what a bill "includes" or "provides" is committed once the bill has passed
        before = ctx.text[max(0, sent.start_char - 1000) : sent.start_char]  # a paragraph
        if state == "present" and (
            _PENDING.search(sent.text)
            or not (_ENACTED.search(sent.text) or _ENACTED.search(before))
        ):
            return "frame"
        return None
    if state == "present" and lemma not in _PERFORMATIVE and not _headline(sent):
        return "present"  # "the federal government grants colleges $26 billion annually"
    if state == "gerund":
        return "gerund"  # "By pumping $300 million into ...": an activity, no act
    if (
        state == "infinitive"
        and anchor.amount is None
        and anchor.quantity is None
        and verb.head.pos_ in ("VERB", "AUX")
        and _lemma(verb.head) not in _COMMITTING_HEADS
    ):
        return "purpose"  # "pledged to work with the governor to provide assistance"
    return None


def _subject_lemma(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("that", "which", "who"):
            return _lemma(child)
    if verb.dep_ == "relcl":
        return _lemma(verb.head)  # "legislation that sends $100 billion in aid"
    return None


def _headline(sent: object) -> bool:
    """A line without closing punctuation is a headline, where the present tells news."""
    text = str(sent).strip()
    return bool(text) and text[-1] not in ".!?\"'”’)"
