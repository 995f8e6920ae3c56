"""Institutions, governments, news agencies and documents as speakers.

Sentences written for these tests: the organisations are real-sounding, the places and
people fictional. The spaCy model is the real one, and the whole per-document analysis runs
(people first, then institutions), as in ``onrecord analyze``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from spacy.language import Language

from onrecord import export, queries
from onrecord.models import Document, Quote
from onrecord.nlp.analyze import analyze_doc
from onrecord.nlp.pipeline import load_nlp
from onrecord.nlp.quotes.speakers import PROVISIONAL_CONFIDENCE, SPEAKER_CONFIDENCE


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def quote(nlp: Language, text: str, containing: str) -> Quote:
    found = [q for q in analyze_doc(nlp(text), "2024-05-01").quotes if containing in q.text]
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def speaker_of(nlp: Language, text: str, containing: str) -> tuple[str | None, ...]:
    q = quote(nlp, text, containing)
    return q.speaker, q.speaker_type, q.speaker_evidence


@pytest.mark.parametrize(
    ("text", "containing", "expected"),
    [
        (
            "The Kremlin said on Tuesday that the talks in Vestria had been postponed.",
            "postponed",
            ("Kremlin", "government", "organisation"),
        ),
        (
            "The Defense Ministry's press office said the drills near Lake Orlen would end.",
            "drills",
            ("Defense Ministry", "government", "organisation"),
        ),
        (
            "Beijing denied that its ships had entered the waters near the Karvel Reef.",
            "ships",
            ("China", "government", "organisation"),
        ),
        (
            "Moscow said the sanctions on Dravia would fail.",
            "sanctions",
            ("Russia", "government", "organisation"),
        ),
        (
            "Egypt said it would reopen the crossing to aid convoys next week.",
            "reopen",
            ("Egypt", "government", "organisation"),
        ),
    ],
)
def test_named_institutions_and_capitals(
    nlp: Language, text: str, containing: str, expected: tuple[str, str, str]
) -> None:
    assert speaker_of(nlp, text, containing) == expected


def test_generic_noun_resolves_to_the_organisation_of_that_kind(nlp: Language) -> None:
    text = (
        "The Environmental Protection Agency opened a review of the Dunmore plant in March. "
        "The agency said the plant had exceeded its permit twice."
    )
    assert speaker_of(nlp, text, "permit") == (
        "Environmental Protection Agency",
        "organisation",
        "organisation",
    )


def test_trade_group_skips_organisations_of_another_kind(nlp: Language) -> None:
    text = (
        "The National Retail Federation, a trade group, met the Commerce Department on "
        'Monday. "Shoppers are cautious this year," the trade group said.'
    )
    assert speaker_of(nlp, text, "Shoppers") == (
        "National Retail Federation",
        "organisation",
        "organisation",
    )


def test_news_agency_and_broadcaster(nlp: Language) -> None:
    text = (
        "Reuters obtained a copy of the draft. The news agency reported that the vote was delayed."
    )
    assert speaker_of(nlp, text, "vote") == ("Reuters", "news_agency", "organisation")
    text = "The BBC aired the interview late on Sunday. The broadcaster reported that the minister had resigned."
    assert speaker_of(nlp, text, "resigned") == ("BBC", "news_agency", "organisation")


def test_generic_noun_with_nothing_of_its_kind_stays_unknown(nlp: Language) -> None:
    text = "Officials in Vestria met on Monday. The agency said the plan would be delayed."
    q = quote(nlp, text, "delayed")
    assert (q.speaker, q.speaker_type, q.speaker_confidence) == (None, None, None)
    assert q.speaker_mention == "The agency"


def test_documents_resolve_to_their_issuer(nlp: Language) -> None:
    text = (
        "The State Department issued a statement on Sunday about the detained sailors. "
        "The statement said the sailors were in good health."
    )
    assert speaker_of(nlp, text, "good health") == ("State Department", "government", "document")
    text = (
        "A statement from the Ministry of Health arrived on Monday. "
        "The statement warns that the water in Drellford is unsafe to drink."
    )
    assert speaker_of(nlp, text, "unsafe") == ("Ministry of Health", "government", "document")
    text = (
        "The Ministry of Health published an advisory on Monday. "
        "The advisory warns that the water in Drellford is unsafe to drink."
    )
    assert speaker_of(nlp, text, "unsafe") == ("Ministry of Health", "government", "document")


def test_a_letter_is_its_writer_a_person(nlp: Language) -> None:
    text = (
        "Mayor Ilse Varga sent a letter to the council on Friday. "
        '"We cannot wait another year," the letter says.'
    )
    q = quote(nlp, text, "another year")
    assert (q.speaker, q.speaker_type, q.speaker_evidence) == ("Ilse Varga", "person", "document")
    assert q.speaker_cluster is not None  # links to the person like any named speaker


def test_people_carry_type_evidence_and_confidence(nlp: Language) -> None:
    text = (
        "Mayor Ilse Varga opened the new bridge in Drellford on Friday. "
        "Varga said the bridge had cost less than planned. "
        "She added that a second bridge would follow."
    )
    named = quote(nlp, text, "cost less")
    assert (named.speaker, named.speaker_type, named.speaker_evidence) == (
        "Ilse Varga",
        "person",
        "named",
    )
    assert named.speaker_confidence == SPEAKER_CONFIDENCE["named"].probability
    pronoun = quote(nlp, text, "second bridge")
    assert (pronoun.speaker, pronoun.speaker_evidence) == ("Ilse Varga", "pronoun")


def test_unnamed_officials_are_not_institutions(nlp: Language) -> None:
    text = "U.S. officials said the talks in Vestria would resume next week."
    q = quote(nlp, text, "resume")
    assert q.speaker is None and q.speaker_type is None


def test_confidence_table_is_probabilities_with_reasons_and_basis() -> None:
    kinds = {"named", "pronoun", "role", "organisation", "document", "corpus_role"}
    assert set(SPEAKER_CONFIDENCE) == kinds == set(PROVISIONAL_CONFIDENCE)
    for entry in SPEAKER_CONFIDENCE.values():
        assert 0.0 < entry.probability < 1.0 and entry.reason and entry.basis


def test_campaign_named_after_a_person_is_an_organisation(nlp: Language) -> None:
    text = (
        "Ilse Varga is running for governor of Dravia. "
        "The Varga campaign said the debate would go ahead on Thursday."
    )
    q = quote(nlp, text, "debate")
    assert (q.speaker, q.speaker_type, q.speaker_evidence) == (
        "Varga campaign",
        "organisation",
        "organisation",
    )
    assert q.speaker_cluster is None  # not linked to Varga herself


def test_newspaper_is_the_last_paper_named_not_a_broadcaster(nlp: Language) -> None:
    text = (
        "The Vestria Times first reported the closure on Monday, and CNN followed. "
        "The newspaper said the plant would stay shut until June."
    )
    assert speaker_of(nlp, text, "shut") == ("Vestria Times", "news_agency", "organisation")


def test_short_name_takes_the_full_name_written_earlier(nlp: Language) -> None:
    text = (
        "The Drellford Post asked the mayor for the figures in May. "
        "The Post said on Tuesday that the figures had never arrived."
    )
    assert speaker_of(nlp, text, "never arrived")[0] == "Drellford Post"


# ---- through the store and the linker ----

_ARTICLES = (
    "Sailors held in Vestria are safe\n\n"
    "The State Department issued a statement on Sunday about the three sailors detained in "
    "Vestria. The statement said the sailors were in good health.\n\n"
    "Beijing denied that its ships had entered the waters near the Karvel Reef. China has "
    "sent two survey ships to the area this year.",
    "Talks on Vestria resume next week\n\n"
    "The State Department said on Tuesday that talks on the detained sailors would resume "
    "next week in Orlen.\n\n"
    "Mayor Ilse Varga said the city would host the delegations.",
)


def test_organisation_speakers_are_stored_linked_and_filterable(tmp_path: Path) -> None:
    from onrecord.record import Record

    with Record(tmp_path / "record.db") as record:
        record.store.add_documents(
            [Document(text=t, source=f"fixture-{i}.txt") for i, t in enumerate(_ARTICLES)]
        )
        record.analyze()
        record.link()
        state = record.quotes(speaker="State Department")
        china = record.quotes(speaker="China")
        varga = record.quotes(speaker="Ilse Varga")
        entities = {e["id"]: e for e in queries.entities(record.store, type=None)}
        exported = json.loads(export.to_json(record.store))["quotes"]
        csv_path, parquet_path = (
            next(
                p
                for p in export.write_tables(record.store, fmt, tmp_path / fmt)
                if p.stem == "quotes"
            )
            for fmt in ("csv", "parquet")
        )
    fields = {"speaker", "speaker_id", "speaker_type", "speaker_mention"}
    fields |= {"speaker_confidence", "speaker_evidence"}
    assert all(fields <= set(q) for q in exported)
    assert fields <= set(csv_path.read_text(encoding="utf-8").splitlines()[0].split(","))
    assert fields <= set(pq.read_schema(parquet_path).names)
    assert sorted(q["speaker_evidence"] for q in state) == ["document", "organisation"]
    assert {q["speaker"] for q in state} == {"State Department"}
    assert len({q["speaker_id"] for q in state}) == 1  # both link to one ORG entity
    assert entities[state[0]["speaker_id"]]["type"] == "ORG"
    (beijing,) = china
    assert beijing["speaker_mention"] == "Beijing" and beijing["speaker_type"] == "government"
    assert entities[beijing["speaker_id"]]["type"] == "GPE"
    (mayor,) = varga
    assert (mayor["speaker_type"], mayor["speaker_evidence"]) == ("person", "named")
    for q in state + china + varga:
        assert 0 < q["speaker_confidence"] < 1


def test_title_resolved_across_the_corpus_names_the_article_that_says_who(
    tmp_path: Path,
) -> None:
    from onrecord.record import Record

    first = (
        "Orlen Alliance picks a new chief\n\nOrlen Alliance Secretary General Tomas Velde "
        "opened the summit in Port Selin on Monday. Velde said the alliance would double its "
        "patrols."
    )
    unnamed = (
        "Patrols to start in June\n\nThe secretary general of the Orlen Alliance said on "
        "Friday that the first patrols would start in June."
    )
    successor = (
        "Alliance changes hands\n\nOrlen Alliance Secretary General Mara Lind took office on "
        "Thursday. Lind said the patrols were her first priority."
    )
    with Record(tmp_path / "record.db") as record:
        a, b = record.store.add_documents(
            [
                Document(text=first, source="a.txt", published="2024-03-04"),
                Document(text=unnamed, source="b.txt", published="2024-03-08"),
            ]
        )
        record.analyze()
        record.link()
        (q,) = queries.quotes(record.store, document_id=b.document_id)
        assert (q["speaker"], q["speaker_type"], q["speaker_evidence"]) == (
            "Tomas Velde",
            "person",
            "corpus_role",
        )
        assert q["speaker_evidence_document"] == a.document_id
        assert q["speaker_confidence"] == SPEAKER_CONFIDENCE["corpus_role"].probability
        # a holder named nearer the date takes over at the next link, with its article
        (c,) = record.store.add_documents(
            [Document(text=successor, source="c.txt", published="2024-03-07")]
        )
        record.analyze()
        record.link()
        (q,) = queries.quotes(record.store, document_id=b.document_id)
    assert (q["speaker"], q["speaker_evidence"]) == ("Mara Lind", "corpus_role")
    assert q["speaker_evidence_document"] == c.document_id


@pytest.mark.parametrize(
    ("text", "containing", "expected"),
    [
        (
            "Washington said the sanctions on Dravia would stay in place.",
            "sanctions",
            ("United States", "government", "organisation"),
        ),
        (
            "The White House said the president would travel to Orlen in May.",
            "travel",
            ("White House", "government", "organisation"),
        ),
        (
            "Russia's Foreign Ministry said the sanctions on Dravia were illegal.",
            "illegal",
            ("Foreign Ministry (Russia)", "government", "organisation"),
        ),
        (
            "Ilse Varga met the Orlen Shipping Company board on Monday. "
            "The company said profits would fall this year.",
            "profits",
            ("Orlen Shipping Company", "organisation", "organisation"),
        ),
        (
            "The Kremlin said on Tuesday that the talks had been postponed. "
            "It added that a new date would be set in May.",
            "new date",
            ("Kremlin", "government", "pronoun"),
        ),
    ],
)
def test_more_institution_forms(
    nlp: Language, text: str, containing: str, expected: tuple[str, str, str]
) -> None:
    assert speaker_of(nlp, text, containing) == expected


@pytest.mark.parametrize(
    ("text", "containing"),
    [
        ("The company said profits would fall this year.", "profits"),
        ("Chinese state media reported that the talks in Orlen had ended.", "talks"),
        ("Democrats said the bill on Dravia would fail.", "bill"),
    ],
)
def test_nobody_in_particular_stays_unknown(nlp: Language, text: str, containing: str) -> None:
    assert speaker_of(nlp, text, containing) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "containing"),
    [
        ("Some of the Orlen Rangers said the patrols had been cut short.", "patrols"),
        ("The Vestria office of the Orlen Shipping Company said the ships had left.", "ships"),
    ],
)
def test_people_of_an_organisation_are_not_the_organisation(
    nlp: Language, text: str, containing: str
) -> None:
    speaker, stype, _evidence = speaker_of(nlp, text, containing)
    assert stype != "government" and speaker not in ("Orlen Rangers", "Vestria")


def test_the_generic_ministry_keeps_the_country_named_with_it(nlp: Language) -> None:
    text = (
        "Egypt's Interior Ministry opened an inquiry into the fire on Monday. "
        "The ministry said the cause was not yet known."
    )
    assert speaker_of(nlp, text, "cause")[0] == "Interior Ministry (Egypt)"


@pytest.mark.parametrize(
    ("text", "containing"),
    [
        (
            "According to the latest publication of test results from the Orlen Department of "
            "Health, several labs reported only positive results.",
            "several labs",
        ),
        (
            "A report released by the Orlen Department of Health on Monday said the water "
            "was unsafe.",
            "water",
        ),
    ],
)
def test_document_with_its_issuer_in_the_same_sentence(
    nlp: Language, text: str, containing: str
) -> None:
    assert speaker_of(nlp, text, containing) == (
        "Orlen Department of Health",
        "government",
        "document",
    )


def test_document_without_issuer_stays_unknown(nlp: Language) -> None:
    text = "The report said the bridge over the Orlen river was unsafe."
    assert speaker_of(nlp, text, "bridge") == (None, None, None)


@pytest.mark.parametrize(
    ("text", "containing", "expected"),
    [
        (
            "Senate Republicans said the appointments were illegal.",
            "appointments",
            "Senate Republicans",
        ),
        (
            "The Varga administration defended the budget on Monday. "
            "The administration said the cuts were needed.",
            "cuts",
            "Varga administration",
        ),
    ],
)
def test_caucus_and_the_administration_named_earlier(
    nlp: Language, text: str, containing: str, expected: str
) -> None:
    assert speaker_of(nlp, text, containing) == (expected, "organisation", "organisation")


def test_cli_quotes_by_organisation_name(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from onrecord.cli import cli

    folder = tmp_path / "articles"
    folder.mkdir()
    for i, text in enumerate(_ARTICLES):
        (folder / f"article{i}.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "record.db")
    runner = CliRunner()
    done = runner.invoke(cli, ["--db", db, "-q", "ingest", str(folder)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(cli, ["--db", db, "quotes", "--speaker", "State Department", "--json"])
    assert done.exit_code == 0, done.output
    rows = json.loads(done.stdout)
    assert len(rows) == 2 and {r["speaker"] for r in rows} == {"State Department"}
    for r in rows:
        assert r["speaker_type"] == "government" and r["speaker_id"] is not None
        assert r["speaker_evidence"] in ("organisation", "document")
        assert r["speaker_mention"] in ("The State Department", "The statement")
        assert 0 < r["speaker_confidence"] < 1


def test_an_institution_named_in_the_article_never_goes_to_a_title_holder(
    tmp_path: Path,
) -> None:
    """'The Justice Department' also parses as the title 'Justice': the corpus knows a
    justice, but the article named the department."""
    from onrecord.record import Record

    court = (
        "Court hears the case\n\nJustice Mara Lind of the Orlen Supreme Court said on Monday "
        "that the hearing would resume."
    )
    inquiry = (
        "Inquiry opens\n\nThe Justice Department said on Friday that the inquiry into the "
        "Orlen port would open in June."
    )
    with Record(tmp_path / "record.db") as record:
        _a, b = record.store.add_documents(
            [
                Document(text=court, source="a.txt", published="2024-03-04"),
                Document(text=inquiry, source="b.txt", published="2024-03-08"),
            ]
        )
        record.analyze()
        record.link()
        (q,) = queries.quotes(record.store, document_id=b.document_id)
    assert (q["speaker"], q["speaker_type"], q["speaker_evidence"]) == (
        "Justice Department",
        "government",
        "organisation",
    )
