"""Where a pledge hangs: an amount governed by a commitment word, or a commitment word with a
concrete object, and the checks that block statistics, requests, hypotheticals and negations.
"""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Span, Token

from onrecord.models import Amount
from onrecord.nlp.money.pledges.core import (
    _Anchor,
    _complements,
    _Context,
    _entity_label,
    _first_verb,
    _has_percent,
    _is_verb,
    _lemma,
    _of_objects,
    _path_up,
    _subject,
)
from onrecord.nlp.money.pledges.donors import _donors_for, _local_donors
from onrecord.nlp.money.pledges.lexicon import (
    _CREDIT,
    ABSTRACT_RECIPIENTS,
    AID_NOUNS,
    APPROVAL_VERBS,
    BACKING_VERBS,
    BLOCK_ADJECTIVES,
    BLOCK_AMOUNT_MODIFIERS,
    BLOCK_NOUNS,
    BLOCK_VERBS,
    BUDGET_RECIPIENTS,
    CONTINUE_VERBS,
    GIVER_NOUNS,
    GIVING_VERBS,
    GOODS_NOUNS,
    LIGHT_VERBS,
    MODALS_BLOCK,
    PLEDGE_NOUNS,
    PROGRAM_NOUNS,
    RECEIVE_VERBS,
    REPORTING,
    STRONG_VERBS,
    SUPPORT_NOUNS,
    VAGUE_OBJECTS,
    WEAK_VERBS,
    _words,
)
from onrecord.nlp.money.pledges.quantities import QUANTITY_VERBS, counted_nouns


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
        if _threshold(ctx, trigger) or _class_of_gifts(trigger, amount):
            continue
        if _share_of(ctx, root) or _not_a_gift(root, trigger):
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
    for anchor in _quantity_anchors(ctx, sent, used_triggers):
        found.append(anchor)
        used_triggers.add(anchor.trigger.i)
        used_triggers.update(c.i for c in anchor.trigger.subtree)
    for anchor in _gdp_share_anchors(ctx, sent, used_triggers):
        found.append(anchor)
        used_triggers.add(anchor.trigger.i)
        used_triggers.update(c.i for c in anchor.trigger.subtree)
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
    found = [a for a in found if not _inside_message(a.trigger)]
    found = _one_per_counted_group(found)
    found.sort(key=lambda a: a.amount_root.i if a.amount_root is not None else a.trigger.i)
    return found


_MESSAGES = {"letter", "memo", "message", "email", "tweet", "statement", "note", "signal"}


def _inside_message(trigger: Token) -> bool:
    """'sent a letter to lawmakers saying ... reduced FEMA funding': what a letter says is
    not what its sender gives."""
    for t in [trigger, *trigger.ancestors]:
        if t.i != trigger.i and _lemma(t) in _MESSAGES and t.pos_ == "NOUN":
            return True
        if any(c.dep_ == "dobj" and _lemma(c) in _MESSAGES for c in t.children):
            return True
    return False


def _one_per_counted_group(found: list[_Anchor]) -> list[_Anchor]:
    """'a battalion of about 750 soldiers' is one deployment: keep the count, not the group."""
    counted = [a for a in found if a.quantity is not None and a.amount_root is not None]
    drop = {
        id(group)
        for group in counted
        for inner in counted
        if inner is not group
        and group.quantity == 1.0
        and inner.amount_root is not None
        and group.amount_root is not None
        and inner.amount_root.i in {t.i for t in group.amount_root.subtree}
    }
    return [a for a in found if id(a) not in drop]


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
    if _raised_aid(verb, root):
        return verb
    if _abstract_recipient(verb) or _abstract_recipient(root):
        return None
    if lemma in STRONG_VERBS:
        return verb
    if lemma in WEAK_VERBS:
        if lemma in ("include", "contain") and _pending(verb):
            return None
        if lemma in ("drop", "direct", "plow", "steer") and root.dep_ != "dobj":
            return None  # "the $94 billion ... drops to $27 billion" is no donation
        if (
            lemma == "spend"
            and not noun_support
            and not any(
                c.dep_ in ("xcomp", "advcl") and _lemma(c) in BACKING_VERBS for c in verb.children
            )
        ):
            return None  # "pledging to spend $1 million to push back against trolls": spending
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
        if lemma in ("provide", "deliver", "supply") and root.dep_ == "dobj" and _to_named(verb):
            return verb  # "France will provide 50 million euros to Romania"
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
        return aid if aid is not None else _bill_gives(verb, root)
    governor = _governing_trigger(verb)
    if governor is not None and noun_support:
        return governor  # "announced it would introduce $1.5 trillion in repo operations": no
    # A plain aid mention ("follows $12 billion in similar farm aid") names a commitment.
    return aid if aid is not None else _bill_gives(verb, root)


# What a bill does with its money: "the law includes $2 billion for ...", "the deal allows for".
_BILL_VERBS = {"include", "contain", "allow", "provide", "fund", "send", "set"}
BILL_SUBJECTS = {
    "legislation", "bill", "measure", "package", "deal", "law", "act", "version", "agreement",
}  # fmt: skip


def bill_subject(verb: Token) -> bool:
    """The verb's subject is a bill: 'the law includes', 'a bill that sends'."""
    subject = _subject(verb)
    if verb.dep_ == "relcl" and subject is not None and subject.lower_ in ("that", "which"):
        subject = verb.head  # "signed a bill that sends $200 million to schools"
    return subject is not None and _lemma(subject) in BILL_SUBJECTS


# What a government spends on itself: "$5 billion for border security", "for the Pentagon".
_OWN_OPERATIONS = BUDGET_RECIPIENTS | _words("security defense defence raise operation salary")


def _bill_gives(verb: Token, root: Token) -> Token | None:
    """An amount that a bill includes, sends or funds is committed once the bill is law: the
    verb names no giver, the bill's enactment does. Pending bills stay out, and so does a
    budget line for the government's own operations: that is a budget, not a pledge."""
    if _lemma(verb) not in _BILL_VERBS or _pending(verb) or not bill_subject(verb):
        return None
    for holder in (root, verb):
        for prep in holder.children:
            if (
                prep.dep_ in ("prep", "dative")
                and prep.lower_ in ("for", "to")
                and any(_lemma(t) in _OWN_OPERATIONS for t in prep.subtree)
                and not any(_lemma(t) in AID_NOUNS for t in prep.subtree)  # "security grants"
            ):
                return None
    return verb


def _to_named(verb: Token) -> bool:
    """The verb's 'to' names its receiver: a proper name ('to Romania', 'to the Red Cross')."""
    return any(
        c.dep_ in ("prep", "dative")
        and c.lower_ == "to"
        and any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in c.children)
        for c in verb.children
    )


_RAISING = {"double", "triple", "quadruple", "increase", "boost"}


def _raised_aid(verb: Token, root: Token) -> bool:
    """'Norway will double its aid to Afghanistan to $100 million': the giver's own aid
    raised to a new level commits that level."""
    if _lemma(verb) not in _RAISING or root.dep_ != "pobj" or root.head.lower_ != "to":
        return False
    if root.head.head.i != verb.i:
        return False
    return any(
        c.dep_ == "dobj"
        and _lemma(c) in AID_NOUNS | {"funding", "assistance", "support", "aid"}
        and any(g.dep_ == "poss" for g in c.children)
        for c in verb.children
    )


def _abstract_recipient(word: Token) -> bool:
    """'contributed $2 billion a year to tourism', 'contributions to the oral arguments'."""
    return any(
        child.dep_ in ("prep", "dative")
        and child.lower_ in ("to", "with")
        and any(
            _lemma(g) in ABSTRACT_RECIPIENTS and not _effort_to(g)
            for g in child.children
            if g.dep_ == "pobj"
        )
        for child in word.children
    )


def _effort_to(noun: Token) -> bool:
    """'committing $265,000 to the effort to find the arsonist', 'donated to the relief
    effort': an effort with a stated aim or of aid is a cause money goes to; 'contributed to
    this effort' stays abstract."""
    return _lemma(noun) == "effort" and any(
        (c.dep_ == "acl" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
        or (c.dep_ in ("compound", "amod") and _lemma(c) in _AID_EFFORTS)
        for c in noun.children
    )


_AID_EFFORTS = {"relief", "aid", "rescue", "recovery", "rebuilding", "reconstruction"}


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


# "Obama's decision to send 450 troops": the decision is the act, its holder the giver
_DECIDING = {"decision", "move", "order"}


def _deciding_noun(verb: Token) -> Token | None:
    if (
        verb.dep_ == "acl"
        and _lemma(verb.head) in _DECIDING
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and any(c.dep_ == "poss" for c in verb.head.children)
    ):
        return verb.head
    return None


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
    chain = _own_clause([trigger, *list(trigger.ancestors)])
    for i, token in enumerate(chain):
        if i > 0 and chain[i - 1].dep_ == "conj" and _subject(chain[i - 1]) is not None:
            break  # "X may be ..., and House Republicans passed ...": a clause of its own
        lemma = _lemma(token)
        if any(c.dep_ == "neg" for c in token.children) and _is_verb(token):
            return True
        if _is_verb(token) and any(
            c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children)
            for c in token.children
        ):
            return True  # "it will no longer donate to ..." ends giving
        if (
            token.tag_ == "VB"
            and token.i == token.sent.start
            and _subject(token) is None
            and i == len(chain) - 1
        ):
            return True  # "Pledge $20.20 to this campaign": an appeal to the reader
        if (
            i == 0
            and token.tag_ == "VB"
            and token.dep_ in ("ROOT", "parataxis")
            and _subject(token) is None
            and not any(c.dep_ == "aux" for c in token.children)
        ):
            return True  # "... keep the pressure on -- give $25 or more": an appeal
        if (
            i == 0
            and _is_verb(token)
            and any(c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in token.children)
        ):
            return True  # "typically donate millions to GOP candidates": a habit
        if lemma == "go" and token.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in token.children):
            return True  # "we're going to get a commitment": not yet made
        if (
            lemma in ("contribute", "give", "provide", "spend")
            and not _stated_gift(token, root)
            and any(
                t.lower_ == "than"
                and t.i + 1 < len(t.doc)
                and not (t.doc[t.i + 1].like_num or t.doc[t.i + 1].tag_ == "$")
                for t in token.subtree
            )
        ):
            return True  # "contributes far more to the U.N. than any other nation": a comparison
        if token.pos_ in ("VERB", "AUX"):
            # "agreed to raise the debt ceiling and provide $15bn": a first conjunct is a
            # sister act, not a governor; its negation or modal still counts (below)
            sister = i > 0 and chain[i - 1].dep_ == "conj"
            if lemma in BLOCK_VERBS and token.i != trigger.i and not sister:
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
                if (
                    child.dep_ == "aux"
                    and _lemma(child) == "would"
                    and (not _reported(token) or child.lower_ == "'d")
                ):
                    return True  # "saying she'd allocate $500 billion": a candidate's if
                if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                    return True
        elif lemma in BLOCK_NOUNS and token.i != trigger.i:
            return True
        elif lemma in BLOCK_ADJECTIVES:
            return True  # "Ukraine was desperate for a loan guarantee": wanted, not given
        if token.dep_ in ("advcl",) and any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children
        ):
            return True
    return _lemma(trigger) in BLOCK_VERBS


# Above a clause boundary these still govern the commitment inside: a wish, a plan, a vote
# still to come, a condition ("wants a package that includes", "is set to vote on a bill
# that includes", "whether the fund, which gives ...").
_GOVERN_ACROSS = (
    BLOCK_VERBS | BLOCK_NOUNS | BLOCK_ADJECTIVES | _words("vote set pending propose proposal")
)
# "It is not true that ...", "it is not the case that ...": the negation denies the clause.
_TRUTH = _words("true false correct accurate clear sure case right")


def _own_clause(chain: list[Token]) -> list[Token]:
    """The trigger's chain up to the first relative, complement or adverbial clause with a
    subject of its own: the matrix's negation, 'no longer' or modal is about another act
    ("has not explained why nine investors funnelled $2 million to ...", "the club, whose
    members pledge ..."). Not when a wish, plan, pending vote or condition lies above."""
    for k, token in enumerate(chain):
        if token.dep_ in ("relcl", "ccomp", "advcl") and _subject(token) is not None:
            above = chain[k + 1 :]
            if any(_lemma(t) in _GOVERN_ACROSS for t in above) or any(
                c.lower_ in ("if", "unless", "whether")
                or (c.dep_ in ("acomp", "attr") and _lemma(c) in _TRUTH)
                for t in above
                for c in t.children
            ):
                return chain
            return chain[: k + 1]
    return chain


def _stated_gift(verb: Token, root: Token | None) -> bool:
    """'gave him $9,900, more than it gave to any other senator': the gift is stated as the
    verb's object and the comparison only ranks it; no amount, the comparison is the claim."""
    return (
        root is not None
        and root.dep_ == "dobj"
        and root.head.i == verb.i
        and not any(t.lower_ == "than" for t in root.subtree)
    )


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
    if lemma in GIVER_NOUNS - {"backer"} and token.dep_ == "attr" and _of_objects(token):
        # "has long been a major funder of left-leaning institutions"; not "a longtime donor"
        # or "an early backer of Obama" (political backing, nothing given)
        anchor = _Anchor(sent, token, tokens={token.i})
        return anchor if _donors_for(ctx, anchor) else None
    if lemma in ("vow", "promise") and token.pos_ == "VERB":
        return None  # "vows relief for Sandy victims": an intention without content
    if lemma in ("cover", "pay") and token.pos_ == "VERB":
        return _covered_pay(ctx, sent, token)
    if token.pos_ == "VERB" and lemma in STRONG_VERBS | WEAK_VERBS - RECEIVE_VERBS - {
        "include",
        "contain",
        "make",
        "complete",
        "go",
    }:
        if token.tag_ == "VBG" and not any(c.dep_ == "aux" for c in token.children):
            return None  # "voters ... donating to candidates": an activity, not an act of giving
        if (
            token.tag_ in ("VBZ", "VBP")
            and lemma not in STRONG_VERBS
            and not any(c.dep_ == "aux" for c in token.children)
        ):
            return None  # "The committee provides support to candidates": what it does
        obj = _concrete_object(ctx, token)
        if obj is None and not (
            lemma in ("donate", "contribute")
            and any(
                c.dep_ == "prep"
                and c.lower_ == "to"
                and any(
                    g.pos_ == "PROPN"
                    or (lemma == "donate" and g.pos_ == "NOUN" and not _bare_plural(g))
                    or (ctx.ent_by_token.get(g.i) or ("", "", ""))[2] in ("ORG", "PERSON", "GPE")
                    for g in c.children
                    if g.dep_ == "pobj"
                )
                for c in token.children
            )
        ):
            # "donated to the university"; not "contributed to leaving the post" or "contributed
            # to the report": contributing to something unnamed is taking part, not giving
            return None
        if _abstract_recipient(token) or (obj is not None and _abstract_recipient(obj)):
            return None  # "provided substantial assistance with several investigations"
        if (
            _blocked(token, None)
            or _continuation(token)
            or _has_percent(ctx, token)
            or _negated_object(token)
        ):
            return None  # "gave the country more than 90% of its aid" is a statistic, not a pledge
        children = {c.dep_ for c in token.children}
        if lemma in APPROVAL_VERBS and "agent" not in children and children & _PASSIVE:
            return None  # "funding was getting approved": who approved is not said
        if not _donors_for(ctx, _Anchor(sent, token)):
            return None
        if _commercial_goods(ctx, sent, token, obj):
            return None
        return _Anchor(sent, token, tokens={token.i})
    if token.pos_ == "NOUN" and (lemma in PLEDGE_NOUNS or lemma in SUPPORT_NOUNS):
        if _abstract_recipient(token) or _honour(token):
            return None
        if token.dep_ == "attr" and lemma in ("gift", "blessing"):
            return None  # "Every child is a precious gift from God": a figure of speech
        if lemma in VAGUE_OBJECTS or lemma in ("fund", "funds", "money", "package", "resource"):
            return None
        if lemma == "relief" and any(c.lower_ == "from" for c in token.children):
            return None  # "relief from Obamacare": from a rule, not aid
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


# "will cover the salaries of the arena's workers": paying others' pay is a gift to them
_PAY = {"salary", "wage", "paycheck", "paycheque", "tuition", "rent"}


def _covered_pay(ctx: _Context, sent: Span, verb: Token) -> _Anchor | None:
    """'cover the wages of the stadium staff' with a named giver, in an act (not 'insurers
    cover the costs', a present habit, nor a question of who will cover them)."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and _lemma(c) in _PAY]
    if not objects or not any(c.lower_ == "of" for c in objects[0].children):
        return None
    staff = [g for c in objects[0].children if c.lower_ == "of" for g in c.children]
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for g in staff for c in g.children):
        return None  # "will pay the salaries of its workers": an employer pays its own staff
    if verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" for c in verb.children):
        return None
    if verb.tag_ == "VBG" and not any(c.dep_ == "aux" for c in verb.children):
        return None
    if _blocked(verb, None) or _negated_object(verb):
        return None
    anchor = _Anchor(sent, verb, tokens={verb.i})
    return anchor if _donors_for(ctx, anchor) else None


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
            # "two weeks of paid leave" -> the leave; but not "an overview of vaccine
            # progress" or "a fleet of ships": only a measure or a count opens its 'of'
            if _lemma(cand) in _MEASURES or any(c.dep_ == "nummod" for c in cand.children):
                candidates.extend(_of_objects(cand))
        for cand in candidates:
            lemma = _lemma(cand)
            if lemma in ("money", "fund", "funds", "resource") and _lemma(verb) not in (
                "commit",
                "pledge",
                "donate",
            ):
                continue  # "provides money to small businesses" describes, it does not pledge
            if _honour(cand):
                continue  # "announced a second round of awards for design excellence"
            if lemma == "relief" and any(
                c.lower_ == "from" for c in [*cand.children, *verb.children]
            ):
                continue  # "provide relief from Obamacare": relief from a rule, not aid
            if lemma == "aid" and any(_lemma(m) in ("medical", "first") for m in cand.children):
                continue  # "saw him give the man medical aid": treatment, not support
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


def _negated_object(verb: Token) -> bool:
    """'No extra assistance to the labs was provided by the U.S. government.'"""
    return any(
        c.dep_ in ("dobj", "nsubjpass")
        and any(d.lower_ in ("no", "none", "any") for d in c.children)
        for c in verb.children
    )


def _continuation(verb: Token) -> bool:
    """'continue to provide', 'maintain its support' -- a promise of more of the same."""
    if _lemma(verb) in CONTINUE_VERBS:
        return True
    head = verb.head
    return verb.dep_ in ("xcomp", "ccomp") and _lemma(head) in CONTINUE_VERBS


def _quantity_anchors(ctx: _Context, sent: Span, used: set[int]) -> list[_Anchor]:
    """Troops, equipment and in-kind aid with a count, governed by a committing verb."""
    out: list[_Anchor] = []
    for noun, value, unit, kind in counted_nouns(list(sent)):
        if noun.i in used or noun.i in ctx.money_tokens or _has_percent(ctx, noun):
            continue
        verb = next((t for t in _path_up(noun)[1:] if _is_verb(t)), None)
        if verb is None or _lemma(verb) not in QUANTITY_VERBS or verb.i in used:
            continue
        if (
            verb.tag_ == "VBG"
            and not any(c.dep_ == "aux" for c in verb.children)
            and not any(_lemma(a) in _ORDERING for a in list(verb.ancestors)[:3])
        ):
            continue  # "deploying troops is costly": an activity, not an act
        governor = _governing_trigger(verb)
        subject = _subject(verb)
        if (
            governor is not None
            and verb.dep_ == "ccomp"
            and subject is not None
            and subject.pos_ == "PROPN"
        ):
            governor = None  # "France will deploy 1,000 troops, the ministry announced"
        trigger = governor or _deciding_noun(verb) or verb
        if _blocked(trigger, noun) or _blocked(verb, noun) or _negated_object(verb):
            continue
        if _not_the_object(noun, verb):
            continue  # "23 experts sent a letter", "the strike -- 59 missiles -- sent a message"
        if _abstract_recipient(verb):
            continue
        # "hundreds of troops": the magnitude is the object the verb gives, not a receiver
        root = noun if value is not None else noun.head.head
        anchor = _Anchor(sent, trigger, None, root, {noun.i, root.i})
        anchor.quantity, anchor.unit, anchor.kind = value, unit, kind
        out.append(anchor)
    return out


# "signed off on sending 4,000 troops", "authorizes deploying 450 more": the gerund is the act
_ORDERING = {"authorize", "authorise", "approve", "sign", "order"}


# "agreed to spend 2 percent of GDP on defense", "committed to 1.5 percent by 2024": an
# alliance's spending target is a commitment of a share of the economy, not of a sum.
_OF_GDP = re.compile(
    r"\W*of (?:(?:the|its|their|each country's|national) )?(?:GDP|gross domestic product"
    r"|economic output)\b",
    re.I,
)
_DEFENCE = {"defense", "defence", "military", "nato"}
_COMMIT_SHARE = {"commit", "pledge", "promise", "vow", "agree"}
_REACH_SHARE = {"spend", "reach", "meet", "devote", "allocate", "increase", "boost", "hit"}


def _gdp_share_anchors(ctx: _Context, sent: Span, used: set[int]) -> list[_Anchor]:
    """A committed share of GDP for defence; the pledge keeps the share, not a sum. A share
    spent last year is a statistic: only a committing verb above it makes it a pledge."""
    out: list[_Anchor] = []
    if not any(_lemma(t) in _DEFENCE for t in sent):
        return out
    shares = [(a, s) for a, s in ctx.percents if sent.start <= s.start < sent.end]
    # "spent 1.4 percent of GDP ... and committed to 2 percent": the second share is elided
    if not any(_OF_GDP.match(ctx.text, a.end) for a, _ in shares):
        return out
    for amount, span in shares:
        root = span.root
        verb = next((t for t in _path_up(root)[1:] if _is_verb(t)), None)
        if verb is None or verb.i in used:
            continue
        if _lemma(verb) in _COMMIT_SHARE:
            trigger: Token | None = verb
        elif _lemma(verb) in _REACH_SHARE:
            trigger = _governing_trigger(verb)
        else:
            trigger = None
        if trigger is None or _blocked(trigger, root) or _blocked(verb, root):
            continue
        anchor = _Anchor(sent, trigger, None, root, set(range(span.start, span.end)))
        anchor.quantity, anchor.unit, anchor.kind = amount.amount, "percent of GDP", "money"
        out.append(anchor)
    return out


def _threshold(ctx: _Context, trigger: Token) -> bool:
    """'Donors who gave at least $1,000', 'companies that donate $500': a class of givers
    defined by an amount is a threshold or a statistic, not anyone's commitment."""
    if trigger.dep_ != "relcl" or not _is_verb(trigger):
        return False
    head = trigger.head
    if head.tag_ != "NNS" or ctx.ent_by_token.get(head.i) is not None:
        return False
    # "the donors who gave ..." may point back at named donors; a bare plural does not
    return not any(c.dep_ in ("det", "poss") for c in head.children)


# Nouns that measure what follows 'of': "two weeks of paid leave", "tons of food".
_MEASURES = frozenset(
    [
        "week",
        "month",
        "day",
        "year",
        "ton",
        "tonne",
        "dose",
        "shipment",
        "load",
        "batch",
        "round",
        "supply",
        "package",
        "kit",
        "million",
        "billion",
        "thousand",
        "hundred",
        "dozen",
    ]
)


def _class_of_gifts(trigger: Token, amount: Amount) -> bool:
    """'donations of less than $200', 'gifts of at least $1,000': a size class of gifts in
    general, not anybody's gift."""
    return (
        trigger.tag_ == "NNS"
        and amount.qualifier in ("up to", "at least", "more than")
        and not any(c.dep_ in ("det", "poss", "nummod") for c in trigger.children)
    )


def _share_of(ctx: _Context, root: Token) -> bool:
    """'less than 1% of the 108 trillion yen package', 'a third of the $2 trillion': a share
    of an amount is a statistic about it, not a commitment."""
    for token in _path_up(root)[1:]:
        if token.i in ctx.percent_tokens or _lemma(token) in _SHARES_OF:
            return True
    # "About $15 billion, or two-thirds of the overall commitment, ...": a part of a whole
    return any(
        c.dep_ in ("appos", "conj")
        and any(
            _lemma(g) in _SHARES_OF or "-third" in g.lower_ or "-quarter" in g.lower_
            for g in c.subtree
        )
        for c in root.children
    )


_PASSIVE = {"nsubjpass", "auxpass"}


_HABITUAL = {
    "typically", "usually", "often", "regularly", "routinely", "frequently", "generally",
    "traditionally", "normally", "sometimes",
}  # fmt: skip


_SHARES_OF = {
    "percent", "%", "share", "fraction", "portion", "third", "thirds", "half", "quarter",
    "two-thirds", "three-quarters",
}  # fmt: skip


def _not_a_gift(root: Token, trigger: Token) -> bool:
    """Amounts that the words around them make something else than a gift."""
    if any(
        c.dep_ == "amod" and _lemma(c) in BLOCK_AMOUNT_MODIFIERS
        for holder in (root, root.head)
        for c in holder.children
    ):
        return True  # "his requested $5.7 billion", "an estimated $3 billion"
    if (
        _lemma(trigger) in ("give", "award")
        and any(c.dep_ in ("dative", "dobj") and c.pos_ == "PRON" for c in trigger.children)
        and not _organisation_gives_someone(trigger)
    ):
        return True  # "gave them $100 to buy a ski mask", "we've given him $50 billion"
    if (
        _lemma(trigger) in RECEIVE_VERBS
        and trigger.tag_ in ("VBZ", "VBP")
        and not any(c.dep_ == "aux" for c in trigger.children)
    ):
        return True  # "the No. 1 farmer gets $1.9 million of subsidies a year": a statistic
    if (
        _lemma(trigger) in ("promise", "vow", "propose")
        and root.dep_ in ("nummod", "compound")
        and root.head.dep_ == "dobj"
        and _lemma(root.head) in PROGRAM_NOUNS | {"plan", "program"}
    ):
        return True  # "promised a $40 billion Climate Justice Fund": a policy, not a gift
    # "a $100 million commitment" to assemble computers is an investment
    return _lemma(trigger) == "commitment" and not any(
        _lemma(t) in SUPPORT_NOUNS - {"commitment"} | AID_NOUNS for t in trigger.sent
    )


def _organisation_gives_someone(verb: Token) -> bool:
    """'the Carver Fund gave him $8,000': a named organisation's gift to a person named
    before; not a person's or a 'we' handing out cash ('gave them $100 to buy ...')."""
    subject = _subject(verb)
    return (
        subject is not None
        and subject.pos_ == "PROPN"
        and subject.ent_type_ in ("ORG", "GPE", "NORP")  # the tagger reads "NRA" as a place
        and any(c.dep_ == "dative" and c.lower_ in ("him", "her") for c in verb.children)
    )


def _not_the_object(noun: Token, verb: Token) -> bool:
    """The counted noun is the doer, not what is given, when the verb has its own object."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    if not objects:
        return False  # "500 more troops will deploy to the border": the troops are sent
    return not any(noun.i in {t.i for t in c.subtree} for c in objects)


_HELPING = re.compile(
    r"\b(?:aid|assist\w*|help\w*|support\w*|relief|donat\w*|free|gift\w*|back(?:ed|ing)?\b"
    r"|humanitarian|military|defen[cs]e|arm(?:ed|s)?\b|troops)",
    re.I,
)


def _commercial_goods(ctx: _Context, sent: Span, verb: Token, obj: Token | None) -> bool:
    """'Two state companies have provided trucks that North Korea uses': goods supplied by a
    company with no word of help around them are a sale, not support."""
    if obj is None or _lemma(obj) not in GOODS_NOUNS | {"truck", "material", "equipment"}:
        return False
    subject = _subject(verb)
    if subject is None or _entity_label(ctx, subject) != "ORG":
        return False
    name = " ".join(t.text for t in subject.subtree)
    return bool(_COMPANY.search(name)) and not _HELPING.search(sent.text)


_COMPANY = re.compile(r"\b(?:Corporation|Corp|Inc|Group|Company|Co|Ltd|LLC|plc|GmbH)\b\.?")


def _bare_plural(noun: Token) -> bool:
    """'has donated to politicians in his party for a long time': a habit, no one named."""
    return noun.tag_ == "NNS" and not any(
        c.dep_ in ("det", "poss", "nummod", "compound") for c in noun.children
    )


_MERITS = {"excellence", "achievement", "service", "bravery", "merit", "valor", "valour", "design"}


def _honour(noun: Token) -> bool:
    """'federal awards for design excellence': a prize of honour, not support."""
    return _lemma(noun) == "award" and any(
        _lemma(g) in _MERITS for c in noun.children if c.lower_ == "for" for g in c.subtree
    )
