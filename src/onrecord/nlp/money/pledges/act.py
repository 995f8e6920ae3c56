"""The last gate before a pledge enters the ledger: is there a committing act?

Why a separate gate: the anchors find an amount or an aid word governed by a commitment word
and block what the lexicon knows to be a statistic, a request or a hypothetical. That list of
blocks grew one phrasing at a time, and on fresh random articles a quarter of what passed was
still wrong -- each new article brings a new way of *not* committing. This gate turns the
question round: instead of asking "is anything known to block this?", it asks for positive
evidence of an act, and abstains when the evidence is missing (unknown beats wrong).

Evidence read off the parse, each a named check (the reason returned when it fails):

- ``present``/``gerund``: the verb that carries the act is realis -- done (past, perfect,
  passive), under way (progressive), or definitely coming (``will``, a reported ``would``,
  an infinitive). A bare present ("the government grants colleges $26 billion annually",
  "foundations donate to ...") describes a habit or a statistic unless it is a headline's
  present or a performative verb ("Germany pledges ..."); a gerund heading nothing ("By
  pumping $300 million into ...") names an activity.
- ``frame``: what a bill, plan or measure "includes" in the present is committed only when
  the sentence or the paragraph before says it passed and the sentence before does not call
  it a plan, budget or proposal; an announcement of tariffs, eligibility ("qualified for
  $612 in subsidies") and leave to stay are no gifts.
- ``policy``: a promised package, plan or programme that is not aid ("promised a trillion
  dollar stimulus package") is a policy promise.
- ``giver``: an amount with nobody to give it -- no donor, no subject or agent in its clause,
  no named receiver or source, no aid word ("$131 billion extra allocated for non-military
  spending") -- is an item of spending; a bare plural of people as the subject ("investors
  have been pouring cash into funds") names nobody who gives.
- ``vague``/``abstract``/``private``/``purpose``: without an amount or a count, help of no
  named kind ("legal advice and assistance"), a contribution "to making the world better",
  the "funder of an industry", gifts to "me" or "him", and an infinitive of purpose under a
  verb that commits nothing ("pledged to work with the governor to provide assistance").

The gate never adds a pledge; it only removes. It is pure and reads only the parse.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from onrecord.nlp.money.pledges.core import _Anchor, _Context, _lemma
from onrecord.nlp.money.pledges.lexicon import AID_NOUNS, BLOCK_NOUNS, GIVER_NOUNS, PLEDGE_NOUNS

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
_DONE_PREPS = {
    "after", "before", "upon", "since", "by", "in", "through", "with", "from", "while", "without",
}  # fmt: skip


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
        if any(
            _lemma(a) in ("authorize", "approve", "sign", "order") for a in list(verb.ancestors)[:3]
        ):
            return "realis"  # "signed off on sending 4,000 troops": the signing is the act
        return "gerund"
    if "to" in aux:
        return "infinitive"
    if any(c.dep_ == "nsubj" for c in verb.children):
        return "present"  # "Foundations donate to ProPublica": a present the tagger read as VB
    return "realis"  # a bare verb: imperatives and appeals are blocked by the anchors


def abstain_reason(ctx: _Context, anchor: _Anchor, donors: list[str]) -> str | None:
    """Why this anchor shows no committing act (None: it shows one)."""
    sent = anchor.sent
    frame = _frame(anchor)
    if frame is not None:
        return frame
    verb = act_verb(anchor)
    if verb is None:
        return None  # a noun phrase on its own ("a $1bn pledge to Ukraine"): the noun is the act
    if any(
        _lemma(v) in ("include", "contain")
        and any(c.dep_ == "nsubj" and root_in(c, anchor) for c in v.children)
        for v in [verb, *list(verb.ancestors)[:3]]
    ):
        return "frame"  # "The $2.7 billion includes grants and awards": a total broken down
    bill = next(
        (
            v
            for v in [verb, *list(verb.ancestors)[:5]]
            if _lemma(v) in ("include", "contain")
            and (v.i == verb.i or _subject_lemma(v) in _INSTRUMENTS | {"it"})
        ),
        None,
    )
    if bill is None and verb.i == anchor.trigger.i and _subject_lemma(verb) in _INSTRUMENTS:
        bill = verb  # "legislation that sends $100 billion in aid"
    if bill is not None:
        # what a bill "includes" or "provides" is committed once the bill has passed
        return "frame" if mood(bill) == "present" and not _enacted(ctx, anchor) else None
    if (
        not donors
        and anchor.amount is not None
        and not _giver_in_clause(verb)
        and not _recipient_or_source(anchor, verb)
        and not _aid_named(anchor)
    ):
        # nobody gives and nothing is aid: "$131 billion extra allocated for non-military
        # spending" is a government's own spending
        return "giver"
    if verb.i != anchor.trigger.i:
        if mood(verb) == "present" and _lemma(verb) in _HABITUAL_RECEIPT and not _headline(sent):
            return "present"  # "it draws funding ... from the union": what a body habitually does
        return None  # an aid noun or a pledge noun is the act; its clause only reports it
    lemma = _lemma(verb)
    state = mood(verb)
    if (
        not donors
        and any(_crowd(c) for c in verb.children if c.dep_ == "nsubj")
        and not _aid_named(anchor)
    ):
        return "giver"  # "investors have been pouring cash into funds": nobody in particular
    if state == "present" and lemma not in _PERFORMATIVE and not _headline(sent):
        return "present"  # "the federal government grants colleges $26 billion annually"
    if state == "gerund":
        return "gerund"  # "By pumping $300 million into ...": an activity, no act
    if state == "infinitive" and verb.head.pos_ == "NOUN" and _lemma(verb.head) in _ABILITY:
        return "purpose"  # "the capacity to deliver a nuclear weapon": a means, not an act
    if (
        state == "infinitive"
        and anchor.amount is None
        and anchor.quantity is None
        and verb.head.pos_ in ("VERB", "AUX")
        and _lemma(verb.head) not in _COMMITTING_HEADS
    ):
        return "purpose"  # "pledged to work with the governor to provide assistance"
    return None


# A bare present of receiving describes a standing arrangement: "it draws funding from ...".
_HABITUAL_RECEIPT = {"draw", "receive", "get", "obtain", "take", "rely", "depend", "accept"}


def root_in(token: Token, anchor: _Anchor) -> bool:
    """The anchor's amount is ``token`` or inside its phrase."""
    root = anchor.amount_root
    return root is not None and any(t.i == root.i for t in token.subtree)


def _frame(anchor: _Anchor) -> str | None:
    """Frames in which nothing material is given, whatever the verb."""
    trigger = anchor.trigger
    root = anchor.amount_root
    if root is not None and root.i != trigger.i:
        between = [t for t in root.ancestors if t.i != trigger.i]
        upto = []
        for t in between:
            if t.i == trigger.i or any(a.i == t.i for a in trigger.ancestors):
                break
            upto.append(t)
        if any(_lemma(t) in BLOCK_NOUNS for t in upto):
            return "frame"  # "an announcement of tariffs on $50 billion worth of imports"
        noun = root
        while noun.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod") and noun.head != noun:
            noun = noun.head
        promised = any(_lemma(t) in ("promise", "vow") for t in [trigger, *root.ancestors])
        if (
            promised
            and noun.i not in (root.i, trigger.i)
            and _lemma(noun) not in AID_NOUNS
            and not any(_lemma(c) in AID_NOUNS for c in noun.subtree)
        ):
            return "policy"  # "promised a trillion dollar stimulus package": a policy
    if any(
        _lemma(t) in _CONDITIONAL
        or any(c.dep_ == "acomp" and _lemma(c) in _CONDITIONAL for c in t.children)
        for t in list(trigger.ancestors)[:4]
    ):
        return "mood"  # "any additional military assistance ... is contingent on those steps"
    if root is not None and _in_budget_terms(root):
        return "frame"  # "contribute around $450 billion in deficit reduction"
    if (
        anchor.amount is not None
        and trigger.tag_ == "NNS"
        and _OR_LESS.match(anchor.sent.doc.text, anchor.amount.end)
    ):
        return "frame"  # "micro-contributions of $200 or less": a size class of gifts
    if any(_lemma(t) in _ELIGIBLE for t in list(trigger.ancestors)[:5]):
        return "frame"  # "qualified for $612 in monthly subsidies": eligibility, not a grant
    if _lemma(trigger) == "announcement" and any(_lemma(t) in BLOCK_NOUNS for t in trigger.subtree):
        return "frame"  # "an announcement ... of more tariffs on $50 billion worth of imports"
    if anchor.amount is None and anchor.quantity is None:
        if (
            trigger.tag_ == "NNS"
            and _lemma(trigger) in PLEDGE_NOUNS
            and not any(c.dep_ in ("det", "nummod") for c in trigger.children)
            and trigger.dep_ != "dobj"  # "made donations to the party", "accepted contributions"
            and not any(
                c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by") for c in trigger.children
            )
        ):  # "new contributions from Denmark, Latvia ...": named givers' gifts
            return "class"  # "Clinton's donations led Trump's", "received donations from ..."
        objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        for t in [trigger, *objects, *(c for o in objects for c in o.conjuncts)]:
            if (
                t.pos_ == "NOUN"
                and _lemma(t) in _VAGUE
                and not any(_lemma(c) in _KINDS or c.lower_ in _DEFINITE for c in t.children)
            ):
                return "vague"  # "provides legal advice and assistance to its employees"
        for c in trigger.children:
            if (
                c.dep_ in ("dobj", "nsubjpass", "attr")
                and _lemma(c) == "leave"
                and not any(_lemma(m) in _PAID for m in c.children)
            ):
                return "frame"  # "was granted leave to stay": a permission, not paid leave
            if c.dep_ in ("dative", "dobj") and c.lower_ in _PERSONAL:
                return "private"  # "gave me two gifts": a present between people
            if (
                c.dep_ == "prep"
                and c.lower_ == "to"
                and any(g.dep_ == "pcomp" and g.tag_ == "VBG" for g in c.children)
            ):
                return "abstract"  # "a huge contribution to making the world better"
            if (
                c.dep_ == "prep"
                and c.lower_ == "of"
                and _lemma(trigger) in GIVER_NOUNS
                and any(_lemma(g) in _MARKETS for g in c.children)
            ):
                return "abstract"  # "the largest funder of the fossil fuel industry"
    return None


# Help that names no resource unless a kind is said: "assistance" alone, "legal advice".
_VAGUE = {"assistance", "help", "support", "advice", "cooperation"}
_KINDS = {
    "military", "financial", "humanitarian", "economic", "medical", "food", "emergency",
    "disaster", "federal", "foreign", "lethal", "security", "development", "technical",
}  # fmt: skip
# "the critical assistance" points back at aid the article has named
_DEFINITE = {"the", "this", "that", "these", "its", "their", "his", "her", "our"}
_CONDITIONAL = {"contingent", "conditional", "dependent", "conditioned", "hinge"}
_ABILITY = {
    "capacity", "ability", "capability", "means", "power", "authority", "option", "chance",
    "opportunity", "way", "right", "freedom", "license", "tool", "readiness", "willingness",
    "eagerness", "preparedness", "offer",
}  # fmt: skip
_OR_LESS = re.compile(r"\s*or (?:less|more|under|over|fewer)\b", re.I)
_BUDGET_TERMS = {"reduction", "saving", "savings", "cut", "cuts"}


def _in_budget_terms(root: Token) -> bool:
    """'$450 billion in deficit reduction', '$20 billion in savings': the amount measures a
    cut or a saving, not a gift."""
    for prep in root.children:
        if prep.dep_ != "prep" or prep.lower_ != "in":
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj" or _lemma(pobj) in AID_NOUNS:
                continue
            words = {_lemma(pobj)} | {_lemma(c) for c in pobj.children if c.dep_ == "compound"}
            if words & (BLOCK_NOUNS | _BUDGET_TERMS):
                return True
    return False


_ELIGIBLE = {"qualify", "qualified", "eligible", "entitle", "entitled"}
_PAID = {"paid", "sick", "family", "parental", "maternity", "paternity", "medical"}
_PERSONAL = {"me", "him", "her", "us", "them", "you"}
_MARKETS = {"industry", "sector", "market", "markets", "economy"}

# Aid named as such: what makes a giverless amount a commitment rather than spending.
_AID = AID_NOUNS - {"loan"} | {"stimulus", "scholarship"}


def _aid_named(anchor: _Anchor) -> bool:
    """An aid noun in the amount's own phrase or its clause ('$12 billion in farm aid', 'a
    $700 billion bailout', 'pledged to farmers as relief'), or a pledge word as its trigger."""
    trigger = anchor.trigger
    if _lemma(trigger) in PLEDGE_NOUNS or (trigger.pos_ == "NOUN" and _lemma(trigger) in _AID):
        return True
    root = anchor.amount_root
    scope = [*trigger.subtree] + ([*root.subtree, root.head] if root is not None else [])
    return any(t.pos_ in ("NOUN", "PROPN") and _lemma(t) in _AID for t in scope)


def _giver_in_clause(verb: Token) -> bool:
    """Someone is there to give, named or not: an active subject or a 'by' agent of the verb
    or of the verbs above it ('the Club poured ...', 'they donated ...')."""
    chain = [verb]
    while chain[-1].dep_ in ("xcomp", "conj", "advcl") and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)  # "agreed to allocate", "voted and allocated"
    return any(c.dep_ in ("nsubj", "agent") for v in chain for c in v.children)


def _crowd(subject: Token) -> bool:
    """A bare plural of common people ('investors', 'voters'); 'donors' name givers."""
    return (
        subject.tag_ == "NNS"
        and _lemma(subject) not in GIVER_NOUNS
        and not any(
            c.dep_ in ("det", "poss", "compound", "nummod", "amod") for c in subject.children
        )
    )


def _recipient_or_source(anchor: _Anchor, verb: Token) -> bool:
    """'Bridgewater State University has been allocated $8.8 million', '$13m from the fund':
    a named receiver or a named source makes the transfer a grant, not an item of spending."""
    if any(c.dep_ == "nsubjpass" and c.pos_ == "PROPN" for c in verb.children):
        return True
    root = anchor.amount_root
    scope = [*verb.children] + ([*root.children] if root is not None else [])
    return any(
        c.dep_ in ("prep", "dative")
        and c.lower_ in ("to", "from")
        and any(
            g.pos_ == "PROPN" or _lemma(g) in _SOURCES or (c.lower_ == "to" and g.pos_ == "NOUN")
            for g in c.subtree
        )
        for c in scope
    )


_SOURCES = {"fund", "foundation", "government", "state", "charity"}


def _enacted(ctx: _Context, anchor: _Anchor) -> bool:
    """The sentence or the paragraph before it says the bill passed, and nothing around
    says it is still a proposal."""
    sent = anchor.sent
    if _PENDING.search(sent.text):
        return False
    doc = sent.doc
    previous = doc[sent.start - 1].sent.text if sent.start > 0 else ""
    if _PROPOSED.search(previous):
        return False  # "Obama's plan is not all about cuts. It also includes $50 billion ..."
    before = ctx.text[max(0, sent.start_char - 1000) : sent.start_char]  # about a paragraph
    return bool(_ENACTED.search(sent.text) or _ENACTED.search(before))


_PROPOSED = re.compile(r"\b(?:budget|proposal|proposed|plan|draft|blueprint)\b", re.I)


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
