"""Who gives: donors from the parse around an anchor, and the announcer who speaks for them.

The donor is the state or organisation that gives; a minister, spokesperson or chief
executive who announces it is ``announced_by``. Names go through ``onrecord.lexicon`` so that
'the U.S.', 'Washington' and 'the Trump administration' are one donor.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from onrecord import lexicon
from onrecord.nlp.money.pledges.core import (
    _SHARES,
    _Anchor,
    _complements,
    _Context,
    _entity_label,
    _first_verb,
    _is_verb,
    _lemma,
    _of_objects,
    _subject,
)
from onrecord.nlp.money.pledges.lexicon import (
    DONOR_LABELS,
    GROUP_NOUNS,
    INSTITUTIONS,
    INSTRUMENTS,
    RECEIVE_VERBS,
    REPRESENTATIVES,
)


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
                label = _entity_label(ctx, child)
                if child.dep_ in ("compound", "amod") and label in ("GPE", "NORP", "ORG"):
                    name = _nationality(_donor_name(ctx, child) or child.text)
                    if label == "ORG" and not lexicon.canonical(name):
                        continue  # "received $15 million in PPP loans": a programme
                    return [name]
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
        if current.dep_ == "ccomp" and _lemma(head) in _TELLING:
            return None  # "Fox News reported that 20 tanks have been stationed": the reporter
        if _lemma(head) == "thank" and (
            thanked := next((c for c in head.children if c.dep_ == "dobj"), None)
        ):
            # "Trump thanked Congress for answering his call to provide the aid": the thanked
            # party gives, the one thanking receives or asked
            return thanked
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


# Verbs that report what happened; their subject tells, it does not give (unlike "announce").
_TELLING = {"say", "report", "tell", "write", "note", "add", "claim", "state", "find", "show"}


def _antecedent(noun: Token) -> Token:
    """'the Foundation, a group that ...' -> the Foundation; 'Liz Simons, the daughter ...'."""
    while noun.dep_ == "appos" and noun.head.i != noun.i:
        noun = noun.head
    # "Rana Vell, a writer from Lindholm, who donated": the clause hangs on the place of a
    # description; the person described gives, not the town
    from_place = (
        noun.dep_ == "pobj"
        and noun.head.lower_ in ("from", "in", "of", "at")
        and noun.ent_type_ in ("GPE", "LOC", "FAC")
    )
    if noun.pos_ == "PROPN" and not from_place:
        return noun
    # "Liz Simons, the daughter of a retired billionaire, who gave ...": the parser may hang
    # the clause on the last noun; "Soros ... is a major donor and philanthropist who has
    # given ...": on the predicate. Climb to the named person the description is about.
    current = noun
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            break
        if current.dep_ in ("appos", "conj", "pobj", "prep"):
            current = head
        elif current.dep_ == "attr":
            subject = _subject(head)
            if subject is None:
                break
            current = subject
        else:
            break
        if current.pos_ == "PROPN":
            return current
        named = [c for c in current.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if named:
            return named[0]  # "The investor, Carl Brandt, is a donor who ..."
    return noun


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
        # "Gulf states such as Qatar and Kuwait pledged": named members, like "including"
        such_as = token.lower_ == "as" and any(c.lower_ == "such" for c in token.children)
        if (token.lower_ == "including" or such_as) and token.dep_ == "prep":
            if token.head.tag_ == "NNS" and _under_prep(token, verb, _NOT_GIVER_PREPS):
                # "has given $2 million to groups including A and B": A and B receive; but
                # "resources to Ukraine through the fund, including A, B" lists the givers
                continue
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


# Prepositions whose object receives or carries a gift, never gives it.
_NOT_GIVER_PREPS = frozenset(
    ["to", "for", "into", "toward", "towards", "through", "among", "via", "on", "in"]
)


def _under_prep(token: Token, top: Token, preps: frozenset[str]) -> bool:
    """Whether ``token`` hangs below one of ``preps`` on its way up to ``top``."""
    current = token.head
    while current.i != top.i and current.head.i != current.i:
        if current.dep_ in ("prep", "dative") and current.lower_ in preps:
            return True
        current = current.head
    return False


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
    if subject.pos_ == "NOUN" and subject.dep_ == "nsubj":
        # "The former mayor of Lindholm, Jane Doe donated ...": without the closing comma the
        # parser makes the description and the name two subjects; the name is the giver
        named = [
            c
            for c in subject.head.children
            if c.dep_ == "nsubj" and c.i != subject.i and c.pos_ == "PROPN"
        ]
        if named:
            subject = named[0]
    if subject.pos_ == "PRON":
        resolved = _resolve_pronoun(ctx, subject, anchor)
        return [resolved] if resolved else []
    if _lemma(subject) in INSTRUMENTS:
        # "The legislation passed ... by the U.S. House ... and by the Senate includes ..."
        names: list[str] = []
        # "The bill, passed by the House": a passing verb; "proposed by Walker" is no giver
        passers = [c for c in subject.children if c.dep_ == "acl" and _lemma(c) in _PASSING]
        if subject.dep_ == "nsubj" and _lemma(subject.head) in _PASSING:
            passers.append(subject.head)
        # "passed by the House ... and this morning by the Senate includes": the parser may
        # hang the second "by" on a verb conjoined to the first
        passers += [c for p in passers for c in p.conjuncts if _is_verb(c)]
        for passer in passers:
            for agent in passer.children:
                if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "by"):
                    for pobj in agent.children:
                        if pobj.dep_ == "pobj":
                            names += [n for n in _list_names(ctx, pobj) if n not in names]
        if not names and any(c.lower_ == "the" for c in subject.children):
            names = _previous_passer(ctx, anchor)
        return names
    return _list_names(ctx, subject)


def _previous_passer(ctx: _Context, anchor: _Anchor) -> list[str]:
    """'The Senate voted 80-17 to approve the deal ... The legislation included $15
    billion': "the legislation" is what the sentence before passed, and its passer gives.
    Only a named body that passes (a legislature, a council) is taken."""
    start = anchor.sent.start
    if start == 0:
        return []
    before = ctx.doc[start - 1].sent
    for verb in before:
        if not _is_verb(verb) or _lemma(verb) not in _PASSING | {"vote"}:
            continue
        current = verb
        while current.dep_ in ("xcomp", "conj") and current.head.i != current.i:
            current = current.head  # "voted 80-17 to approve": the subject of "voted"
        subject = _subject(current)
        if subject is not None and subject.pos_ == "PROPN":
            label = _entity_label(ctx, subject)
            if label == "ORG" or subject.text in _LEGISLATURE_WORDS:
                return _list_names(ctx, subject)
    return []


_LEGISLATURE_WORDS = frozenset(["Congress", "Senate", "House", "Parliament", "Assembly"])
_PASSING = frozenset(["pass", "approve", "sign", "enact", "adopt", "authorize", "authorise"])


def _donor_name(ctx: _Context, token: Token) -> str | None:
    if any(start <= token.idx < end for start, end in ctx.dateline_chars):
        return None  # the dateline's city is where the story was filed, not a giver
    if token.pos_ == "PROPN" and _generic_body(token) and (named := _named_body(ctx, token)):
        return named  # "The Network" after "the Omidyar Network": the one named in full
    ent = ctx.ent_by_token.get(token.i)
    if ent is not None and ent[2] in DONOR_LABELS:
        span = ctx.doc.char_span(ent[0], ent[1], alignment_mode="expand")
        # The entity names the donor when it holds the head: "Facebook CEO Mark Zuckerberg".
        if span is not None and span.start <= token.i < span.end:
            return normalize_donor(_uncut(ctx, token, ctx.full_name(ent)))
    if ent is not None and ent[2] not in DONOR_LABELS:
        return None  # "from October 2015" is a date, not a giver
    lemma = _lemma(token)
    title = token.lower_ in lexicon.STATE_TITLES or token.lower_ in lexicon.ORG_TITLES
    if token.pos_ != "PROPN" or title:
        # "Japan's Prime Minister Fumio Kishida pledged": the title's holder, named in
        # apposition, acts for his state (resolved in ``giver_and_announcer``).
        # "Her husband, casino owner Sam Vell, donated": the apposition names the giver, and
        # a name is better than resolving "her husband"; "One group alone, the D.C.-based
        # Republican State Leadership Conference, poured in" likewise.
        # A relative's name must be a person's: "a loan from his wife, Margot" tagged a place
        # is no state giving.
        kin = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
        labels = ("PERSON",) if kin else ("ORG", "GPE", "PERSON")
        for appos in (c for c in token.children if c.dep_ == "appos"):
            if _entity_label(ctx, appos) in labels:
                return _donor_name(ctx, appos)
    owner = next(
        (
            c
            for c in token.children
            if c.dep_ == "poss" and (c.pos_ == "PRON" or c.lower_ == "whose")
        ),
        None,
    )
    if lemma in lexicon.GOVERNMENT_HEADS and owner is None:
        # "Japan's cabinet earmarked", "Britain's government pledged": the state gives
        for poss in (c for c in token.children if c.dep_ == "poss" and c.pos_ == "PROPN"):
            nation = lexicon.country(poss.text) or lexicon.country(_noun_phrase(poss))
            if nation:
                return nation
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
        country = _affiliation(ctx, who, owner.idx) if lemma == "government" else None
        if country:
            return country  # "Ardia's foreign minister ... her government" -> Ardia
        last = who.split()[-1] if _looks_person(ctx, who) else who
        return f"{last} {token.text}"
    if token.pos_ != "PROPN" and (named := _named_body(ctx, token)):
        return named
    if lemma == "official" and token.pos_ != "PROPN":
        # "City officials in Lindholm awarded ...": officials act for the place they govern
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "in"):
            for place in (g for g in prep.children if g.dep_ == "pobj"):
                if _entity_label(ctx, place) == "GPE":
                    return _donor_name(ctx, place)
                if _capital_of_us(ctx, place):
                    return "Washington, D.C."
        for mod in (c for c in token.children if c.dep_ in ("compound", "amod")):
            if _entity_label(ctx, mod) in ("GPE", "NORP") and (nation := lexicon.country(mod.text)):
                return nation  # "Norwegian officials", "U.S. officials": their state
            if mod.lower_ == "federal" and _us_story(ctx):
                return "United States"  # "federal officials" of a U.S. story
        return None  # "City officials", "officials": which body is not said
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
        # a share of a group: "over two-thirds of Allies", "three of the countries". Kept as
        # written so that the pledge stands; ``is_share`` makes it an unknown donor, since
        # which members gave is not said.
        whole = [t for t in token.subtree if t.dep_ == "pobj" and t.head.lower_ == "of"]
        if whole and (whole[0].pos_ == "PROPN" or _lemma(whole[0]) in GROUP_NOUNS):
            return normalize_donor(_noun_phrase(token))
    return None


# Kinds of body whose capitalised bare noun ("The Network", "the Foundation") stands for the
# one named in full earlier, as a noun would; "the Senate" or "the Pentagon" is itself a name.
_BODY_KINDS = frozenset(
    ["network", "foundation", "fund", "alliance", "group", "club", "coalition", "trust",
     "institute", "society", "association", "council", "committee", "company", "corporation"]
)  # fmt: skip


def _generic_body(token: Token) -> bool:
    return token.lower_ in _BODY_KINDS and not any(
        c.dep_ in ("compound", "amod") for c in token.children
    )


_CUT_ENDS = frozenset(["for", "of", "and", "the", "to", "on", "&"])


def _uncut(ctx: _Context, token: Token, name: str) -> str:
    """'U.S. Agency for' -> 'U.S. Agency for International Development': a name that ends
    in a function word was cut short; the parser's entity over the same token is whole."""
    words = name.split()
    if not words or words[-1].lower() not in _CUT_ENDS:
        return name
    ents = list(token.doc.ents)
    for k, ent in enumerate(ents):
        if not (ent.start <= token.i < ent.end and name in ent.text):
            continue
        if len(ent.text) > len(name):
            return ent.text
        # the parser itself split it: "The U.S. Agency for" + "International Development"
        nxt = ents[k + 1] if k + 1 < len(ents) else None
        if nxt is not None and nxt.start == ent.end and nxt.label_ == ent.label_:
            return token.doc[ent.start : nxt.end].text
    return name


def _capital_of_us(ctx: _Context, place: Token) -> bool:
    """'the nation's capital' in a story set in the United States is Washington, D.C."""
    return (
        place.lower_ == "capital"
        and any(c.dep_ == "poss" and c.lower_ == "nation" for c in place.children)
        and _us_story(ctx)
    )


def _named_body(ctx: _Context, token: Token) -> str | None:
    """'the alliance' -> the organisation in focus whose name ends in that noun ('Northern
    Atlantic Alliance'), when it is the most mentioned such one in the document."""
    if token.tag_ not in ("NN", "NNP") or not any(c.lower_ == "the" for c in token.children):
        return None  # "The Network has given ...": capitalised, still the one in focus
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
    # "U.S. Agency for International Development (USAID", "(USAID)": the acronym repeats it
    text = re.sub(r"\s*\([^()]*\)?$", "", text).strip() or text
    text = re.sub(r"(?:'s|’s|'|’)$", "", text).strip()
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    # "many European allies" -> "European allies"; "over two-thirds of Allies" keeps its share
    text = re.sub(r"^(?:many|some|several|all|other|various|both)\s+(?=\w)", "", text, flags=re.I)
    known = lexicon.canonical(text)
    if known:
        return known
    if text.islower() and text.split()[-1] in ("allies",):
        return "Allies"
    return text


_SHARE_WORDS = re.compile(
    r"^(?:(?:over|nearly|almost|about|more than|less than|at least|some)\s+)?"
    r"(?:half|a third|a quarter|two-thirds|three-quarters|one-third|majority|minority|most"
    r"|many|some|several|few|dozens|\d+%?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|a number|a handful)\s+of\s",
    re.I,
)


def is_share(donor: str) -> bool:
    """'over two-thirds of Allies', 'three of the countries': part of a group, unnamed."""
    return bool(_SHARE_WORDS.match(donor))


def _nationality(name: str) -> str:
    return lexicon.demonym_of(name) or name


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
    return any(e[2] == "PERSON" and name in (ctx.full_name(e), e[3]) for e in ctx.entities)


def _previous_person(ctx: _Context, before: int, not_before: int) -> str | None:
    best: tuple[int, int, str, str, int | None] | None = None
    # a person's name the tagger labelled otherwise at this mention ("Now, Trump has
    # enlisted ..." as ORG) is still that person: the name is a PERSON elsewhere
    people = {e[3]: e for e in ctx.entities if e[2] == "PERSON"}
    for ent in ctx.entities:
        if not_before <= ent[0] < before and (ent[2] == "PERSON" or ent[3] in people):
            best = ent if ent[2] == "PERSON" else people[ent[3]]
    if best is None:
        return None
    return ctx.full_name(best)


# Verbs through which a person speaks for a giver: "the minister announced €50 million".
_ANNOUNCING = frozenset(
    [
        "announce",
        "say",
        "unveil",
        "confirm",
        "pledge",
        "promise",
        "commit",
        "vow",
        "tell",
        "state",
        "add",
        "note",
        "write",
    ]
)
# A generic noun standing for the company its chief speaks for: "Apple CEO Tim Cook said the
# company would donate ...".
_COMPANY_NOUNS = frozenset(["company", "firm", "group", "corporation", "business"])


def _affiliation(ctx: _Context, person: str, before: int) -> str | None:
    """The state or organisation a titled person acts for, at their last mention before
    ``before``: "German Defence Minister Boris Pistorius" -> Germany, "Apple CEO Tim Cook" ->
    Apple. None for a person without such a title: a private donor gives for themself."""
    mentions = [
        ent
        for ent in ctx.entities
        if ent[0] < before and ent[2] == "PERSON" and ctx.full_name(ent) == person
    ]
    # "US President Donald Trump ... Mr Trump has deployed": the title is at an earlier mention
    for mention in reversed(mentions):
        body = _affiliation_at(ctx, mention)
        if body is not None:
            return body
    return None


_OWN_MONEY_TITLES = frozenset(["founder", "co-founder", "cofounder"])
_ABBREVIATED_TITLES = {"gov.": "governor", "gov": "governor", "amb.": "ambassador"}


def _affiliation_at(ctx: _Context, mention: tuple[int, int, str, str, int | None]) -> str | None:
    span = ctx.doc.char_span(mention[0], mention[1], alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    around = [t for t in root.subtree if t.i < span.start]
    for appos in (c for c in root.children if c.dep_ == "appos"):
        inner = list(appos.subtree)
        if any(
            (e := ctx.ent_by_token.get(t.i)) is not None and e[2] == "PERSON" and e != mention
            for t in inner
        ):
            continue  # "Patty Quillin, the wife of Netflix CEO Reed Hastings": his title
        around += inner
    # the parser may leave the title outside the name's subtree: "Defence Minister Jane Doe"
    j = span.start - 1
    while j >= max(0, span.start - 6) and ctx.doc[j].pos_ in ("PROPN", "NOUN", "ADJ", "PART"):
        around.append(ctx.doc[j])
        j -= 1
    # "California Gov. Jerry Brown": abbreviated titles are titles
    words = {_ABBREVIATED_TITLES.get(t.lower_, t.lower_) for t in around}
    state = bool(words & lexicon.STATE_TITLES)
    # a founder gives from his own fortune ("Amazon founder X pledged $10 billion to fight
    # climate change"); a chief executive or chair speaks for the company
    org = bool(words & lexicon.ORG_TITLES - _OWN_MONEY_TITLES)
    if not (state or org):
        return None
    for token in sorted(around, key=lambda t: t.i):
        label = _entity_label(ctx, token)
        if label in ("GPE", "NORP") and state:
            nation = lexicon.country(token.text) or lexicon.canonical(token.text)
            if nation:
                return nation
            if label == "GPE":
                return _donor_name(ctx, token)
        if label == "ORG" and org and not state:
            return _donor_name(ctx, token)
    if org and not state:
        return _untagged_company(ctx, around)
    return None


def _capitalised_name(token: Token) -> bool:
    return (
        token.pos_ in ("PROPN", "NOUN")
        and token.text[:1].isupper()
        and (token.lower_ not in lexicon.ORG_TITLES and token.lower_ not in _COMPANY_NOUNS)
    )


_COMPANY_TITLES = frozenset(["ceo", "chief", "chairman", "chairwoman", "chair", "president"])


def _untagged_company(ctx: _Context, around: list[Token]) -> str | None:
    """'Facebook CEO Mark Zuckerberg' where the tagger left 'Facebook' unlabelled: the
    proper nouns right before the executive title name the company."""
    for title in sorted(around, key=lambda t: t.i):
        if title.lower_ not in _COMPANY_TITLES or title.i == 0:
            continue
        words: list[Token] = []
        j = title.i - 1
        # the tagger may call a company's name a noun ("Facebook" NOUN): capitals decide
        while j >= 0 and len(words) < 3 and _capitalised_name(ctx.doc[j]):
            if _entity_label(ctx, ctx.doc[j]) not in (None, "ORG"):
                return None  # "Ardian CEO", "Monday CEO": not a company's name
            words.insert(0, ctx.doc[j])
            j -= 1
        if words:
            return normalize_donor("".join(t.text_with_ws for t in words).strip())
    return None


def _announcer(ctx: _Context, anchor: _Anchor) -> str | None:
    """The person whose announcing verb governs the pledge, if a person."""
    chain = [anchor.trigger, *anchor.trigger.ancestors]
    for token in chain:
        if not _is_verb(token) or _lemma(token) not in _ANNOUNCING:
            continue
        subject = _subject(token)
        if subject is None:
            continue
        ent = ctx.ent_by_token.get(subject.i)
        if ent is not None and ent[2] == "PERSON":
            return ctx.full_name(ent)
    return None


def giver_and_announcer(
    ctx: _Context, anchor: _Anchor, donors: list[str]
) -> tuple[list[str], str | None]:
    """Split who gives from who announces: a minister's pledge is their country's, a chief
    executive's is their company's, and "the Trump administration" is the United States."""
    announcer = _announcer(ctx, anchor)
    before = anchor.sent.end_char
    out: list[str] = []
    for donor in donors:
        words = donor.split()
        if (
            len(words) == 2
            and words[1].lower() in lexicon.GOVERNMENT_HEADS
            and words[0] in lexicon.US_ADMINISTRATIONS
        ) or donor in ("White House",):
            donor = "United States"  # the administration gives for its state
        elif donor.lower() == "administration" and _us_administration_story(ctx):
            donor = "United States"  # "the administration unveiled $12 billion for farmers"
        elif donor.lower() in _COMPANY_NOUNS and announcer:
            company = _affiliation(ctx, announcer, before)
            if company is None:
                continue  # "the company" without a named company: unknown beats wrong
            donor = company
        elif (
            len(words) >= 2
            and words[-1].lower() in ("government", "cabinet")
            and (nation := lexicon.country(" ".join(words[:-1]), seats=False))
        ):
            donor = nation  # "the UK government", "the Norwegian government" -> the state
        elif donor in _FEDERAL and _us_story(ctx):
            donor = "United States"  # "the federal government had committed $110 billion"
        elif _looks_person(ctx, donor):
            body = _affiliation(ctx, donor, before) or _us_president(ctx, donor, before)
            if body is not None and (
                not _personal_gift(anchor)
                or (not lexicon.is_country(body) and _speaks_for_company(anchor))
            ):
                announcer = announcer or donor
                donor = body
        elif donor.split()[-1] in _MILITARY_UNITS and announcer:
            # "Defense Secretary Mark Esper announced the deployment of ... the 82nd Airborne
            # Division": the unit is what is sent; the state sending it gives
            body = _affiliation(ctx, announcer, before) or _us_president(ctx, announcer, before)
            if body is None:
                continue  # unknown beats wrong
            donor = body
        if donor not in out:
            out.append(donor)
    if announcer in out:
        announcer = None  # a private donor announcing their own gift is just the donor
    return out, announcer


_FEDERAL = frozenset(["federal government", "U.S. government", "US government"])


def _us_story(ctx: _Context) -> bool:
    """A story set in the United States rather than in another federation (its markers
    outnumber the other's mentions twice over), where "the federal government" is
    Washington's: an Ethiopian community group named once does not move the story."""
    us = len(_US_MARKERS.findall(ctx.text))
    return us >= 2 and us > 2 * len(_OTHER_FEDERATIONS.findall(ctx.text))


_US_MARKERS = re.compile(
    r"\b(?:U\.S\.|United States|American|Congress|White House|Washington|FEMA|Pentagon"
    r"|Senate|House of Representatives)\b"
)
_OTHER_FEDERATIONS = re.compile(
    r"\b(?:Canad|German|Australi|Nigeria|Brazil|Mexic|India|Pakistan|Malaysia|Austria|Belgi"
    r"|Switzerland|Swiss|Argentin|Venezuela|Ethiopia|Somalia|Sudan|Iraq|Nepal|Russia)"
)


def _speaks_for_company(anchor: _Anchor) -> bool:
    """'Acme CEO Jane Holm wrote that the company must do more, pledging to donate $2
    million': the chief speaks for the company in this very sentence, so the gift is its."""
    return any(
        t.lower_ in _COMPANY_NOUNS and any(c.lower_ in ("the", "our", "its") for c in t.children)
        for t in anchor.sent
    )


_MILITARY_UNITS = frozenset(
    ["Division", "Brigade", "Battalion", "Regiment", "Squadron", "Fleet", "Corps", "Unit"]
)


def _personal_gift(anchor: _Anchor) -> bool:
    """'Trump donated $1 million to the fund': a titled person's own gift is theirs, not their
    country's; only acts of state (sending troops, pledging aid) are the state's."""
    if anchor.kind is not None:
        return False
    lemmas = {_lemma(t) for t in [anchor.trigger, *anchor.trigger.ancestors][:3]}
    if lemmas & {"donate", "contribute", "donation", "contribution", "gift", "give"}:
        return True
    text = anchor.sent.text.lower()
    return bool(re.search(r"\b(?:his|her) (?:own|personal)\b|\bcampaign\b|\bcharit", text))


def _us_administration_story(ctx: _Context) -> bool:
    """A bare "the administration" in a story about a U.S. president or the White House."""
    return bool(
        re.search(
            r"\bWhite House\b|\bPresident (?:" + "|".join(lexicon.US_ADMINISTRATIONS) + r")\b",
            ctx.text,
        )
    )


def _us_president(ctx: _Context, person: str, before: int) -> str | None:
    """'President Obama has authorized the Pentagon to send 450 troops': a U.S. president
    (by surname) called President before this point acts for the United States; so does a
    U.S. cabinet member by title ('Secretary of State John Kerry promised $60 million',
    'Defense Secretary Mark Esper announced the deployment') in a story about the U.S."""
    last = person.split()[-1]
    name = rf"(?:[A-Z][a-z.]*\s+){{0,2}}{re.escape(last)}\b"  # "George W Bush"
    president = last in lexicon.US_ADMINISTRATIONS or last in _US_PAST_PRESIDENTS
    if president and (
        person.replace(".", "") in _US_PRESIDENT_NAMES
        or re.search(rf"\bPresident\s+{name}", ctx.text[:before])
        or (person == last and _sitting(last, ctx.dct))
    ):
        return "United States"
    if re.search(rf"{_US_CABINET}\s+{name}", ctx.text[:before]) and re.search(
        r"\b(?:U\.S\.|US|United States|American|Pentagon|Washington)\b", ctx.text
    ):
        return "United States"
    return None


# Terms of office (from, until): a bare "Obama" in a story published in 2014 is the sitting
# president, whose security pledge is his state's.
_US_TERMS = {
    "Clinton": [("1993-01-20", "2001-01-20")],
    "Bush": [("2001-01-20", "2009-01-20")],
    "Obama": [("2009-01-20", "2017-01-20")],
    "Trump": [("2017-01-20", "2021-01-20"), ("2025-01-20", "2029-01-20")],
    "Biden": [("2021-01-20", "2025-01-20")],
}


def _sitting(surname: str, dct: str | None) -> bool:
    if not dct:
        return False
    return any(start <= dct[:10] < end for start, end in _US_TERMS.get(surname, []))


_US_PAST_PRESIDENTS = frozenset(
    ["Kennedy", "Johnson", "Nixon", "Ford", "Roosevelt", "Truman", "Eisenhower"]
)
# without dots, as compared: "George W. Bush" and "George W Bush" are one name
_US_PRESIDENT_NAMES = frozenset(
    ["Barack Obama", "Donald Trump", "Joe Biden", "George W Bush", "George HW Bush"]
)
# U.S. cabinet titles as American papers write them ("Defence Secretary" is British).
_US_CABINET = (
    r"\b(?:(?:[Aa]cting\s+)?(?:Defense|Homeland Security|Treasury|Agriculture|Energy|Health)"
    r"\s+Secretary|Secretary of (?:State|Defense|Homeland Security|the Treasury|Agriculture"
    r"|Energy|Health and Human Services)|Pentagon chief)"
)
