"""Pledges: who committed, announced, agreed or delivered what support, to whom, how much.

A pledge is anchored either on a money amount that a commitment word governs ("Germany pledged
€1bn", "a pledge of 40 billion euros", "$8 billion of assistance from the United States") or on
a commitment word with a concrete object and an identifiable giver ("announcements of more
military aid by the US, Germany ...", "Allies who are committing more resources ... including
Canada, Germany ..."). Everything else is read off the dependency parse around the anchor:
donors (subject, "by"/"from" agents, possessives, "including" lists, pronouns resolved to the
previous pledge or person), recipient, program, purpose, period and status.

What is deliberately *not* a pledge (tests/data/pledges_gold.md has the full guidelines):
statistics ("99% of all military aid"), intentions and demands ("must continue to provide",
"wants $5bn", "asked Congress for $14bn"), hypotheticals, negations, refunds and withholdings,
and vague continuations of support without any concrete content.

Pure function over a parsed Doc plus the outputs of the other nlp components; no I/O.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from onrecord.models import Amount, Mention, Pledge, Quote, Timex
from onrecord.nlp.datelines import find_datelines

# ---- lexicon ----


def _words(text: str) -> set[str]:
    return set(text.split())


# Verbs that make a commitment on their own, with an amount or a concrete object.
STRONG_VERBS = _words(
    "pledge commit promise vow donate contribute allocate earmark award appropriate disburse pump "
    "pour funnel announce unveil grant"
)
# Verbs that are commitments only next to a support word ("provide $15bn in hurricane aid",
# "gave $1 million to X" is fine too: giving money to someone is support) -- see _money_trigger.
WEAK_VERBS = _words(
    "give provide send deliver dispatch ship supply offer fund finance approve pass sign "
    "authorize authorise agree spend transfer include contain receive get obtain go make "
    "enact complete direct drop plow steer flow"
)
RECEIVE_VERBS = {"receive", "get", "obtain", "go"}
# Money given to a named party needs no aid word: "gave $500,000 to the committee".
GIVING_VERBS = {"give", "send", "transfer"}

# Nouns that name the commitment act itself.
PLEDGE_NOUNS = _words(
    "pledge commitment promise contribution donation gift announcement grant award"
)
# Nouns that name what is given.
SUPPORT_NOUNS = _words(
    "aid assistance relief funding fund funds money grant loan donation contribution gift package "
    "pledge resource weapon arms ammunition equipment supply ration material subsidy bailout "
    "stimulus scholarship leave support help sanitizer wi-fi broadband recovery fi"
)
# Materiel and relief goods: "delivered two air defence systems", "sent food and tents" --
# concrete objects of a giving verb, but too common to make a money amount a pledge.
GOODS_NOUNS = _words(
    "system tank jet missile drone howitzer vehicle munition shell rifle helicopter aircraft food "
    "medicine vaccine dose blanket tent generator shelter ship carrier vessel plane"
)
PROGRAM_NOUNS = {"program", "programme", "fund", "facility", "initiative", "mechanism", "scheme"}
# Nouns that name aid plainly enough that "$12 billion in farm aid" is a commitment mention
# whatever verb the sentence hangs it on.
AID_NOUNS = _words("aid assistance relief grant donation contribution gift loan subsidy bailout")
# "X has long been a major funder of Y": the subject of the copula is the giver.
GIVER_NOUNS = {"funder", "donor", "backer", "benefactor", "financier"}
# Sentences about undoing a gift report no commitment: "the university returned the donation".
_UNDOING = re.compile(
    r"\b(?:return(?:ed|s|ing)?|refund(?:ed|s|ing)?|repa(?:y|id|yment)|reimburs\w*|chargeback"
    r"|negation|disgorge\w*|give back|gave back|giving back|rescind\w*|withh(?:e|o)ld\w*)\b",
    re.I,
)
# Bylines: "Fox News' Chad Pergram contributed to this report."
_CREDIT = re.compile(
    r"contributed (?:reporting )?to (?:this|the) (?:report|story|article)|with assistance (?:by|from)",
    re.I,
)
# Light verbs whose object noun carries the commitment: "made a donation", "gave a gift".
LIGHT_VERBS = {"make", "give", "announce", "unveil", "receive"}
# "spent $20 million to promote ..." -- spending is support when its purpose is to back someone.
BACKING_VERBS = {"support", "help", "promote", "back", "elect", "defeat", "boost", "aid", "assist"}
# "Support" and "help" alone are too vague to stand as the object of a pledge.
VAGUE_OBJECTS = {"support", "help", "commitment", "effort", "resolve", "engagement"}
# Verbs that make everything under them an intention, a request or a refusal.
BLOCK_VERBS = _words(
    "want plan hope seek aim propose ask request urge call demand need consider intend try "
    "prepare push threaten refuse decline reject return refund withhold hold freeze cut delay "
    "rescind cancel block suspend stop end expect fight press insist estimate worry disgorge "
    "forgo lobby wish oppose wait attack criticize debate prioritize prioritise encourage appeal "
    "invite challenge solicit raise fail bar ban prohibit forbid lose"
)
BLOCK_NOUNS = _words(
    "request demand proposal plan call bid goal target appeal refund fight push cost price "
    "deficit debt revenue tax tariff fine settlement salary budget valuation share percent vote "
    "need pitch offer damages damage contract operation right cut cuts"
)
CONTINUE_VERBS = _words(
    "continue maintain remain keep sustain strengthen increase boost enhance step ramp up"
)
MODALS_BLOCK = {"should", "must", "could", "might", "may", "ought", "need", "can"}
# "contributed $2 billion to tourism", "contributed to this atmosphere": no gift at all.
ABSTRACT_RECIPIENTS = _words(
    "economy tourism gdp growth deficit debt atmosphere problem crisis success argument arguments "
    "debate climate culture effort understanding discussion conversation decline rise"
)
# Verbs of approval commit money, not goods: "the FDA will approve a vaccine" is no pledge.
APPROVAL_VERBS = _words("approve pass sign authorize authorise agree enact")
REPORTING = {"say", "announce", "tell", "report", "confirm", "state", "add", "note", "write"}

STATUS_BY_LEMMA = {
    "pledge": "pledged",
    "commit": "pledged",
    "promise": "pledged",
    "vow": "pledged",
    "earmark": "pledged",
    "allocate": "pledged",
    "offer": "pledged",
    "commitment": "pledged",
    "announce": "announced",
    "unveil": "announced",
    "announcement": "announced",
    "agree": "agreed",
    "approve": "agreed",
    "pass": "agreed",
    "sign": "agreed",
    "authorize": "agreed",
    "authorise": "agreed",
    "appropriate": "agreed",
    "enact": "agreed",
    "complete": "agreed",
    "include": "agreed",
    "contain": "agreed",
}
DELIVERY = _words(
    "give donate contribute provide send deliver dispatch ship supply spend transfer disburse "
    "award grant pump pour funnel fund finance receive get obtain go make cover donation "
    "contribution gift"
)

DONOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# Common nouns that can stand for a giver ("Allies", "rich nations", "the administration").
GROUP_NOUNS = _words(
    "ally allies nation country member government administration congress senate house donor "
    "company official partner city lawmaker republican democrat world foundation group committee "
    "state agency union network league megadonor philanthropist alliance club firm brewery "
    "distillery university board trustee fund player employer business billionaire executive"
)
# What a person or a group can own and give through: "his administration", "whose members".
INSTITUTIONS = _words(
    "administration government campaign company foundation team office member members charity"
)
# Subjects that are instruments, not givers: "The legislation included $15bn".
# People who act for a named body: "Leaders of the Alliance agreed to provide ..." -> the Alliance.
REPRESENTATIVES = _words(
    "leader head chief minister official representative delegate delegation envoy"
)
INSTRUMENTS = {"legislation", "bill", "measure", "package", "deal", "law", "act", "plan", "it"}

_CANON = {
    "us": "United States",
    "u.s.": "United States",
    "u.s": "United States",
    "usa": "United States",
    "u.s.a.": "United States",
    "america": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "washington": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "eu": "European Union",
    "e.u.": "European Union",
    "european union": "European Union",
    "un": "United Nations",
    "u.n.": "United Nations",
    "united nations": "United Nations",
    "uae": "United Arab Emirates",
    "netherlands": "Netherlands",
    "allies": "Allies",
    "ally": "Allies",
    "nato allies": "Allies",
    "nato members": "Allies",
    "nato member states": "Allies",
    "nato member countries": "NATO member countries",
}

_PURPOSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bair[- ]defen[cs]e\b", re.I), "air defence"),
    (re.compile(r"\bsecurity assistance\b", re.I), "security assistance"),
    (re.compile(r"\bhumanitarian\b", re.I), "humanitarian aid"),
    (re.compile(r"\bdefen[cs]e spending\b", re.I), "defence spending"),
    (
        re.compile(r"\b(?:military|lethal)\b|\bweapons?\b|\bammunition\b|\barms\b", re.I),
        "military aid",
    ),
    (re.compile(r"\btraining\b", re.I), "training"),
    (re.compile(r"\b(?:hurricane|storm|typhoon|disaster|wildfire|flood)", re.I), "disaster relief"),
    (re.compile(r"\breconstruction\b|\brebuild", re.I), "reconstruction"),
    (re.compile(r"\b(?:coronavirus|covid|pandemic)", re.I), "pandemic relief"),
    (re.compile(r"\bclimate\b|\badaptation\b|\bmitigation\b", re.I), "climate finance"),
    (re.compile(r"\b(?:campaign|super PAC|PAC|election|candidate|inaugurat)", re.I), "political"),
    (re.compile(r"\bfarm", re.I), "farm aid"),
    (re.compile(r"\bsmall[- ]business", re.I), "business relief"),
    (re.compile(r"\b(?:scholarship|college|universit|school|students?)\b", re.I), "education"),
    (re.compile(r"\b(?:health|hospital|medical|testing)\b", re.I), "health"),
    (re.compile(r"\bcharit|\bphilanthrop", re.I), "philanthropy"),
]

_PROGRAM_NAME = re.compile(
    r"\b((?:[A-Z][\w'’&.-]*\s+){0,6}(?:Program|Programme|Fund|Facility|Initiative|List|Mechanism"
    r"|Scheme|Act))\b(?:\s*\(([A-Z][A-Za-z]{1,7})\))?"
)
_PROGRAM_ACRONYM = re.compile(
    r"\b(?:through|under|via|into|from|to|for)\s+(?:the\s+)?([A-Z]{3,8})\b"
)
_NOT_PROGRAMS = _words(
    "NATO USA FEMA FBI CIA HHS CDC DHS DNC RNC UNICEF IFCN OSF SBA LAPD CNN FEC NFL NBA"
)
_PROGRAM_REF = re.compile(r"\bthe (?:program|programme|fund|initiative|facility|mechanism)\b", re.I)

_DAYLIKE = re.compile(r"^\d{4}-\d\d(?:-\d\d)?(?:T|$)")
_YEARLIKE = re.compile(r"^(?:\d{4}|\d{4}-(?:H[12]|Q[1-4]|SU|WI|FA|SP))$")
_PERIOD_PREPS = ("for", "within", "over", "through", "by", "until", "in", "during", "per")
_RATE = re.compile(r"^\s*(?:a|per|each)\s+(year|month)\b|^\s*annually\b", re.I)


# ---- the anchor a pledge hangs on ----


@dataclass
class _Anchor:
    sent: Span
    trigger: Token  # the verb or noun that makes this a commitment
    amount: Amount | None = None
    amount_root: Token | None = None
    tokens: set[int] = field(default_factory=set)  # token indices that belong to this anchor
    mention: bool = False  # a bare aid mention: the clause's subject is not its giver


def extract_pledges(
    doc: Doc,
    amounts: list[Amount],
    timexes: list[Timex],
    quotes: list[Quote],
    mentions: list[Mention],
    dct: str | None,
) -> list[Pledge]:
    """Pledges in ``doc``, in reading order; see the module docstring for what counts."""
    ctx = _Context(doc, amounts, timexes, quotes, mentions, dct)
    pledges: list[Pledge] = []
    for sent in doc.sents:
        text = sent.text
        if (
            text.rstrip(" \n\t\"'”’»)").endswith("?")
            or _UNDOING.search(text)
            or _CREDIT.search(text)
        ):
            # "Why give $1.5 billion in aid?" asks; "returned the $26.5 million donation" undoes
            continue
        for anchor in _anchors(ctx, sent):
            pledge = _build(ctx, anchor)
            if pledge is not None:
                pledges.append(pledge)
                ctx.previous.append((sent.start, pledge))
        ctx.note_program(sent)
    return pledges


class _Context:
    """Per-document lookups shared by all anchors."""

    def __init__(
        self,
        doc: Doc,
        amounts: list[Amount],
        timexes: list[Timex],
        quotes: list[Quote],
        mentions: list[Mention],
        dct: str | None,
    ) -> None:
        self.doc = doc
        # spaCy rebuilds Doc.text from every token on each access: read it once per document
        self.text = doc.text
        self.timexes = timexes
        self.quotes = quotes
        self.dct = dct
        self.money: list[tuple[Amount, Span]] = []
        self.percent_tokens: set[int] = set()
        self.money_tokens: dict[int, int] = {}  # token index -> index into self.money
        for amount in _drop_conversions(sorted(amounts, key=lambda a: a.start), self.text):
            span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            if amount.unit == "percent":
                self.percent_tokens.update(range(span.start, span.end))
                continue
            self.money.append((amount, span))
            for i in range(span.start, span.end):
                self.money_tokens[i] = len(self.money) - 1
        if mentions:
            ents = [(m.start, m.end, m.label, m.text, m.cluster) for m in mentions]
        else:
            ents = [(e.start_char, e.end_char, e.label_, e.text, None) for e in doc.ents]
        self.entities = sorted(ents)
        self.ent_by_token: dict[int, tuple[int, int, str, str, int | None]] = {}
        for ent in self.entities:
            span = doc.char_span(ent[0], ent[1], alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.ent_by_token.setdefault(i, ent)
        self.previous: list[tuple[int, Pledge]] = []  # (sentence start token, pledge)
        # "LINDHOLM, Oct. 3, 2024 — Leaders ...": the parser may make the city the subject
        self.datelines = find_datelines(self.text)
        self.dateline_chars = [(d.city_start, d.end) for d in self.datelines]
        self.last_program: tuple[int, str] | None = None  # (sentence start token, name)

    def full_name(self, ent: tuple[int, int, str, str, int | None]) -> str:
        """A person's fullest name in the document ('Quillin' -> 'Patty Quillin')."""
        if ent[2] != "PERSON" or ent[4] is None:
            return ent[3]
        same = [e[3] for e in self.entities if e[4] == ent[4] and e[2] == "PERSON"]
        return max(same, key=len) if same else ent[3]

    def note_program(self, sent: Span) -> None:
        name = _program_in(sent.text)
        if name:
            self.last_program = (sent.start, name)


def _drop_conversions(amounts: Iterable[Amount], text: str) -> list[Amount]:
    """'3 million euros ($4 million)': the bracketed conversion is not a second amount."""
    kept: list[Amount] = []
    for amount in amounts:
        if kept:
            gap = text[kept[-1].end : amount.start]
            if re.fullmatch(r"\s*\(\s*(?:about|around|roughly|some|or)?\s*", gap):
                continue
        kept.append(amount)
    return kept


# ---- anchors ----


def _anchors(ctx: _Context, sent: Span) -> list[_Anchor]:
    found: list[_Anchor] = []
    used_triggers: set[int] = set()
    sent_money = [(a, s) for a, s in ctx.money if sent.start <= s.start < sent.end]
    skip = _ranges(ctx, sent_money)
    for amount, span in sent_money:
        if amount.start in skip:
            continue
        root = span.root
        trigger = _money_trigger(root)
        if trigger is None or _blocked(trigger, root) or _blocked_below(root):
            continue
        anchor = _Anchor(sent, trigger, amount, root, set(range(span.start, span.end)))
        anchor.mention = not _is_verb(trigger) and _lemma(trigger) not in PLEDGE_NOUNS
        if amount.start in skip.values():
            anchor.amount = Amount(
                amount.start, amount.end, amount.text, 0.0, amount.currency, None, "range"
            )
        found.append(anchor)
        # The words between the amount and its trigger belong to this pledge -- unless the
        # parser co-ordinated the amount with a list of givers ("contributions from Denmark,
        # Latvia, ..., and nearly $8 billion from the United States"): then the trigger
        # still hosts the list's own pledge.
        for token in _path_up(root):
            if token.dep_ == "conj" and token.i != trigger.i:
                break
            used_triggers.add(token.i)
        else:
            used_triggers.add(trigger.i)
    for token in sent:
        if token.i in used_triggers or token.i in ctx.money_tokens:
            continue
        if found and _lemma(token) in GIVER_NOUNS:
            continue  # "the top donors in Yemen, pledging $500m each": one pledge, not two
        anchor = _object_anchor(ctx, sent, token)
        if anchor is not None:
            # An announcement "of aid by X" and the aid noun are one anchor, not two.
            if any(t.i in used_triggers for t in _path_up(anchor.trigger)[1:]):
                continue
            found.append(anchor)
            used_triggers.add(anchor.trigger.i)
            used_triggers.update(c.i for c in anchor.trigger.subtree)
    found.sort(key=lambda a: a.amount_root.i if a.amount_root is not None else a.trigger.i)
    return found


def _ranges(ctx: _Context, sent_money: list[tuple[Amount, Span]]) -> dict[int, int]:
    """'from $80,000 to $400,000': the second amount closes a range opened by the first."""
    skip: dict[int, int] = {}
    text = ctx.text
    for (first, _), (second, _) in itertools.pairwise(sent_money):
        gap = text[first.end : second.start]
        before = text[max(0, first.start - 9) : first.start].lower()
        closes = re.fullmatch(r"\s*(?:-|–)\s*", gap) or (
            re.fullmatch(r"\s*to\s*", gap)
            or (re.fullmatch(r"\s*and\s*", gap) and re.search(r"between\s+$", before))
        )
        if closes and first.currency == second.currency:
            skip[second.start] = first.start
    return skip


def _path_up(token: Token, limit: int = 8) -> list[Token]:
    """The token and its heads up to (and including) the first verb, at most ``limit`` steps."""
    path = [token]
    current = token
    for _ in range(limit):
        if _is_verb(current) and current.i != token.i:
            break
        if current.head.i == current.i:
            break
        current = current.head
        path.append(current)
    return path


def _is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT"


def _money_trigger(root: Token) -> Token | None:
    """The word that makes this amount a commitment, or None when nothing does."""
    path = _path_up(root)
    nouns = [t for t in path if not _is_verb(t)]
    noun_support = any(_lemma(t) in SUPPORT_NOUNS for t in nouns) or _support_near(root)
    # A verb hanging off the amount itself: "$12 billion pledged to farmers", "aid he promised".
    for holder in [root] + [t for t in nouns if _lemma(t) in SUPPORT_NOUNS]:
        for child in holder.children:
            lemma = _lemma(child)
            if child.dep_ in ("acl", "relcl") and (
                lemma in STRONG_VERBS or (lemma in WEAK_VERBS and noun_support)
            ):
                return child
    if any(_lemma(g) in BLOCK_NOUNS for g in _complements(root, ("in",))):
        return None  # "$800 billion in new revenue", "$5 billion in tax cuts"
    for token in nouns:
        if _lemma(token) in BLOCK_NOUNS or any(
            c.dep_ == "compound" and _lemma(c) in BLOCK_NOUNS for c in token.children
        ):
            return None  # "tax credits of up to $150", "a $250 billion request"
        if _lemma(token) in PLEDGE_NOUNS:
            if any(_lemma(g) in BLOCK_NOUNS for g in _of_objects(token)):
                return None  # "the promise of a vote on $9 billion" promises a vote
            return token
    verb = path[-1] if _is_verb(path[-1]) and path[-1].i != root.i else None
    aid = _aid_noun(root, nouns)
    if verb is None:
        return aid
    lemma = _lemma(verb)
    if _abstract_recipient(verb) or _abstract_recipient(root):
        return None
    if lemma in STRONG_VERBS:
        return verb
    if lemma in WEAK_VERBS:
        if lemma in ("include", "contain") and _pending(verb):
            return None
        if lemma in ("drop", "direct", "plow", "steer") and root.dep_ != "dobj":
            return None  # "the $94 billion ... drops to $27 billion" is no donation
        if noun_support or _clause_support(verb):
            return verb
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i != root.i]
        if (
            lemma in GIVING_VERBS | {"donate", "contribute"}
            and _has_recipient_prep(verb)
            and not any(_lemma(o) not in SUPPORT_NOUNS | AID_NOUNS for o in objects)
        ):
            return verb  # not "giving final approval to the $1.5 trillion measure"
        if lemma == "give" and root.dep_ == "dobj":
            return verb  # "who gave $500,000 last month": giving money is a gift
        if lemma in ("go", "flow") and root.dep_ == "nsubj" and _has_recipient_prep(verb, "into"):
            return verb  # "$61 million went to groups ..."
        if lemma in RECEIVE_VERBS and any(
            c.dep_ == "prep" and c.lower_ == "from" for c in [*verb.children, *root.children]
        ):
            return verb  # "The clinic received $400,000 from the Harbor Foundation"
        if lemma == "spend" and any(
            c.dep_ in ("xcomp", "advcl") and _lemma(c) in BACKING_VERBS for c in verb.children
        ):
            return verb
        governor = _governing_trigger(verb)
        if governor is not None and lemma in GIVING_VERBS | {"provide", "deliver", "supply"}:
            return governor  # "promised to give $1m", "announced it would provide $5m"
        return aid
    governor = _governing_trigger(verb)
    if governor is not None and noun_support:
        return governor  # "announced it would introduce $1.5 trillion in repo operations": no
    # A plain aid mention ("follows $12 billion in similar farm aid") names a commitment.
    return aid


def _abstract_recipient(word: Token) -> bool:
    """'contributed $2 billion a year to tourism', 'contributions to the oral arguments'."""
    return any(
        child.dep_ in ("prep", "dative")
        and child.lower_ == "to"
        and any(_lemma(g) in ABSTRACT_RECIPIENTS for g in child.children if g.dep_ == "pobj")
        for child in word.children
    )


def _complements(token: Token, preps: tuple[str, ...]) -> list[Token]:
    return [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _of_objects(token: Token) -> list[Token]:
    return _complements(token, ("of",))


def _aid_noun(root: Token, nouns: list[Token]) -> Token | None:
    """The aid word an amount is 'of', 'in' or 'for': '$12 billion in farm aid'."""
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "worth"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and _lemma(pobj) in AID_NOUNS:
                    return pobj
        if _lemma(child) == "worth":
            for g in child.subtree:
                if _lemma(g) in AID_NOUNS:
                    return g
    for token in nouns[1:3]:
        if _lemma(token) in AID_NOUNS:
            return token
    return None


def _pending(verb: Token) -> bool:
    """'The broader package set for the House vote includes ...' -- not passed yet."""
    subject = _subject(verb)
    if subject is None:
        return False
    return any(
        _lemma(t)
        in ("vote", "propose", "proposal", "draft", "plan", "set", "pending", "request", "consider")
        for t in subject.subtree
    )


def _governing_trigger(verb: Token) -> Token | None:
    """'agreed to provide', 'announced it would give', 'promised to raise' -> the outer verb."""
    infinitive = verb.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )
    if (verb.dep_ in ("xcomp", "ccomp", "conj") or infinitive) and _lemma(
        verb.head
    ) in STRONG_VERBS | {"agree", "approve", "vote"}:
        return verb.head
    return None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _support_near(root: Token) -> bool:
    """'$8 billion of assistance', '$15bn in hurricane aid', 'a $36.5 billion package'."""
    for child in root.children:
        if (
            child.dep_ == "prep"
            and child.lower_ in ("of", "in", "for", "worth")
            and any(_lemma(g) in SUPPORT_NOUNS for g in child.children if g.dep_ == "pobj")
        ):
            return True
        if child.dep_ in ("amod", "compound") and _lemma(child) in SUPPORT_NOUNS:
            return True
        if _lemma(child) == "worth":
            for g in child.subtree:
                if _lemma(g) in SUPPORT_NOUNS:
                    return True
    head = root.head
    if head.i == root.i or root.dep_ not in ("nummod", "compound", "nmod", "amod"):
        return False
    # "a $36.5 billion package", "a $9.7 billion relief bill"
    return _lemma(head) in SUPPORT_NOUNS or any(
        c.dep_ == "compound" and _lemma(c) in SUPPORT_NOUNS for c in head.children
    )


def _clause_support(verb: Token) -> bool:
    """A support word among the verb's own arguments: 'sign a bill to aid employers'."""
    for token in verb.subtree:
        if token.i == verb.i:
            continue
        if _lemma(token) in SUPPORT_NOUNS - VAGUE_OBJECTS:
            return True
        if token.lower_ == "support" and token.head.lower_ == "in":
            return True  # "dropped another $500,000 in support of a referendum"
        if token.lemma_.lower() in ("aid", "relief", "assist", "help") and token.pos_ == "VERB":
            return True
    return False


def _has_recipient_prep(verb: Token, *extra: str) -> bool:
    preps = ("to", "for", *extra)
    return any(c.dep_ in ("prep", "dative") and c.lower_ in preps for c in verb.children)


def _blocked(trigger: Token, root: Token | None) -> bool:
    """Negated, hypothetical, requested, refused, withheld -- or a statistic."""
    chain = [trigger, *list(trigger.ancestors)]
    for i, token in enumerate(chain):
        if i > 0 and chain[i - 1].dep_ == "conj" and _subject(chain[i - 1]) is not None:
            break  # "X may be ..., and House Republicans passed ...": a clause of its own
        lemma = _lemma(token)
        if any(c.dep_ == "neg" for c in token.children) and _is_verb(token):
            return True
        if token.pos_ in ("VERB", "AUX"):
            if lemma in BLOCK_VERBS and token.i != trigger.i:
                return True
            if lemma == "have" and i > 0 and chain[i - 1].dep_ == "xcomp":
                return True  # "had to contribute": an obligation, not a gift
            if lemma == "vote" and token.tag_ not in ("VBD", "VBN"):
                return True  # "is set to vote on a bill that includes ..." is still pending
            if lemma in ("give", "pay") and any(
                c.dep_ == "prt" and c.lower_ in ("back", "up", "in", "out") for c in token.children
            ):
                return True  # "give back" a gift, "give up" weapons
            if any(
                c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children)
                for c in token.children
            ):
                return True  # "offered to contribute $1.5 million ... if Trump accepts"
            if (
                lemma in REPORTING
                and i > 0
                and any(c.dep_ in ("ccomp", "parataxis") for c in token.children)
            ):
                break  # what someone said is reported as said; stop at the reporting verb
            for child in token.children:
                if child.dep_ == "aux" and _lemma(child) in MODALS_BLOCK:
                    return True
                if child.dep_ == "aux" and _lemma(child) == "would" and not _reported(token):
                    return True
                if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                    return True
        elif lemma in BLOCK_NOUNS and token.i != trigger.i:
            return True
        if token.dep_ in ("advcl",) and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children
        ):
            return True
    return _lemma(trigger) in BLOCK_VERBS


def _blocked_below(root: Token) -> bool:
    """'$1.6 billion the Senate is planning to send', '$5bn requested by the White House'."""
    for holder in [root, root.head]:
        for child in holder.children:
            if child.dep_ in ("relcl", "acl") and _lemma(child) in BLOCK_VERBS:
                return True
    return False


def _reported(verb: Token) -> bool:
    """'he said his administration would provide' -- 'would' as future in the past."""
    for ancestor in verb.ancestors:
        if _lemma(ancestor) in REPORTING | {"promise", "pledge", "vow", "agree", "commit"}:
            return True
    return False


def _object_anchor(ctx: _Context, sent: Span, token: Token) -> _Anchor | None:
    """A commitment without an amount: a trigger word with a concrete object and a giver."""
    lemma = _lemma(token)
    if lemma == "contribute" and _CREDIT.search(sent.text):
        return None
    if lemma in GIVER_NOUNS and token.dep_ == "attr":
        anchor = _Anchor(sent, token, tokens={token.i})
        return anchor if _donors_for(ctx, anchor) else None
    if token.pos_ == "VERB" and lemma in STRONG_VERBS | WEAK_VERBS - RECEIVE_VERBS - {
        "include",
        "contain",
        "make",
        "complete",
        "go",
    }:
        if token.tag_ == "VBG" and not any(c.dep_ == "aux" for c in token.children):
            return None  # "voters ... donating to candidates": an activity, not an act of giving
        obj = _concrete_object(ctx, token)
        if obj is None and not (
            lemma in ("donate", "contribute")
            and any(
                c.dep_ == "prep"
                and c.lower_ == "to"
                and any(g.pos_ in ("NOUN", "PROPN") for g in c.children)
                for c in token.children
            )
        ):
            return None  # "donated to the university", not "contributed to leaving the post"
        if _abstract_recipient(token):
            return None
        if (
            _blocked(token, None)
            or _continuation(token)
            or _has_percent(ctx, token)
            or _negated_object(token)
        ):
            return None  # "gave the country more than 90% of its aid" is a statistic, not a pledge
        if not _donors_for(ctx, _Anchor(sent, token)):
            return None
        return _Anchor(sent, token, tokens={token.i})
    if token.pos_ == "NOUN" and (lemma in PLEDGE_NOUNS or lemma in SUPPORT_NOUNS):
        if _abstract_recipient(token):
            return None
        if lemma in VAGUE_OBJECTS or lemma in ("fund", "funds", "money", "package", "resource"):
            return None
        if _has_percent(ctx, token) or _blocked(token, None) or not _names_resources(token):
            return None
        anchor = _Anchor(sent, token, tokens={token.i})
        light = (
            token.dep_ == "dobj"
            and _lemma(token.head) in LIGHT_VERBS
            and token.head.tag_ in ("VBD", "VBZ", "VBP", "VBN")  # not "the right to make ..."
        )
        if light and lemma in ("donation", "contribution", "gift", "grant"):
            # "the professor made a donation", "announced the creation of a fund"
            return anchor if _donors_for(ctx, anchor) else None
        if not _local_donors(ctx, token, deep=True):
            return None
        if lemma not in PLEDGE_NOUNS and not _made_or_given(token):
            return None
        return anchor
    return None


def _names_resources(noun: Token) -> bool:
    """'a promise to correct standards' or 'a grant of parole' commit nothing material."""
    lemma = _lemma(noun)
    inside = {_lemma(t) for t in noun.subtree if t.i != noun.i}
    material = SUPPORT_NOUNS | GOODS_NOUNS | AID_NOUNS | PROGRAM_NOUNS
    material = material - GOODS_NOUNS - VAGUE_OBJECTS  # "a promise to shutter a missile site"
    if lemma in ("pledge", "commitment", "grant", "award"):
        # the clause must name something material: "Culverhouse's pledge ... was the biggest
        # contribution", not "a grant of parole" or "the state's highest civilian award"
        verb = _first_verb(noun)
        clause = verb.subtree if verb is not None else noun.subtree
        inside |= {_lemma(t) for t in clause if t.i != noun.i and t.pos_ == "NOUN"}
        return bool(inside & material)
    if lemma in ("promise", "announcement"):
        # "announcements of more military aid", not "an announcement that it is enforcing a rule"
        return bool({_lemma(t) for t in _of_objects(noun)} & material)
    return True


def _made_or_given(token: Token) -> bool:
    """A bare aid noun counts when it is the thing announced, given or reported ('aid by X')."""
    return any(c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from") for c in token.children)


def _concrete_object(ctx: _Context, verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "nsubjpass"):
            candidates = [child] + [c for c in child.conjuncts]
        elif child.dep_ == "prep" and child.lower_ in ("with", "to"):
            candidates = [g for g in child.children if g.dep_ == "pobj"]
        else:
            continue
        for cand in list(candidates):
            # "two weeks of paid leave" -> the leave
            candidates.extend(_of_objects(cand))
        for cand in candidates:
            lemma = _lemma(cand)
            if lemma in ("money", "fund", "funds", "resource") and _lemma(verb) not in (
                "commit",
                "pledge",
                "donate",
            ):
                continue  # "provides money to small businesses" describes, it does not pledge
            if lemma in VAGUE_OBJECTS and not any(
                _lemma(m) in ("military", "financial", "humanitarian", "economic")
                for m in cand.children
            ):
                continue
            if _has_percent(ctx, cand):
                continue
            if lemma == "package" and not any(
                _lemma(c) in SUPPORT_NOUNS | AID_NOUNS for c in cand.children
            ):
                continue  # "the rules package" is no aid package
            if _lemma(verb) in APPROVAL_VERBS and lemma not in SUPPORT_NOUNS | AID_NOUNS:
                continue  # "the FDA will approve a vaccine" approves, it does not give
            if lemma in PLEDGE_NOUNS and not _names_resources(cand):
                continue  # "put forward a pledge to curb emissions"
            if any(c.dep_ == "compound" and _lemma(c) in BLOCK_NOUNS for c in cand.children):
                continue  # "promises to offer tax relief": a tax policy, not a gift
            if lemma in SUPPORT_NOUNS or lemma in PLEDGE_NOUNS or lemma in GOODS_NOUNS:
                return cand
            if lemma in PROGRAM_NOUNS and _lemma(verb) in ("commit", "contribute", "pledge"):
                return cand  # "over half of the members have signed up to the fund"
    return None


def _has_percent(ctx: _Context, token: Token) -> bool:
    return any(t.i in ctx.percent_tokens for t in token.subtree)


def _negated_object(verb: Token) -> bool:
    """'No extra assistance to the labs was provided by the U.S. government.'"""
    return any(
        c.dep_ in ("dobj", "nsubjpass") and any(d.lower_ in ("no", "none") for d in c.children)
        for c in verb.children
    )


def _continuation(verb: Token) -> bool:
    """'continue to provide', 'maintain its support' -- a promise of more of the same."""
    if _lemma(verb) in CONTINUE_VERBS:
        return True
    head = verb.head
    return verb.dep_ in ("xcomp", "ccomp") and _lemma(head) in CONTINUE_VERBS


# ---- building a pledge from an anchor ----


def _build(ctx: _Context, anchor: _Anchor) -> Pledge | None:
    donors = _donors_for(ctx, anchor)
    amount = anchor.amount
    if not donors and amount is None:
        return None
    sent = anchor.sent
    start = _text_start(ctx, sent)
    pledge = Pledge(
        start=start,
        end=sent.end_char,
        text=ctx.text[start : sent.end_char],
        donors=donors,
        recipient=_recipient(ctx, anchor, donors),
        program=_program(ctx, sent),
        purpose=_purpose(anchor),
        status=_status(anchor),
    )
    if amount is not None and amount.unit != "range":
        pledge.amount = amount.amount
        pledge.currency = amount.currency
        pledge.qualifier = amount.qualifier
    elif amount is not None:
        pledge.currency = amount.currency
    pledge.period = _period(ctx, anchor)
    position = anchor.amount_root.idx if anchor.amount_root is not None else anchor.trigger.idx
    quote = next((q for q in ctx.quotes if q.start <= position < q.end), None)
    if quote is not None:
        pledge.speaker = quote.speaker
        pledge.speaker_cluster = quote.speaker_cluster
    pledge.said_on = _said_on(ctx, anchor, quote)
    return pledge


def _text_start(ctx: _Context, sent: Span) -> int:
    """Where the pledge's own words begin: past a dateline and past the previous sentence's
    closing quote mark and line breaks, which the sentence splitter may attach to this one."""
    text = ctx.text
    start = sent.start_char
    for line in ctx.datelines:
        if line.city_start <= start < line.end or (start <= line.city_start < sent.end_char):
            start = max(start, line.end)
    while start < sent.end_char and (text[start].isspace() or text[start] in _CLOSING_MARKS):
        if text[start] in _CLOSING_MARKS and not text[start + 1 : start + 2].isspace():
            break  # an opening quote mark starts the sentence itself: '"We will pay," ...'
        start += 1
    return start


_CLOSING_MARKS = frozenset("\"”’'»")


def _donors_for(ctx: _Context, anchor: _Anchor) -> list[str]:
    # 1. next to the amount or the trigger noun: "from X", "by X", "X's"
    holders: list[Token] = []
    if anchor.amount_root is not None:
        holders.append(anchor.amount_root)
        holders.extend(
            g
            for c in anchor.amount_root.children
            if c.dep_ == "prep"
            for g in c.children
            if g.dep_ == "pobj"
        )
    trigger = anchor.trigger
    if not _is_verb(trigger):
        holders.append(trigger)
    for holder in holders:
        found = _local_donors(ctx, holder, deep=holder.i == trigger.i)
        if found:
            return found
    if anchor.amount_root is not None:
        found = _gapped_donor(ctx, anchor)
        if found:
            return found
    if anchor.mention:
        return []  # "Ryan voted for the $700 billion bailout": Ryan gave nothing
    # 2. the "including" list of a collective subject: "Allies ... including Canada, Germany"
    verb = trigger if _is_verb(trigger) else _first_verb(trigger)
    if verb is None:
        return []
    if _lemma(verb) in RECEIVE_VERBS:
        # the subject of 'receive' is the recipient; the giver is 'from' someone, or the
        # nationality of the aid: "Ecuador has received $144.4 million in US aid"
        found = _local_donors(ctx, verb)
        aid = trigger if not _is_verb(trigger) else None
        if not found and anchor.amount_root is not None:
            aid = next(iter(_complements(anchor.amount_root, ("in", "of"))), aid)
        if not found and aid is not None:
            for child in aid.children:
                if child.dep_ in ("compound", "amod") and _entity_label(ctx, child) in (
                    "GPE",
                    "NORP",
                    "ORG",
                ):
                    return [_nationality(_donor_name(ctx, child) or child.text)]
        return found
    including = _including_list(ctx, verb)
    if including:
        return including
    subject = _giver(verb)
    if subject is None:
        return []
    for token in subject.subtree:
        # "a group of donors that included the U.S., the U.K. and the Gates Foundation"
        if token.dep_ == "relcl" and _lemma(token) == "include":
            for obj in token.children:
                names = _list_names(ctx, obj) if obj.dep_ == "dobj" else []
                if names:
                    return names
    inner = _first_verb(anchor.amount_root) if anchor.amount_root is not None else None
    if (
        subject.pos_ == "PRON"
        and inner is not None
        and inner.head.i == verb.i
        and inner.dep_ == "ccomp"
        and (inner_subject := _subject(inner)) is not None
        and inner_subject.pos_ != "PRON"
    ):
        # "He announced that the alliance would provide ...": the alliance gives, not "he"
        subject = inner_subject
    if subject.pos_ == "PRON" and subject.lower_ not in ("who", "that", "which"):
        # "X announced that they will provide ..." -- the pronoun is the announcer.
        outer = _first_verb(verb)
        outer_subject = (
            _giver(outer)
            if outer is not None
            and verb.dep_
            in (
                "ccomp",
                "xcomp",
            )
            else None
        )
        if outer_subject is not None and outer_subject.pos_ != "PRON":
            subject = outer_subject
    return _phrase_donors(ctx, subject, anchor)


def _giver(verb: Token) -> Token | None:
    """The subject of a commitment verb, climbing relative clauses, appositions and gaps."""
    subject = _subject(verb)
    current = verb
    hops = 0
    while subject is None and hops < 3:
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ in ("advcl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            # the parser hung the verb on its subject noun: "The developed world, ..., committed";
            # a relative clause without a subject is about its object, not its giver.
            return head if current.dep_ == "advcl" else None
        if current.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            # "announced the creation of a fund to provide ..." -> whoever announced
            outer = _first_verb(head)
            if outer is None:
                return None
            current = outer
            hops += 1
            subject = _subject(current)
            continue
        if current.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep", "ccomp") or not _is_verb(
            current
        ):
            current = head
            hops += _is_verb(head)
            subject = _subject(current) if _is_verb(current) else None
            continue
        return None
    if subject is None:
        return None
    if subject.lower_ in ("who", "that", "which") and current.dep_ == "relcl":
        return _antecedent(current.head)
    if any(c.lower_ == "whose" for c in subject.children) and current.dep_ == "relcl":
        return subject  # "the club, whose members pledge ..." -- resolved in _donor_name
    return subject


def _antecedent(noun: Token) -> Token:
    """'the Foundation, a group that ...' -> the Foundation; 'Liz Simons, the daughter ...'."""
    while noun.dep_ == "appos" and noun.head.i != noun.i:
        noun = noun.head
    return noun


def _first_verb(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if _is_verb(ancestor):
            return ancestor
    return None


_SHARES = {"third", "thirds", "half", "majority", "most", "all", "dozen", "dozens", "quarter"}


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
        if child.dep_ == "agent":
            pobj = [g for g in child.children if g.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    for child in verb.children:
        # "Over half of the Allies have committed": the parser may read 'over' as a preposition
        if child.dep_ == "prep" and child.i < verb.i and child.lower_ in ("over", "nearly"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (_lemma(pobj) in _SHARES or pobj.pos_ == "NUM"):
                    return pobj
    return None


def _local_donors(ctx: _Context, holder: Token, deep: bool = False) -> list[str]:
    targets = [holder]
    if deep:
        # "announcements of more military aid by the US" -> look inside the 'of' object too
        targets += [
            g
            for c in holder.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
    for target in targets:
        for child in target.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in ("from", "by"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        names = _list_names(ctx, pobj)
                        if names:
                            return names
            if child.dep_ == "poss" and child.pos_ == "PROPN":
                names = _list_names(ctx, child)
                if names:
                    return names
    return []


def _including_list(ctx: _Context, verb: Token) -> list[str]:
    for token in verb.subtree:
        if token.lower_ == "including" and token.dep_ == "prep":
            for pobj in token.children:
                if pobj.dep_ != "pobj":
                    continue
                members = [pobj, *pobj.conjuncts]
                if any(
                    _entity_label(ctx, m) in ("GPE", "ORG", "NORP") or _lemma(m) in GROUP_NOUNS
                    for m in members
                ):
                    return _list_names(ctx, pobj)
    return []


def _entity_label(ctx: _Context, token: Token) -> str | None:
    ent = ctx.ent_by_token.get(token.i)
    return ent[2] if ent else None


def _list_names(ctx: _Context, head: Token) -> list[str]:
    """A donor and everything co-ordinated with it, amounts excluded."""
    members = _appositive_members(ctx, head)
    if members:
        return members
    names: list[str] = []
    for token in [head, *list(head.conjuncts)]:
        if token.i in ctx.money_tokens:
            continue
        # "Walmart, Target, Gap, and many other firms": the named ones are the donors.
        named = [c for c in token.children if c.dep_ == "nmod" and c.pos_ == "PROPN"]
        for member in [m for n in named for m in [n, *n.conjuncts]]:
            name = _donor_name(ctx, member)
            if name and name not in names:
                names.append(name)
        if named and any(c.lower_ in ("other", "many", "several") for c in token.children):
            continue
        name = _donor_name(ctx, token)
        if name and name not in names:
            names.append(name)
    return names


def _appositive_members(ctx: _Context, head: Token) -> list[str]:
    """'Three members, Ardia, Belmont and Corvo, announced ...': a named list in apposition to
    a group noun names the group's members, who are the givers. The parser reads the list as
    an apposition or as conjuncts of the group noun."""
    if head.pos_ == "PROPN" or not (
        _lemma(head) in GROUP_NOUNS
        or head.lower_ in GROUP_NOUNS
        or any(c.dep_ == "nummod" for c in head.children)
    ):
        return []
    lists = [[c, *c.conjuncts] for c in head.children if c.dep_ == "appos"]
    if head.i + 1 < len(ctx.doc) and ctx.doc[head.i + 1].text == ",":
        lists.append(list(head.conjuncts))
    for listed in lists:
        if len(listed) < 2 or any(
            _entity_label(ctx, m) not in ("GPE", "ORG", "NORP") for m in listed
        ):
            continue
        names = [n for n in (_donor_name(ctx, m) for m in listed) if n]
        if len(names) == len(listed):
            return list(dict.fromkeys(names))
    return []


def _gapped_donor(ctx: _Context, anchor: _Anchor) -> list[str]:
    """'A pledged $2 billion and B $300 million': in the gapped second clause B stands right
    before its amount, after 'and' or a comma; B, not A, gives it."""
    if anchor.amount is None:
        return []
    span = ctx.doc.char_span(anchor.amount.start, anchor.amount.end, alignment_mode="expand")
    if span is None:
        return []
    j = span.start - 1
    name: list[Token] = []
    while j >= 0 and len(name) < 3 and ctx.doc[j].pos_ == "PROPN" and j not in ctx.money_tokens:
        name.insert(0, ctx.doc[j])
        j -= 1
    if not name or j < 0 or ctx.doc[j].lower_ not in ("and", ",", "while", "whereas"):
        return []
    label = _entity_label(ctx, name[-1])
    if label not in ("GPE", "ORG", "NORP", None):
        return []
    # an untagged name is taken as written: its parse children are the amount's words
    found = _donor_name(ctx, name[-1]) if label else normalize_donor(" ".join(t.text for t in name))
    return [found] if found else []


def _phrase_donors(ctx: _Context, subject: Token, anchor: _Anchor) -> list[str]:
    if subject.pos_ == "PRON":
        resolved = _resolve_pronoun(ctx, subject, anchor)
        return [resolved] if resolved else []
    if _lemma(subject) in INSTRUMENTS:
        # "The legislation passed ... by the U.S. House ... and by the Senate includes ..."
        names: list[str] = []
        passers = [c for c in subject.children if c.dep_ == "acl"]
        if subject.dep_ == "nsubj" and _lemma(subject.head) in ("pass", "approve", "sign"):
            passers.append(subject.head)
        for passer in passers:
            for agent in passer.children:
                if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "by"):
                    for pobj in agent.children:
                        if pobj.dep_ == "pobj":
                            names += [n for n in _list_names(ctx, pobj) if n not in names]
        return names
    return _list_names(ctx, subject)


def _donor_name(ctx: _Context, token: Token) -> str | None:
    if any(start <= token.idx < end for start, end in ctx.dateline_chars):
        return None  # the dateline's city is where the story was filed, not a giver
    ent = ctx.ent_by_token.get(token.i)
    if ent is not None and ent[2] in DONOR_LABELS:
        span = ctx.doc.char_span(ent[0], ent[1], alignment_mode="expand")
        # The entity names the donor when it holds the head: "Facebook CEO Mark Zuckerberg".
        if span is not None and span.start <= token.i < span.end:
            return normalize_donor(ctx.full_name(ent))
    if ent is not None and ent[2] not in DONOR_LABELS:
        return None  # "from October 2015" is a date, not a giver
    lemma = _lemma(token)
    owner = next(
        (
            c
            for c in token.children
            if c.dep_ == "poss" and (c.pos_ == "PRON" or c.lower_ == "whose")
        ),
        None,
    )
    if owner is not None:
        # "his administration" -> "Trump administration"; "whose members" -> "<club> members"
        who = (
            _resolve_pronoun(ctx, owner, None)
            if owner.lower_ != "whose"
            else _donor_name(ctx, _antecedent(token.head.head))
            if token.head.dep_ == "relcl"
            else None
        )
        if not who or lemma not in INSTITUTIONS:
            return None  # "their parents", "his friends": not a giver we can name
        country = _country_of(ctx, who, owner.idx) if lemma == "government" else None
        if country:
            return country  # "Ardia's foreign minister ... her government" -> Ardia
        last = who.split()[-1] if _looks_person(ctx, who) else who
        return f"{last} {token.text}"
    if token.pos_ != "PROPN" and (named := _named_body(ctx, token)):
        return named
    if token.pos_ == "PROPN" or lemma in GROUP_NOUNS or token.lower_ in GROUP_NOUNS:
        phrase = _noun_phrase(token)
        return normalize_donor(phrase)
    if lemma in REPRESENTATIVES:
        # "Leaders of the Alliance", "the alliance's chief": they act for the body they head
        for body in _of_objects(token):
            if _entity_label(ctx, body) in ("ORG", "GPE"):
                return _donor_name(ctx, body)
        for body in (c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"):
            if _entity_label(ctx, body) in ("ORG", "GPE") or _named_body(ctx, body):
                return _donor_name(ctx, body)
    if lemma in _SHARES or token.pos_ == "NUM":
        # a share of a group: "over two-thirds of Allies", "three of the countries"
        whole = [t for t in token.subtree if t.dep_ == "pobj" and t.head.lower_ == "of"]
        if whole and (whole[0].pos_ == "PROPN" or _lemma(whole[0]) in GROUP_NOUNS):
            return normalize_donor(_noun_phrase(token))
    return None


def _named_body(ctx: _Context, token: Token) -> str | None:
    """'the alliance' -> the organisation in focus whose name ends in that noun ('Northern
    Atlantic Alliance'), when it is the most mentioned such one in the document."""
    if token.tag_ != "NN" or not any(c.lower_ == "the" for c in token.children):
        return None
    if any(c.dep_ in ("amod", "compound", "poss", "nmod") for c in token.children):
        return None  # "the other alliance", "the trade union": a different body
    counts: dict[str, int] = {}
    for ent in ctx.entities:
        words = ent[3].split()
        if ent[2] == "ORG" and len(words) > 1 and words[-1].lower() == token.lower_:
            counts[ent[3]] = counts.get(ent[3], 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None  # two bodies of that kind, equally present: not clear which
    return normalize_donor(ranked[0][0])


def _country_of(ctx: _Context, person: str, before: int) -> str | None:
    """The country a person serves, as written at their last mention before ``before``:
    "Ardia's Defence Minister Jane Doe" or "Jane Doe, the defence minister of Ardia"."""
    mention = None
    for ent in ctx.entities:
        if ent[0] < before and ent[2] == "PERSON" and ctx.full_name(ent) == person:
            mention = ent
    if mention is None:
        return None
    span = ctx.doc.char_span(mention[0], mention[1], alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    # the possessive may hang on the title rather than the name: "Ardia's [Minister] Doe"
    places = [t for t in root.subtree if t.i < root.i and t.dep_ == "poss"]
    for appos in (c for c in root.children if c.dep_ == "appos"):
        places += [c for c in appos.children if c.dep_ == "poss"] + _of_objects(appos)
    for place in places:
        if _entity_label(ctx, place) == "GPE":
            return _donor_name(ctx, place)
    for word in root.subtree:
        # "British Prime Minister ... his government" -> United Kingdom (known nationalities)
        if word.i < root.i and _entity_label(ctx, word) == "NORP" and word.text in _NATIONS:
            return _NATIONS[word.text]
    return None


def _noun_phrase(token: Token) -> str:
    """The head with its modifiers ('over two-thirds of Allies', 'the Trump administration')."""
    keep = {"det", "compound", "amod", "nmod", "poss", "nummod", "quantmod", "case"}
    picked = {token.i}
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if (
                child.dep_ in keep
                or (child.dep_ == "punct" and child.text in "-'’")
                or (child.dep_ == "prep" and child.lower_ == "of")
                or (child.dep_ == "pobj" and current.lower_ == "of")
            ):
                picked.add(child.i)
                stack.append(child)
            elif child.dep_ == "advmod" and child.lower_ in ("over", "nearly", "almost"):
                picked.add(child.i)
    # "over two-thirds": 'over' is often a prep sibling on the verb; take it when adjacent.
    left = min(picked)
    prev = token.doc[left - 1] if left > 0 else None
    if (
        prev is not None
        and prev.lower_ in ("over", "nearly", "almost")
        and prev.dep_ in ("prep", "mark", "advmod", "quantmod")
        and (not list(prev.children) or token.head.i == prev.i)
    ):
        picked.add(prev.i)
    lo, hi = min(picked), max(picked)
    # Keep it contiguous and trimmed of punctuation at the edges.
    words = [t for t in token.doc[lo : hi + 1]]
    while words and words[-1].is_punct:
        words.pop()
    while words and words[0].is_punct:
        words.pop(0)
    return "".join(t.text_with_ws for t in words).strip()


def normalize_donor(name: str) -> str:
    """Canonical donor names: 'the US' / 'U.S.' -> 'United States', 'NATO allies' -> 'Allies'."""
    text = re.sub(r"\s+", " ", name).strip()
    text = re.sub(r"(?:'s|’s|'|’)$", "", text).strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    # "many European allies" -> "European allies"; "over two-thirds of Allies" keeps its share
    text = re.sub(r"^(?:many|some|several|all|other|various|both)\s+(?=\w)", "", text, flags=re.I)
    key = text.lower().rstrip(".") if text.lower() not in _CANON else text.lower()
    if key in _CANON:
        return _CANON[key]
    if text.lower() in _CANON:
        return _CANON[text.lower()]
    if text.islower() and text.split()[-1] in ("allies",):
        return "Allies"
    return text


_NATIONS = {"American": "United States", "British": "United Kingdom", "European": "European Union"}


def _nationality(name: str) -> str:
    return _NATIONS.get(name, name)


def _resolve_pronoun(ctx: _Context, pron: Token, anchor: _Anchor | None) -> str | None:
    word = pron.lower_
    if word in ("we", "us", "our", "i", "you"):
        return None  # the speaker's side; too ambiguous to name without roles
    sent = anchor.sent if anchor is not None else pron.sent
    window = sent.start - 60
    # The giver of the last pledge is usually who "he"/"it"/"they" continues with.
    for start, pledge in reversed(ctx.previous):
        if start < window or not pledge.donors:
            break
        if word in ("he", "she", "his", "her") and _looks_person(ctx, pledge.donors[0]):
            return pledge.donors[0]
        if word in ("it", "its", "they", "their") and not _looks_person(ctx, pledge.donors[0]):
            return pledge.donors[0] if len(pledge.donors) == 1 else None
        break
    if word in ("he", "she", "his", "her"):
        return _previous_person(ctx, pron.idx, sent.start_char - 400)
    return None


def _looks_person(ctx: _Context, name: str) -> bool:
    return any(ctx.full_name(e) == name and e[2] == "PERSON" for e in ctx.entities)


def _previous_person(ctx: _Context, before: int, not_before: int) -> str | None:
    best: tuple[int, int, str, str, int | None] | None = None
    for ent in ctx.entities:
        if ent[2] == "PERSON" and not_before <= ent[0] < before:
            best = ent
    if best is None:
        return None
    return ctx.full_name(best)


def _recipient(ctx: _Context, anchor: _Anchor, donors: list[str]) -> str | None:
    trigger = anchor.trigger
    verb = trigger if _is_verb(trigger) else _first_verb(trigger)
    if verb is not None and _lemma(verb) in RECEIVE_VERBS - {"go"}:
        subject = _subject(verb)
        if subject is not None and subject.pos_ != "PRON":
            return normalize_donor(_noun_phrase(subject))
    scope: list[Token] = []
    for root in (anchor.amount_root, trigger, verb):
        if root is not None:
            scope.extend(root.children)
    for child in scope:
        if child.dep_ == "dative" or (child.dep_ == "dobj" and _lemma(child) not in SUPPORT_NOUNS):
            if child.dep_ == "dative" and child.lower_ in ("to", "for"):
                pobj = [g for g in child.children if g.dep_ == "pobj"]
                if pobj:
                    child = pobj[0]
            if child.i in ctx.money_tokens or child.pos_ in ("NUM", "PRON"):
                continue
            if _lemma(verb) in ("provide", "give", "send", "offer", "grant") if verb else False:
                name = normalize_donor(_noun_phrase(child))
                if name and name not in donors:
                    return name
    for child in scope:
        if child.dep_ == "prep" and child.lower_ in ("to", "for", "into"):
            for pobj in child.children:
                if pobj.dep_ != "pobj" or pobj.i in ctx.money_tokens:
                    continue
                label = _entity_label(ctx, pobj)
                if label in ("GPE", "ORG", "NORP", "PERSON") or (
                    pobj.pos_ in ("PROPN", "NOUN")
                    and label not in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL")
                    and _lemma(pobj) not in SUPPORT_NOUNS | VAGUE_OBJECTS | _TIME_NOUNS
                    and _lemma(pobj) not in PROGRAM_NOUNS
                ):
                    name = normalize_donor(_noun_phrase(pobj))
                    if name and name not in donors:
                        return name
    return None


_TIME_NOUNS = {"year", "month", "week", "day", "time", "period", "season"}


def _program_in(text: str) -> str | None:
    named = _PROGRAM_NAME.search(text)
    if named is not None:
        if named.group(2):
            return named.group(2)
        name = named.group(1).strip()
        if len(name.split()) >= 2:
            return re.sub(r"^(?:The|A)\s+", "", name)
    for match in _PROGRAM_ACRONYM.finditer(text):
        if match.group(1) not in _NOT_PROGRAMS:
            return match.group(1)
    return None


def _program(ctx: _Context, sent: Span) -> str | None:
    name = _program_in(sent.text)
    if name:
        return name
    if ctx.last_program is not None and _PROGRAM_REF.search(sent.text):
        start, last = ctx.last_program
        if sent.start - start < 120:
            return last
    return None


def _purpose(anchor: _Anchor) -> str | None:
    sent = anchor.sent
    text = sent.text
    center = (
        anchor.amount_root.idx if anchor.amount_root is not None else anchor.trigger.idx
    ) - sent.start_char
    best: tuple[int, int, str] | None = None  # (priority, distance, label)
    for priority, (pattern, label) in enumerate(_PURPOSES):
        for match in pattern.finditer(text):
            candidate = (priority, abs(match.start() - center), label)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else None


def _status(anchor: _Anchor) -> str:
    trigger = anchor.trigger
    chain = [trigger, *[a for a in trigger.ancestors if _is_verb(a)][:2]]
    for token in chain:
        lemma = _lemma(token)
        if lemma in ("announce", "unveil", "announcement"):
            return "announced"
        if token.i != trigger.i and lemma in ("agree", "approve", "vote"):
            return "agreed"
        if token.i != trigger.i and lemma in ("pledge", "promise", "vow", "commit"):
            return "pledged"
    lemma = _lemma(trigger)
    if lemma in STATUS_BY_LEMMA:
        return STATUS_BY_LEMMA[lemma]
    if lemma in DELIVERY:
        if _future(trigger):
            return "pledged"
        return "delivered"
    if lemma in ("pledge", "promise"):
        return "pledged"
    return "pledged"


def _future(verb: Token) -> bool:
    for token in [verb, *list(verb.ancestors)[:1]]:
        for child in token.children:
            if child.dep_ == "aux" and _lemma(child) in ("will", "would", "shall"):
                return True
        if token.dep_ == "xcomp" and _lemma(token.head) in ("set", "going", "go", "slate"):
            return True
    return bool(verb.dep_ == "xcomp" and _lemma(verb.head) in ("be",))


def _timexes_in(ctx: _Context, sent: Span) -> list[Timex]:
    return [t for t in ctx.timexes if sent.start_char <= t.start < sent.end_char]


def _period(ctx: _Context, anchor: _Anchor) -> str | None:
    text = ctx.text
    if anchor.amount is not None:
        after = text[anchor.amount.end : anchor.amount.end + 40]
        rate = _RATE.match(after)
        if rate:
            return "a " + rate.group(1) if rate.group(1) else "a year"
    for timex in _timexes_in(ctx, anchor.sent):
        before = text[max(anchor.sent.start_char, timex.start - 10) : timex.start].lower().split()
        prep = before[-1] if before else ""
        if re.match(r"(?:the\s+)?(?:last|past|previous|recent)\b", timex.text, re.I):
            continue  # "in the last few weeks" says when it happened, not for how long
        if prep in _PERIOD_PREPS and (
            timex.type == "DURATION" or re.search(r"\d{4}|year|month", timex.text, re.I)
        ):
            if prep == "by" and timex.type != "DATE":
                continue
            return f"{prep} {timex.text}"
        if timex.type == "DURATION" and re.match(r"(?:a|one|two|three|five|\d+)\b", timex.text):
            return timex.text
        # "an additional $33 billion in defense spending this year"
        near_amount = anchor.amount is not None and 0 <= timex.start - anchor.amount.end <= 60
        if _YEARLIKE.match(timex.value or "") and near_amount:
            return timex.text
    return None


def _said_on(ctx: _Context, anchor: _Anchor, quote: Quote | None) -> str | None:
    verb = anchor.trigger if _is_verb(anchor.trigger) else _first_verb(anchor.trigger)
    text = ctx.text
    for timex in _timexes_in(ctx, anchor.sent):
        if timex.type not in ("DATE", "TIME") or not _DAYLIKE.match(timex.value or ""):
            continue
        before = text[max(anchor.sent.start_char, timex.start - 10) : timex.start].lower().split()
        if before and before[-1] in _PERIOD_PREPS and before[-1] not in ("in",):
            continue
        span = ctx.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            continue
        governor = _first_verb(span.root)
        if (
            verb is not None
            and governor is not None
            and (governor.i == verb.i or governor.i == verb.head.i or verb.i == governor.head.i)
        ):
            return timex.value
    if quote is not None and quote.said_on:
        return quote.said_on
    return ctx.dct
