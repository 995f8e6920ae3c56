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

from spacy.tokens import Doc

from onrecord.models import Amount, Mention, Pledge, Quote, Timex
from onrecord.nlp.pledges.anchors import _anchors
from onrecord.nlp.pledges.core import _Anchor, _Context, _lemma
from onrecord.nlp.pledges.donors import _donors_for, giver_and_announcer, normalize_donor
from onrecord.nlp.pledges.lexicon import (
    _CREDIT,
    _NOT_COMMITMENT,
    _UNDOING,
    BUDGET_RECIPIENTS,
    NOT_DONORS,
)
from onrecord.nlp.pledges.slots import (
    _period,
    _program,
    _purpose,
    _recipient,
    _said_on,
    _status,
    _text_start,
)

__all__ = ["extract_pledges", "normalize_donor"]


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
            or _NOT_COMMITMENT.search(text)
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


def _build(ctx: _Context, anchor: _Anchor) -> Pledge | None:
    donors, announced_by = giver_and_announcer(ctx, anchor, _donors_for(ctx, anchor))
    donors = [d for d in donors if _names_someone(d)]
    amount = anchor.amount
    if not donors and amount is None and anchor.quantity is None:
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
    if pledge.recipient is not None:
        last = pledge.recipient.lower().split()[-1]
        if last in BUDGET_RECIPIENTS:
            return None  # "gives the Pentagon $165 billion": a budget, not a commitment
        if pledge.recipient.split()[0].lower() in ("this", "that", "these", "those") or (
            pledge.recipient.lower() in NOT_DONORS
        ):
            pledge.recipient = None  # "this campaign", "fact": unknown beats wrong
    if pledge.recipient is None and _lemma(anchor.trigger) in ("go", "flow"):
        return None  # "$1.6 trillion went to ..." without a named recipient is a statistic
    if amount is not None and amount.unit != "range":
        pledge.amount = amount.amount
        pledge.currency = amount.currency
        pledge.qualifier = amount.qualifier
    elif amount is not None:
        pledge.currency = amount.currency
    pledge.announced_by = announced_by
    if amount is not None:
        pledge.kind = "money"
    elif anchor.quantity is not None:
        pledge.kind, pledge.quantity, pledge.unit = anchor.kind, anchor.quantity, anchor.unit
    pledge.period = _period(ctx, anchor)
    position = anchor.amount_root.idx if anchor.amount_root is not None else anchor.trigger.idx
    quote = next((q for q in ctx.quotes if q.start <= position < q.end), None)
    if quote is not None:
        pledge.speaker = quote.speaker
        pledge.speaker_cluster = quote.speaker_cluster
    pledge.said_on = _said_on(ctx, anchor, quote)
    return pledge


def _names_someone(donor: str) -> bool:
    """'Money', 'official', 'thousands more donors', 'One group': no giver is named."""
    words = donor.lower().split()
    if not words or all(w in NOT_DONORS for w in words):
        return False
    if words[0] in ("one", "thousands", "hundreds", "millions", "dozens", "some", "many"):
        return False
    return not (len(words) <= 2 and words[-1] in NOT_DONORS)
