"""Pledge extraction and grouping.

Unit sentences are written for these tests (some fictional givers, some real countries); the
seed articles are read from ../shared/corpora and never copied here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from onrecord.link.pledges import compatible, group_pledges
from onrecord.models import Pledge, Quote
from onrecord.nlp.money.amounts import extract_amounts
from onrecord.nlp.money.pledges import extract_pledges, normalize_donor
from onrecord.nlp.people.extract import extract_people
from onrecord.nlp.pipeline import load_nlp
from onrecord.nlp.time.timex import extract_timexes

DCT = "2025-03-12"  # a Wednesday


def pledges(text: str, dct: str | None = DCT, quotes: list[Quote] | None = None) -> list[Pledge]:
    doc = load_nlp()(text)
    mentions, _ = extract_people(doc)
    return extract_pledges(
        doc, extract_amounts(doc), extract_timexes(doc, dct), quotes or [], mentions, dct
    )


def one(text: str, **kwargs: object) -> Pledge:
    found = pledges(text, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, [(p.donors, p.amount) for p in found]
    return found[0]


# ---- what counts, with what fields ----


def test_country_pledges_an_amount_with_recipient_purpose_and_statement_day() -> None:
    p = one("Norway pledged 2.5 billion euros in humanitarian aid to Moldova on Tuesday.")
    assert p.donors == ["Norway"]
    assert (p.amount, p.currency, p.qualifier) == (2.5e9, "EUR", None)
    assert p.recipient == "Moldova"
    assert p.purpose == "humanitarian aid"
    assert p.status == "pledged"
    assert p.said_on == "2025-03-11"  # "on Tuesday" before a Wednesday publication date
    assert (p.start, p.end) == (0, len(p.text))


def test_list_of_donors_announcing_aid_without_an_amount() -> None:
    p = one("Canada, Sweden and Japan announced new military aid for Moldova.")
    assert p.donors == ["Canada", "Sweden", "Japan"]
    assert p.amount is None
    assert p.status == "announced"
    assert p.purpose == "military aid"


def test_group_donor_with_amount_and_period() -> None:
    p = one(
        "The Allies agreed to a financial pledge of 12 billion euros in security assistance "
        "for this year."
    )
    assert p.donors == ["Allies"]
    assert (p.amount, p.currency) == (12e9, "EUR")
    assert p.period == "for this year"
    assert p.status == "agreed"
    assert p.purpose == "security assistance"


def test_share_of_a_group_committing_to_a_named_program() -> None:
    found = pledges(
        "Through the Northern Relief Facility (NRF), Denmark and Finland are committing more "
        "resources to support Georgia. Over half of the Allies have committed to the facility."
    )
    # "over half of the Allies": which allies is not said, so the donor is unknown
    assert [p.donors for p in found] == [["Denmark", "Finland"], []]
    assert [p.program for p in found] == ["NRF", "NRF"]


def test_including_list_names_the_givers_of_a_collective() -> None:
    p = one(
        "We heard from partners who are committing more resources to Georgia through the "
        "fund, including Chile, Kenya and Portugal."
    )
    assert p.donors == ["Chile", "Kenya", "Portugal"]


def test_us_is_normalised_and_within_a_year_is_the_period() -> None:
    p = one("The U.S. pledged nearly $500 million in aid to Moldova within a year.")
    assert p.donors == ["United States"]
    assert (p.amount, p.qualifier) == (500e6, "nearly")
    assert p.period == "within a year"
    assert p.recipient == "Moldova"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The Senate approved $15 billion in hurricane relief for Texas.", "agreed"),
        ("Germany delivered two air defence systems to Ukraine last week.", "delivered"),
        ("Brightwater Foundation donated $2 million to the city museum.", "delivered"),
        ("Japan will provide $1 billion in reconstruction aid to Haiti.", "pledged"),
        ("The ministry unveiled a $300 million aid package for farmers.", "announced"),
    ],
)
def test_status(text: str, status: str) -> None:
    assert one(text).status == status


def test_bracketed_conversion_does_not_make_a_second_pledge() -> None:
    p = one("Britain gave 10 million pounds ($13 million) to the relief fund.")
    assert (p.donors, p.amount, p.currency) == (["United Kingdom"], 10e6, "GBP")


def test_pronoun_giver_resolved_to_the_person_named_before() -> None:
    p = one("Maria Olsen is a retired surgeon. She donated $2 million to the city museum.")
    assert p.donors == ["Maria Olsen"]
    assert p.recipient == "city museum"


def test_receiving_names_the_giver_after_from() -> None:
    p = one("The Riverside Clinic received $400,000 from the Harbor Foundation.")
    assert p.donors == ["Harbor Foundation"]
    assert p.recipient == "Riverside Clinic"


def test_pledge_inside_a_quote_takes_the_quote_speaker_and_date() -> None:
    text = '"Finland will send $300 million in winter aid to Moldova," said Anna Berg.'
    content = "Finland will send $300 million in winter aid to Moldova,"
    quote = Quote(
        start=1,
        end=1 + len(content),
        text=content,
        kind="direct",
        speaker="Anna Berg",
        speaker_cluster=3,
        said_on="2025-03-10",
    )
    p = one(text, quotes=[quote])
    assert (p.speaker, p.speaker_cluster) == ("Anna Berg", 3)
    assert p.said_on == "2025-03-10"
    assert p.donors == ["Finland"]


# ---- what does not count ----


@pytest.mark.parametrize(
    "text",
    [
        # statistics
        "Allies have provided Moldova with more than 90% of all military aid since 2022.",
        # vague intentions and continuations
        "We must continue to provide Moldova with the tools to defend itself.",
        "The alliance will maintain its support for Moldova.",
        "Ministers should send more air defence systems to Moldova.",
        # requests, demands, plans
        "The governor asked Congress for $4 billion in disaster aid.",
        "The president demanded $5 billion for the barrier.",
        "The group plans to spend $100 million on the midterm races.",
        # negation, hypotheticals, questions
        "Sweden did not pledge any new money for the fund.",
        "If the talks fail, Austria would give $50 million in aid.",
        "Why give $1.5 billion in aid to a junta?",
        # refunds
        "The university returned the $3 million donation to its donor.",
        # money that is no support at all
        "The tariffs cover $60 billion worth of goods.",
        "The national debt rose to $17 trillion.",
        "Harbor Bank Ltd. contributed to this report.",
        # error classes of the 2026-12-07 development samples E and F (sentences of our own)
        "Mira Olsen is a longtime donor who chaired the party's finance committee.",
        "He gave as an example the Sonic Fence, a crowd-control device sold to police.",
        "Verdana Motors has made computers in Austin since 2013 as part of a $90 million"
        " commitment its chief executive praised on television.",
        "The small-business programme had approved 1.2 million loans valued at $310 billion.",
        "The top grower in the county gets $1.4 million worth of subsidies a year.",
        "The sum was less than 1% of the 90 trillion yen stimulus package.",
        "Carl Brandt poured $300,000 of his own money into the 2014 race.",
        "He also gave them $200 to buy masks and gloves for the staged attack.",
        "As a society, we have given him $40 billion, essentially.",
        "Kestrel Heavy Truck Group has provided trucks that the army uses to move missiles.",
        "Poor countries look to rich countries to provide food aid during droughts.",
        "The agency has long struggled to provide modern data systems to the states.",
        "The House bill includes $4 billion for the border wall.",
        "Ardia was desperate for a $1 billion loan guarantee from the United States.",
        "The opposition refused to grant the president his requested $4.7 billion.",
        "The Daily Ledger reported that 20 Ardian tanks have been stationed on the ridge.",
        "Holm, along with 23 other security experts, sent a letter to lawmakers.",
        "Later in the day, Mr. Varga said he was pleased that storm funding was getting approved.",
        "We have received more campaign contributions from more Americans than anyone else.",
        "Kell was arrested after he sent $245 in gift cards to a friend abroad.",
        "In April, Lumen Health was awarded more than $150 million after its lawsuit.",
        "The Harbor PAC has announced a $20 million fall TV campaign.",
        "He started the firm in Tulsa with a $2,000 loan from his wife.",
        # development sample H and the leftovers of A-D (sentences of our own)
        "Homeland Security Secretary Mira Holm sent a letter to lawmakers saying cuts could"
        " mean reduced disaster relief funding and longer waits.",
        "The parents made a purported charitable contribution of $15,000 to the exam scheme.",
        "Lawmakers are faced with challenges, like how to fund hurricane disaster relief.",
        "The adviser had provided substantial assistance with several investigations.",
        "Most of the money was a $1 million loan from Carl Brandt himself to his own campaign.",
        "Kell's firm received $4 million from the businessman, the indictment says.",
        # development sample I (sentences of our own)
        "Under pressure, Harbor Foods announced it will no longer donate to the two charities.",
        "A Republican, Brandt has donated to politicians in his party for a long time.",
        "The ministry transferred $9 billion among defence accounts last year.",
        "Back at the base, the medics saw Holm give him medical aid.",
        "The agency has provided data systems to the states since 2015.",
        # development sample J (sentences of our own)
        "On his first night, the governor signed an order directing his staff to provide"
        " relief from the licensing rules.",
        "About $12 billion, or two-thirds of the overall commitment from the carmakers, is"
        " earmarked for Ohio.",
        "\u201cHelp us keep going \u2014 give $25 or more to hold them accountable,\u201d the"
        " email says.",
        "By 2012, the fund had received $30 billion from the Harbor Development Bank.",
        "The committee provides invaluable support and assistance to its candidates.",
        "The Brandt brothers typically donate millions of dollars to candidates they like.",
        # development sample K (sentences of our own)
        "The senator's super PAC launched an attack ad, pumping $400,000 into a spot.",
        "She complained about \u201cgiving\u201d the retailer $3 billion in tax breaks.",
        "Holm has the simplest plan, saying she'd allocate up to $400 billion to the cities.",
        # development sample L (sentences of our own)
        "An official said the chief of staff had placed an informal hold on the $300 million"
        " in aid to Ardia.",
        "In 1987 he announced a second round of federal awards for design excellence.",
        "\u201cEvery child is a precious gift from God,\u201d he told the crowd.",
        # the wrong pledges of held-out sample G, third pass (sentences of our own)
        "The Treasury and Parliament are weighing a legislative package to provide economic"
        " relief to businesses and people impacted by the storm.",
        "On the left, lawyer Mira Holm has poured almost $2 million into her race.",
        "A separate agreement awarded the company an additional $30 million in tax breaks on"
        " the condition that it retain 900 employees over ten years.",
        "\u201cArdia will stand by you and offer all assistance to find those responsible.\u201d",
        "Accordingly, it is appropriate for the Department of Housing to award eligible renters"
        " full relief.",
        # development sample P, third pass (sentences of our own)
        "In 2019 alone, she funneled more than $200,000 to candidates she\u2019s endorsed by"
        " hosting online fundraising campaigns for them, according to records obtained by the"
        " Ledger.",
        "Action in line with Holm's pledge to take executive action on stalled initiatives",
        "The task force will be empowered to use funding from the Interior Ministry to build"
        " the site.",
        "The measure includes a $12 billion boost over 2019 spending levels for the navy.",
        "The speaker said Parliament had already approved key border security funding in the deal.",
        "Since 2000, 430 hedge fund managers have shelled out nearly $30 million in political"
        " contributions in Ohio State, according to a recent report by Fund Watch, a research"
        " group.",
        "\u201cWe are so very grateful for Brandt\u2019s contribution over these many years,\u201d"
        " the paper said.",
        "Voters in Ardia chose to either accept the terms of their $90 billion bailout or"
        " default on their debt.",
        "Mr. Brandt\u2019s gift to the senator of a \u201cclean bill of health\u201d recalls an"
        " old story.",
        # development sample O, third pass (sentences of our own)
        "Holm said she had spoken to the governor and is ready to provide federal assistance"
        " \u201cas needed.\u201d",
        "Awarded a scholarship to Harvard, Brandt left his home town for Boston.",
        "Ardia has stationed 30,000 troops on the border and has threatened to invade.",
        "Individuals are only allowed to donate a maximum of $3,000 to a candidate per cycle.",
        "Even Holm\u2019s greatest contribution to the farmers\u2019 cause was a passive one.",
        "The lawyers on the team donated $19 to Democrats for every $1 they gave to Republicans.",
        "The appeal raised $300,000 from 6,000 people with average donations of about $50.",
        "Prime Minister Ana Vell said Ardia would be willing to contribute 2,000 personnel to"
        " the new force.",
        # development sample N, third pass (sentences of our own)
        "HWF told us that the official also indicated a hope that HWF would provide a"
        " significant financial contribution to support such efforts.",
        "Seasonal workers contribute $2.1 billion per year in state and local taxes.",
        "In the bill's current form, the ministry would send $800 checks to adults and allocate"
        " $90 billion to a loan program, the agency reports.",
        "The canal is run by the state, but the Ardian Corps of Engineers was providing"
        " assistance in monitoring and drafting repair plans.",
        "With the assistance of tens of millions of dollars from prominent Republican donors,"
        " the institute grew.",
        "The Stimulus Act was signed into law on Feb. 13, 2008, and provided individual tax"
        " relief in the form of tax rebates \u2013 as much as $600 for individuals.",
    ],
)
def test_not_pledges(text: str) -> None:
    assert pledges(text) == []


def test_normalize_donor() -> None:
    assert normalize_donor("the US") == "United States"
    assert normalize_donor("U.S.") == "United States"
    assert normalize_donor("The Netherlands") == "Netherlands"
    assert normalize_donor("NATO allies") == "Allies"
    assert normalize_donor("many European allies") == "European allies"
    assert normalize_donor("Germany's") == "Germany"


# ---- grouping ----


def _p(donors: list[str], amount: float | None, currency: str | None, **kw: object) -> Pledge:
    return Pledge(start=0, end=1, text="", donors=donors, amount=amount, currency=currency, **kw)  # type: ignore[arg-type]


def test_same_commitment_in_two_articles_is_one_group() -> None:
    items = [
        (1, _p(["Allies"], 40e9, "EUR", period="within a year")),
        (2, _p(["Allies"], 40e9, "EUR", period="for this year")),
        (2, _p(["United States"], 8e9, "USD")),
    ]
    assert group_pledges(items) == [0, 0, 1]


def test_different_amounts_currencies_or_donors_never_merge() -> None:
    items = [
        (1, _p(["Allies"], 40e9, "EUR")),
        (2, _p(["Allies"], 45e9, "EUR")),  # different amount
        (3, _p(["Allies"], 40e9, "USD")),  # different currency
        (4, _p(["Japan"], 40e9, "EUR")),  # different donor
        (5, _p([], 40e9, "EUR")),  # unknown donor
    ]
    assert group_pledges(items) == [0, 1, 2, 3, 4]


def test_donor_overlap_is_by_words_and_periods_must_agree() -> None:
    trump = _p(["Trump"], 12e9, "USD")
    administration = _p(["Trump administration"], 12e9, "USD")
    assert compatible(trump, administration)
    assert not compatible(
        _p(["Allies"], 1e9, "EUR", period="2025"), _p(["Allies"], 1e9, "EUR", period="2026")
    )


def test_reports_without_amount_need_the_same_program_and_close_dates() -> None:
    a = _p(["Canada", "Norway"], None, None, program="PURL", said_on="2025-12-03")
    b = _p(["Norway"], None, None, program="PURL", said_on="2025-12-04")
    c = _p(["Norway"], None, None, program="PURL", said_on="2026-03-01")  # months later
    d = _p(["Norway"], None, None, program="NRF", said_on="2025-12-03")  # another program
    assert group_pledges([(1, a), (2, b), (3, c), (4, d)]) == [0, 0, 1, 2]


def test_complete_linkage_keeps_incompatible_reports_apart() -> None:
    # b is compatible with a and with c, but a and c are months apart: c must not join a.
    a = _p(["Chile"], None, None, purpose="military aid", said_on="2025-01-01")
    b = _p(["Chile"], None, None, purpose="military aid", said_on="2025-01-12")
    c = _p(["Chile"], None, None, purpose="military aid", said_on="2025-01-24")
    groups = group_pledges([(1, a), (2, b), (3, c)])
    assert groups[0] == groups[1] and groups[2] != groups[0]


def test_group_pledges_empty() -> None:
    assert group_pledges([]) == []


# ---- the seed articles ----


def _seed_pledges(seeds_dir: Path, seeds_metadata: Path) -> dict[str, list[Pledge]]:
    from onrecord.nlp.analyze import analyze_doc

    nlp = load_nlp()
    with seeds_metadata.open(encoding="utf-8") as fh:
        dates = {row["path"]: row["published"] for row in csv.DictReader(fh)}
    out: dict[str, list[Pledge]] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.name[:3]] = analyze_doc(nlp(text), dates[path.name]).pledges
    return out


def _with(found: list[Pledge], donors: set[str]) -> list[Pledge]:
    return [p for p in found if set(p.donors) == donors]


def test_seed_articles(seeds_dir: Path, seeds_metadata: Path) -> None:
    seeds = _seed_pledges(seeds_dir, seeds_metadata)
    # The allies' 40-billion-euro pledge, reported in two articles months apart: one group.
    allied = {k: _with(v, {"Allies"}) for k, v in seeds.items()}
    assert [(p.amount, p.currency) for p in allied["003"]] == [(40e9, "EUR")]
    assert [(p.amount, p.currency) for p in allied["004"]] == [(40e9, "EUR")]
    assert allied["003"][0].speaker == "Mark Rutte"
    items = [(int(k), p) for k, found in seeds.items() for p in found]
    groups = group_pledges(items)
    forty = {g for (_, p), g in zip(items, groups, strict=True) if p.amount == 40e9}
    assert len(forty) == 1
    assert sum(1 for g in groups if g in forty) == 2
    # Nearly $8 billion from the United States.
    us = _with(seeds["004"], {"United States"})
    assert [(p.amount, p.currency, p.qualifier) for p in us] == [(8e9, "USD", "nearly")]
    # Named donor-country groups.
    assert len(_with(seeds["004"], {"Denmark", "Latvia", "United Kingdom"})) == 1
    assert (
        len(
            _with(
                seeds["003"],
                {"United States", "Germany", "Sweden", "Estonia", "Lithuania", "Norway"},
            )
        )
        == 1
    )
    purl = _with(seeds["002"], {"Canada", "Germany", "Netherlands", "Norway", "Poland"})
    assert [p.program for p in purl] == ["PURL"]
    # The "more than 99% of all military aid" statistic is not a pledge.
    text_004 = next(seeds_dir.glob("004_*.txt")).read_text(encoding="utf-8")
    share = text_004.index("99%")
    assert not any(p.start <= share < p.end for p in seeds["004"])
    # Vague intentions in the seeds ("must continue to provide ...") are not pledges.
    text_002 = next(seeds_dir.glob("002_*.txt")).read_text(encoding="utf-8")
    vague = text_002.index("must continue to provide")
    assert not any(p.start <= vague < p.end for p in seeds["002"])


# ---- commitments that are not money; donor vs announcer; recipients (issue #11) ----


def test_troops_with_quantity_and_unit() -> None:
    p = one("Ardia will keep 3,000 soldiers there through next year, its president said.")
    assert p.donors == ["Ardia"]
    assert (p.kind, p.quantity, p.unit) == ("personnel", 3000.0, "soldiers")
    assert p.amount is None


def test_equipment_delivered_to_a_country() -> None:
    p = one("Norway delivered 12 howitzers to Moldova in September.")
    assert p.donors == ["Norway"]
    assert p.recipient == "Moldova"
    assert (p.kind, p.quantity, p.unit) == ("equipment", 12.0, "howitzers")
    assert p.status == "delivered"


def test_a_team_of_experts_counts_one_team() -> None:
    p = one("Japan sent a team of experts to Turkey after the earthquake.")
    assert p.donors == ["Japan"]
    assert p.recipient == "Turkey"
    assert (p.kind, p.quantity, p.unit) == ("personnel", 1.0, "team of experts")


def test_counted_people_without_a_committing_verb_are_no_pledge() -> None:
    assert pledges("3,000 soldiers died in the battle last winter.") == []


def test_minister_announces_for_the_country() -> None:
    p = one(
        "German Defence Minister Boris Pistorius announced €50 million in military aid for Ukraine."
    )
    assert p.donors == ["Germany"]
    assert p.announced_by == "Boris Pistorius"
    assert p.recipient == "Ukraine"
    assert (p.amount, p.currency, p.kind) == (50e6, "EUR", "money")


def test_administration_gives_for_the_united_states() -> None:
    p = one("The Trump administration pledged $50 million to Ukraine.")
    assert p.donors == ["United States"]
    assert p.recipient == "Ukraine"


def test_chief_executive_announces_for_the_company() -> None:
    p = one("Apple CEO Tim Cook announced the company would donate $5 million to relief efforts.")
    assert p.donors == ["Apple"]
    assert p.announced_by == "Tim Cook"


def test_a_private_donor_is_their_own_donor() -> None:
    p = one(
        "Philanthropist Patty Quillin, the wife of Netflix CEO Reed Hastings, has donated "
        "$1.5 million to the campaign."
    )
    assert p.donors == ["Patty Quillin"]
    assert p.announced_by is None


def test_a_threshold_on_donors_is_no_pledge() -> None:
    assert pledges("Donors who gave at least $1,000 were listed on the website.") == []


def test_recipient_from_the_helping_words_of_the_paragraph() -> None:
    text = (
        "The ministers stressed their support for Moldova. "
        "In Lindholm, the allies agreed to a financial pledge of 4 billion euros in security "
        "assistance for this year."
    )
    p = one(text)
    assert p.recipient == "Moldova"
    assert p.amount == 4e9


def test_editorial_bracket_carries_the_scale() -> None:
    found = pledges("The United States pledged $1 [billion and] $2 billion in aid to Moldova.")
    assert sorted(p.amount for p in found if p.amount) == [1e9, 2e9]


def test_seed_pledges_go_to_ukraine(seeds_dir: Path, seeds_metadata: Path) -> None:
    seeds = _seed_pledges(seeds_dir, seeds_metadata)
    forty = [p for k in ("003", "004") for p in seeds[k] if p.amount == 40e9]
    assert len(forty) == 2
    assert {p.recipient for p in forty} == {"Ukraine"}
    purl = [p for p in seeds["002"] if p.program == "PURL"]
    assert purl and {p.recipient for p in purl} == {"Ukraine"}


def test_non_money_fields_are_stored_and_listed_by_recipient(tmp_path: Path) -> None:
    """Migration 006: kind, quantity, unit and announced_by reach the ledger, and the
    recipient filter finds the pledge by its recipient and nothing else."""
    from onrecord import queries
    from onrecord.models import Analysis, Document
    from onrecord.store.sqlite import SQLiteStore

    text = "Norway delivered 12 howitzers to Moldova in September."
    with SQLiteStore(tmp_path / "r.db") as store:
        assert {"kind", "quantity", "unit", "announced_by"} <= store.columns("pledges")
        (added,) = store.add_documents([Document(text=text, source="test://1")])
        found = pledges(text)
        store.save_analyses([(added.document_id, Analysis(pledges=found))], "test")
        rows = queries.pledges(store, recipient="moldova")
    assert [(r["kind"], r["quantity"], r["unit"], r["recipient"]) for r in rows] == [
        ("equipment", 12.0, "howitzers", "Moldova")
    ]
    with SQLiteStore(tmp_path / "r.db") as store:
        assert queries.pledges(store, recipient="Ukraine") == []


def test_ledger_does_not_add_up_pledges_without_a_donor() -> None:
    from onrecord.ledger import UNNAMED, by_donor

    def row(i: int, donors: list[str], **kw: object) -> dict[str, object]:
        base = {"id": i, "group_id": i, "donors": donors, "amount": None, "currency": None}
        return {**base, **kw}

    rows = [
        row(1, [], amount=5e8, currency="USD"),
        row(2, [], amount=1.9e8, currency="USD"),
        row(3, ["Norway"], amount=2e6, currency="EUR"),
        row(4, ["Norway"], quantity=12.0, unit="howitzers"),
    ]
    out = {r["donor"]: r for r in by_donor(rows)}
    assert out[UNNAMED]["pledges"] == 2 and out[UNNAMED]["totals"] == {}
    assert out["Norway"]["totals"] == {"EUR": 2e6, "howitzers": 12.0}


def test_what_money_buys_is_not_its_recipient() -> None:
    p = one("Ardia pledged €500 million of its own for coastal radar stations.")
    assert p.donors == ["Ardia"]
    assert p.recipient is None


def test_a_president_acts_for_the_state_but_gives_his_own_gifts() -> None:
    p = one(
        "President Obama has authorized the Pentagon to send up to 450 additional troops to Iraq."
    )
    assert p.donors == ["United States"]
    assert (p.quantity, p.unit, p.recipient, p.status) == (450.0, "troops", "Iraq", "agreed")
    gift = one("President Trump donated $100,000 to the hurricane relief fund.")
    assert gift.donors == ["Trump"]


def test_a_funder_of_named_institutions_is_a_giver() -> None:
    p = one("The Harbor Alliance has long been a major funder of the Center for Civic Data.")
    assert p.donors == ["Harbor Alliance"]


def test_a_giverless_amount_needs_an_aid_word() -> None:
    assert pledges("Another $20 million in relief will go to the farmers hit by the flood.")
    assert pledges("We have arranged a market that has awarded him with $50 billion or more.") == []


def test_a_described_person_is_the_donor_not_the_description() -> None:
    p = one(
        "The investor Carl Brandt is a prominent donor and philanthropist who has given"
        " $1 million to the Harbor Fund."
    )
    assert p.donors == ["Carl Brandt"]


def test_an_office_alone_is_no_donor() -> None:
    found = pledges(
        "Last month, Secretary of State Mira Holm promised $60 million in aid for Ardia."
    )
    assert found and all("Secretary of State" not in p.donors for p in found)


def test_a_battalion_of_soldiers_is_one_deployment() -> None:
    found = pledges(
        "Defense Minister Ana Vell of Ardia announced the deployment of a battalion of about"
        " 750 soldiers to the border."
    )
    assert [(p.quantity, p.unit) for p in found] == [(750.0, "soldiers")]


# ---- donor type check, third pass (sentences of our own) ----


def test_a_headline_glued_onto_a_name_is_cut_off() -> None:
    found = pledges(
        "Obama Authorizes Deploying Up To 200 More Trainers To Iraq\n\n"
        "President Obama has authorized the Pentagon to send up to 200 additional trainers"
        " to Iraq."
    )
    assert found and all(p.donors == ["United States"] for p in found)


@pytest.mark.parametrize(
    "text",
    [
        "Secretary of State Mira Holm promised $40 million in aid for Ardian refugees, the"
        " State Department said in Washington.",
        "Defense Secretary Carl Brandt announced the deployment of about 600 soldiers from the"
        " Army's 82nd Airborne Division to Ardia, the Pentagon said.",
    ],
)
def test_a_us_cabinet_member_acts_for_the_united_states(text: str) -> None:
    p = one(text)
    assert p.donors == ["United States"]


@pytest.mark.parametrize(
    "text",
    [
        "The Foundation donated $2 million in grants to the city museum.",
        "The Paycheck Protection Program provided $5 million in relief to Ardian bakeries.",
    ],
)
def test_a_name_cut_short_or_a_programme_is_no_donor(text: str) -> None:
    assert all(p.donors == [] for p in pledges(text))


def test_a_governor_sends_troops_for_the_state() -> None:
    p = one(
        "Ardia Gov. Mira Holm has agreed to send 300 National Guard troops to the border at"
        " the president's request."
    )
    assert p.donors == ["Ardia"]
    assert p.announced_by == "Mira Holm"


# ---- the committing-act gate (act.py): positive evidence or nothing ----


@pytest.mark.parametrize(
    "text",
    [
        # a bare present of a giving verb describes a habit or a statistic
        "The regional council grants local museums about $4 million every year to cover their"
        " heating bills.",
        "The Harbor Foundation provides $2 million in grants to local clinics each year.",
        # what a measure "includes" is not committed while nothing says it passed
        "The funding measure includes $3 billion for the national weather service, an aide said.",
        # an infinitive of purpose under a verb that commits nothing itself
        "President Holm pledged to work with Governor Lind to provide appropriate federal"
        " assistance.",
        # a fragment headed by a gerund names an activity, not an act
        "By pouring $200 million into the county's road program.",
        # help that names no resource
        "Norvik Corp said it is providing legal advice and assistance to its staff.",
        # financing an industry is no gift
        "Halden Capital has become the largest funder of the coal industry.",
        # a plural present of giving: what someone habitually does
        "The Lind family foundations donate to the city museum.",
        # an announcement of tariffs, whatever the amount it names
        "Ardia's move follows an announcement from the president of new tariffs on $20 billion"
        " worth of imports.",
        # a permission, not paid leave
        "Ardia granted him leave to remain in 2019.",
        # a crowd invests
        "Investors have poured $30 billion into bond funds since March.",
        # no giver and no aid: an item of spending
        "Another $40 million was allocated for road maintenance.",
        # what a plan includes is not committed, even after a committee step
        "The governor's plan was unveiled on Monday and cleared a committee. It also includes an"
        " additional $50 billion to fund bridge repairs.",
        # a promised package that is not aid is a policy
        '"He promised us a $40 billion jobs package," Lind said.',
        # eligibility is not a grant
        "The Lunds, who earn $30,000 a year, qualified for $450 in monthly subsidies.",
        # conditional aid
        "Officials said further military aid from Norway to Ardia is contingent on new elections.",
        # an amount of deficit reduction is a cut
        "The Ardian defense ministry agreed to contribute about $40 billion in deficit reduction"
        " over ten years.",
        # a size class of gifts
        "Small contributions of $100 or less were counted through June, the report said.",
        # plural gifts in general, not an act of giving
        "Holm's donations outnumbered Lind's three to one.",
        # a means, not an act
        "Ardia will soon have the capacity to deliver a missile to Norvik.",
        # a readiness is an offer
        "Norway expressed its full support and readiness to give the assistance needed.",
        # a standing arrangement described in the present
        "The Harbor Workers Group draws funding and staffing from the Ardian dockworkers union.",
        # a total broken down into what it includes
        "The $4.1 billion includes grants and loans that have been handed out since March.",
    ],
)
def test_no_committing_act_no_pledge(text: str) -> None:
    assert pledges(text) == []


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Norway gives $5 million in aid to the Red Cross", 5e6),  # a headline's present
        ("Ardia pledges $10 million in aid to Moldova.", 1e7),  # a performative present
        # a bill's contents once the bill has passed
        (
            "The Senate passed the relief bill on Friday. The bill includes $3 billion in aid for"
            " flood victims in Ardia.",
            3e9,
        ),
        (
            "The legislation that sends $4 billion in aid to Ardian farmers was signed on Monday.",
            4e9,
        ),
        ("Norway won praise after sending $2 million in aid to Moldova.", 2e6),
        ("Holm backed Lind in the primary before giving $30 million to a pro-Lind group.", 3e7),
        ("Norway gave $50 million or more to the Ardian Red Cross.", 5e7),
        # lawmakers act for their legislature; the package is aid
        (
            "Officials say help is on the way after lawmakers passed the $2 trillion aid package"
            " last Friday.",
            2e12,
        ),
        # a named receiver or a named source: a grant, not an item of spending
        ("Bridgewater College has been allocated $8 million in relief.", 8e6),
        ("About $13 million from the fund was allocated for stranded workers.", 1.3e7),
        (
            "The Senate passed the bill on Monday. It also includes an additional $50 billion to"
            " fund bridge repairs.",
            5e10,
        ),
    ],
)
def test_a_committing_act_passes_the_gate(text: str, amount: float) -> None:
    assert [p.amount for p in pledges(text)] == [amount]


def test_donations_made_are_an_act_even_in_the_plural() -> None:
    p = one("Members of the Holm family have made donations to the Harbor Party.")
    assert p.amount is None


# AllSides articles full of money that commit nothing: prices, a deficit, tax cuts and tax
# plans, stock sales, drug costs, the cost of tariffs, budget proposals, a "taxpayer receipt",
# campaign fundraising hauls, a settlement, a fine, and estimates of what a stimulus should
# cost. Each was checked (2026-12-08) by reading every sentence with a word of giving in it
# (pledge, donate, grant, aid, contribute, gave, gift, relief, assistance): none commits
# support. Together they state well over a hundred amounts. Chosen outside the gold and every
# judged sample A–S; a cabinet’s pay-cut article of the same search did hold pledges and is not here.
_MONEY_WITHOUT_COMMITMENT = [
    "qNG5Kt7P2QJzbXDv",  # gas prices
    "VEjup2pyW8xELdwS",  # federal deficit
    "R2dDltYmgyb6aYEx",  # tax cuts by income
    "HEf7KqZSScISeP4x",  # senators sold stocks
    "d16zuoxp25aaaj7v",  # drug costs
    "pLJ2ro4XTmUSqKEV",  # the cost of tariffs
    "ZsdC9H4UmIt4RFfW",  # budget proposals compared
    "m7YsqWVR7SUBGXCT",  # a president's budget proposal
    "T4empOcSFuapLi3r",  # where tax money went
    "K2tqT5y8ozlWpYSX",  # a campaign's fundraising haul
    "p4V3TKXXsGrQW5Qr",  # a fundraising push
    "o9D3xjO4tSM4d4D7",  # car prices
    "m6oNCf3TW2mziNHm",  # a company pays to settle claims
    "bhgwzLWv8FMNUYUh",  # a fine
    "w32PYw5zMUygHIfa",  # paying to settle lawsuits
    "gdoqHIFYACjJ0bIl",  # what a stimulus should cost
    "6Gi8JTsxaiurtzbA",  # a tax plan's cost
]


def test_money_heavy_articles_without_a_commitment_give_nothing() -> None:
    from conftest import corpus
    from onrecord.eval.pledges import _article
    from onrecord.nlp.analyze import analyze_doc

    jsons = corpus("allsides-news", "data", "jsons")
    nlp = load_nlp()
    amounts = 0
    found: dict[str, list[str]] = {}
    for doc_id in _MONEY_WITHOUT_COMMITMENT:
        text, dct = _article(jsons, doc_id)
        analysis = analyze_doc(nlp(text), dct)
        amounts += sum(1 for a in analysis.amounts if a.currency)
        if analysis.pledges:
            found[doc_id] = [p.text[:80] for p in analysis.pledges]
    assert amounts >= 100  # the articles are about money
    assert found == {}


# ---- who gives: appositions, bodies named in full earlier, cut names, shares (pldonor) ----


def test_an_apposition_names_the_giver_behind_a_possessive() -> None:
    p = one("Her husband, casino owner Sam Vell, donated $5 million.")
    assert p.donors == ["Sam Vell"]


def test_a_capitalised_bare_body_is_the_one_named_in_full_before() -> None:
    p = one(
        "Last year the Halvard Media Network backed local reporting. The Network has given"
        " more than $20 million to groups including Save the Fens and Open Water."
    )
    assert p.donors == ["Halvard Media Network"]  # the listed groups receive, they do not give


def test_a_list_of_recipients_is_no_list_of_givers() -> None:
    p = one("Ardia has given $20 million to charities including Save the Fens and Open Water.")
    assert p.donors == ["Ardia"]


def test_a_name_split_by_the_parser_is_joined_again() -> None:
    p = one(
        "The U.S. Agency for International Development is sending tents and hygiene kits to"
        " aid 4,000 families in the valley."
    )
    assert p.donors == ["U.S. Agency for International Development"]


def test_the_federal_government_of_a_us_story_is_the_united_states() -> None:
    found = pledges(
        "Congress met in Washington on Monday. By March, the federal government had"
        " committed $11 billion to relief efforts in towns hit by the flood."
    )
    assert [p.donors for p in found] == [["United States"]]


def test_the_federal_government_elsewhere_is_left_as_written() -> None:
    found = pledges(
        "Ottawa and the Canadian provinces met on Monday. By March, the federal government"
        " had committed $11 billion to relief efforts in towns hit by the flood."
    )
    assert all(p.donors != ["United States"] for p in found)


def test_a_chief_executive_speaking_for_the_company_gives_for_it() -> None:
    p = one(
        'Northwind Foods CEO Jane Holm wrote in a post that the company "must do more for the'
        ' city," pledging to donate $2 million.'
    )
    assert p.donors == ["Northwind Foods"]
    assert p.announced_by == "Jane Holm"


def test_a_chief_executive_giving_her_own_money_gives_for_herself() -> None:
    p = one("Northwind Foods CEO Jane Holm donated $2 million of her own money to the museum.")
    assert p.donors == ["Jane Holm"]


def test_a_company_the_tagger_left_unlabelled_is_still_the_chiefs_company() -> None:
    p = one(
        'Brightfield CEO Jane Holm wrote in a post that the company "needs to do more for the'
        " city's schools,\" pledging to donate $2 million."
    )
    assert p.donors == ["Brightfield"]
    assert p.announced_by == "Jane Holm"


def test_he_is_the_person_the_tagger_mislabelled_not_an_earlier_one() -> None:
    # the tagger calls the second and third "Trump" an organisation; "he" is still him
    found = pledges(
        "Mr. Trump spoke to growers in Iowa on Monday. Their tariffs left soybean farmers angry"
        " with Trump and helped Senate Democrats such as Ana Brill, Mo. Now, Trump has enlisted"
        " the European Union to help U.S. fishermen, in addition to the $9 billion in aid he"
        " has promised for U.S. farmers.",
        dct="2016-06-06",  # not yet in office: the person, not the state
    )
    assert [p.donors for p in found] == [["Trump"]]


def test_a_bill_passed_by_two_chambers_names_both_even_when_split_by_a_dash() -> None:
    p = one(
        "The measure passed last week by the state House — where Rep. Mira Holm had pushed it"
        " for a year — and this morning by the state Senate includes $40 million in grants"
        " for flooded towns."
    )
    assert p.donors == ["House", "Senate"]


@pytest.mark.xfail(
    strict=True,
    reason="the committing-act gate (act.py) reads 'her call to provide' as a purpose infinitive "
    "and abstains; the giving is told by 'answering' the call, which it does not see as an act",
)
def test_the_thanked_party_gives_not_the_one_thanking() -> None:
    p = one("The mayor thanked Ardia for answering her call to provide the critical assistance.")
    assert p.donors == ["Ardia"]


@pytest.mark.parametrize(
    "text",
    [
        "Ardia gave $3 million to a group that runs shelters on the coast.",
        "Ardia has given more than $20 million to groups on the coast since 2015.",
        "The Halvard Media Network donated $4 million to the university last year.",
    ],
)
def test_a_bare_common_noun_is_no_recipient(text: str) -> None:
    p = one(text)
    assert p.recipient is None


def test_the_object_given_is_not_the_recipient() -> None:
    p = one(
        "Brightfield, Norwell and many other firms announced that they will provide up to two"
        " weeks of paid leave to every worker who is sick."
    )
    assert p.recipient != "up to two weeks of paid leave"


def test_a_name_after_its_description_without_a_comma_is_the_giver() -> None:
    p = one("The former mayor of Lindholm, Jane Doe just donated $2.5 million to the Harbour Fund.")
    assert p.donors == ["Jane Doe"]


def test_a_president_written_without_the_dot_of_his_initial_acts_for_his_state() -> None:
    p = one("President George W Bush sent 6,000 National Guard troops to the border in 2006.")
    assert p.donors == ["United States"]
    assert p.announced_by == "George W Bush"


def test_the_sitting_president_by_surname_pledges_for_the_united_states() -> None:
    text = (
        "Poland worries about Russia, concerns Obama responded to with a $1 billion security"
        " pledge on a visit to Warsaw earlier this week."
    )
    assert [p.donors for p in pledges(text, dct="2014-06-06")] == [["United States"]]
    # out of office, the surname alone is not the state
    assert [p.donors for p in pledges(text, dct="2019-06-06")] == [["Obama"]]


def test_a_loan_from_a_relative_named_in_apposition_stays_private() -> None:
    found = pledges(
        "Holm worked as a clerk before starting his own firm, Brightfield Data, in 1971 with a"
        " $2,000 loan from his wife, Margot."
    )
    assert found == [] or all(p.donors == [] for p in found)


def test_an_acronym_in_brackets_is_not_part_of_the_donor() -> None:
    p = one(
        "Despite this, the U.S. Agency for International Development (USAID) in July 2014"
        " awarded $723,405 to Ardia Relief, a charity."
    )
    assert p.donors == ["U.S. Agency for International Development"]


def test_the_person_described_as_from_a_place_gives_not_the_place() -> None:
    p = one("“We feel close,” says Rana Vell, a writer and editor from Tel Aviv, who donated $300.")
    assert p.donors == ["Rana Vell"]


def test_a_states_cabinet_gives_for_the_state() -> None:
    p = one(
        "Japan’s cabinet in April earmarked 248.6 billion yen ($2.33 billion) for subsidies to"
        " businesses that move production back home."
    )
    assert p.donors == ["Japan"]


def test_a_programme_named_on_received_loans_is_no_giver() -> None:
    found = pledges("A firm that employs her husband received $15 million in PPP loans.")
    assert all(p.donors != ["PPP"] for p in found)


def test_a_prime_minister_named_in_apposition_pledges_for_the_state() -> None:
    p = one("Japan's Prime Minister Kenji Sato pledged $3 billion in additional aid to Moldova.")
    assert p.donors == ["Japan"]
    assert p.announced_by == "Kenji Sato"


@pytest.mark.parametrize(
    "text", ["The UK government pledged £80 million to help Chile after the floods."]
)
def test_a_named_states_government_is_the_state(text: str) -> None:
    p = one(text)
    assert p.donors == ["United Kingdom"]


@pytest.mark.parametrize(
    ("text", "donors"),
    [
        (
            "City officials in Lindholm on Wednesday awarded $6.4 million in grants to nearly"
            " three dozen community groups.",
            ["Lindholm"],
        ),
        (
            "Congress met on Monday in Washington. City officials in the nation’s capital on"
            " Wednesday awarded $6.4 million in grants to nearly three dozen community groups.",
            ["Washington, D.C."],
        ),
        (
            "City officials on Wednesday awarded $6.4 million in grants to nearly three dozen"
            " community groups.",
            [],
        ),
        ("Norwegian officials on Wednesday pledged $64 million in aid to Moldova.", ["Norway"]),
        (
            "Congress met in Washington on Monday. Federal officials on Friday awarded $30"
            " million in grants to flooded towns.",
            ["United States"],
        ),
        ("Federal officials on Friday awarded $30 million in grants to flooded towns.", []),
        (
            "Congress met on Monday in Washington, and the White House sent a bill. An Ethiopian"
            " choir sang. City officials in the nation’s capital on Wednesday awarded $6.4"
            " million in grants to nearly three dozen community groups.",
            ["Washington, D.C."],
        ),
    ],
)
def test_officials_give_for_the_place_they_govern_or_stay_unknown(
    text: str, donors: list[str]
) -> None:
    assert [p.donors for p in pledges(text)] == [donors]


def test_a_named_party_as_direct_object_is_the_recipient() -> None:
    found = pledges(
        "Along with the donations she gathered from other donors, Holm personally gave the"
        " Brill campaign and the Northern Party $6,500 in 2008."
    )
    assert [p.recipient for p in found] == ["Brill campaign"]


def test_the_legislation_is_what_the_sentence_before_passed() -> None:
    found = pledges(
        "The Senate voted 70-21 to approve the deal on Wednesday, which would fund the"
        " government through May. The legislation included $9.5 billion in aid for towns hit"
        " by the floods."
    )
    assert [p.donors for p in found] == [["Senate"]]


def test_the_legislation_without_a_passer_before_stays_without_a_giver() -> None:
    found = pledges(
        "Critics said the deal was rushed. The legislation included $9.5 billion in aid for"
        " towns hit by the floods."
    )
    assert all(p.donors == [] for p in found)


def test_a_founder_pledges_his_own_money_not_the_companys() -> None:
    p = one("Amazon founder Jeff Bezos pledged $10 billion to fight climate change.")
    assert p.donors == ["Jeff Bezos"]


@pytest.mark.parametrize(
    "text",
    [
        "Norway pledged $50 million in aid to the Ukrainian army.",
        "Britain pledged £2.5 billion to Ukraine's armed forces.",
    ],
)
def test_aid_to_another_states_forces_goes_to_that_state(text: str) -> None:
    p = one(text)
    assert p.recipient == "Ukraine"


def test_a_legislature_funding_its_own_military_is_still_a_budget() -> None:
    assert pledges("Congress gave the U.S. military $700 billion last year.") == []


def test_a_collective_with_members_named_by_such_as_gives_through_them() -> None:
    p = one("Gulf states such as Qatar and Kuwait pledged $2 billion to rebuild the port.")
    assert p.donors == ["Qatar", "Kuwait"]


def test_such_as_inside_the_recipient_names_no_giver() -> None:
    p = one("Ardia has given $20 million to charities such as the Red Cross and UNICEF.")
    assert p.donors == ["Ardia"]
