"""Who is who across a small corpus written for this test (tests/fixtures/identity).

The whole pipeline runs once (ingest, the real spaCy model, linking); the checks read the
record the way a user does: people, quotes by speaker, corrections made on the command line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord import queries
from onrecord.cli import cli
from onrecord.nlp.people.names import (
    first_key,
    name_parts,
    not_person_label,
    split_name,
    surname_key,
)
from onrecord.record import Record
from onrecord.store import SQLiteStore

FIXTURES = Path(__file__).parent / "fixtures" / "identity"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("identity") / "identity.db"
    with Record(path) as record:
        report = record.ingest(
            sorted(str(p) for p in FIXTURES.glob("a*.txt")),
            metadata=FIXTURES / "metadata.csv",
        )
        assert report.as_dict()["failed"] == 0
    yield path


def _people(db: Path) -> dict[str, dict]:
    with SQLiteStore(db, readonly=True) as store:
        return {e["name"]: e for e in queries.entities(store, type="PERSON")}


def _said(db: Path, speaker: str) -> list[str]:
    with SQLiteStore(db, readonly=True) as store:
        return sorted(q["text"].strip('“”",') for q in queries.quotes(store, speaker=speaker))


def _speaker_of(db: Path, words: str) -> str | None:
    with SQLiteStore(db, readonly=True) as store:
        hits = [q for q in queries.quotes(store) if words in q["text"]]
    assert len(hits) == 1, words
    return hits[0]["speaker"] if hits[0]["speaker_id"] is not None else None


# ---- names, without the model ----


def test_generations_and_particles_in_name_keys() -> None:
    assert split_name(name_parts("Harold Quimby Jr.")) == ("Harold", "Quimby Jr.")
    assert surname_key("Quimby Jr.") != surname_key("Quimby")
    assert surname_key("al-Rashidi") == surname_key("Rashidi")
    assert surname_key("van der Molen") == surname_key("Molen")
    assert split_name(name_parts("Ben Novak")) == ("Ben", "Novak")  # "ben" is a particle too
    assert split_name(name_parts("Van Morrison")) == ("Van", "Morrison")
    assert split_name(name_parts("Van der Molen")) == (None, "Van der Molen")
    assert name_parts("Nancy Pelosi Nancy PelosiFauci") == ["Nancy", "Pelosi"]
    assert first_key("Bernie") == first_key("Bernard") != first_key("Bertrand")


def test_type_check_of_person_spans() -> None:
    assert not_person_label("Twitter") == "ORG"
    assert not_person_label("Celebrity Twitter") == "ORG"
    assert not_person_label("Friends") == "WORK_OF_ART"
    assert not_person_label("Command Sgt") == ""
    assert not_person_label("Arthur Bellweather") is None
    assert not_person_label("Megan Fox") is None


# ---- the identity corpus, end to end ----


def test_junior_is_not_his_father(db: Path) -> None:
    people = _people(db)
    assert {"Harold Quimby", "Harold Quimby Jr."} <= set(people)
    assert "Harold Quimby Jr." not in people["Harold Quimby"]["aliases"]
    assert _said(db, "Harold Quimby Jr.") == [
        "I am ready to serve this town",
        "he will run for the Mapleton city council",
    ]
    # the father, and the bare surname in another article: one full name matches it
    assert _said(db, "Harold Quimby") == [
        "He has my full support",
        "Nobody wants to give up the road money",
    ]


def test_namesakes_stay_apart_unless_the_article_says_which(db: Path) -> None:
    people = _people(db)
    assert {"Ruth Pellegrino", "Marco Pellegrino"} <= set(people)
    assert _speaker_of(db, "cannot wait another winter") == "Ruth Pellegrino"
    assert _speaker_of(db, "every family in town") == "Marco Pellegrino"
    # "Senator Pellegrino" later in the same article says which Pellegrino this is
    assert _speaker_of(db, "more time to read the numbers") == "Ruth Pellegrino"
    # nothing says which: unknown beats wrong
    assert _speaker_of(db, "nothing more to decide") not in ("Ruth Pellegrino", "Marco Pellegrino")
    senator = [r for r in people["Ruth Pellegrino"]["roles"] if r["title"] == "Senator"]
    assert senator and all(r["org"] is None for r in senator)  # not the dateline's town


def test_surname_with_particle_joins_its_full_name(db: Path) -> None:
    assert _speaker_of(db, "The first gates open in June") == "Yusuf al-Rashidi"
    assert not any(n in ("Rashidi", "al-Rashidi") for n in _people(db))


def test_surname_right_after_a_full_name_is_that_person(db: Path) -> None:
    assert _speaker_of(db, "empty the villages") == "Piotr Ostrova"
    assert _speaker_of(db, "more than they pay") == "Lena Ostrova"


def test_platforms_shows_and_ranks_are_not_people(db: Path) -> None:
    people = _people(db)
    for name in ("Twitter", "Friends", "Command Sgt", "Command Sgt. Maj", "Lighthouse Keepers"):
        assert name not in people
    assert {"Dana Whitcomb", "Arthur Bellweather"} <= set(people)


# ---- corrections by the user ----


def _run(db: Path, *args: str) -> str:
    res = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert res.exit_code == 0, res.output
    return res.output


def test_people_corrections_are_applied_kept_and_exported(
    db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # work on a copy: the other tests read the uncorrected record
    copy = tmp_path_factory.mktemp("corrected") / "c.db"
    with SQLiteStore(db, readonly=True) as src, SQLiteStore(copy) as dst:
        src._conn.backup(dst._conn)

    listing = _run(copy, "people")  # the listing still works without a subcommand
    assert "Ruth Pellegrino" in listing
    assert json.loads(_run(copy, "people", "--json"))

    # an unknown name is refused, and nothing is stored
    res = CliRunner().invoke(cli, ["--db", str(copy), "people", "merge", "Nobody", "Ruth"])
    assert res.exit_code != 0 and "no person named 'Nobody'" in res.output
    assert json.loads(_run(copy, "people", "corrections", "--json")) == []

    _run(copy, "people", "merge", "Harold Quimby", "Harold Quimby Jr.")
    assert "Harold Quimby Jr." not in _people(copy)
    assert len(_said(copy, "Harold Quimby")) == 4

    _run(copy, "people", "rename", "Marco Pellegrino", "Marco A. Pellegrino")
    assert _speaker_of(copy, "every family in town") == "Marco A. Pellegrino"

    _run(copy, "people", "not-person", "Dana Whitcomb")
    assert "Dana Whitcomb" not in _people(copy)
    assert _speaker_of(copy, "betrayed every viewer") is None

    # split undoes joining across articles: the bare "Pellegrino" of article 5 leaves Ruth
    _run(copy, "people", "split", "Ruth Pellegrino")
    assert _speaker_of(copy, "cannot wait another winter") == "Ruth Pellegrino"
    assert _speaker_of(copy, "more time to read the numbers") == "Pellegrino"

    # kept across a relink (and so across re-analysis: linking replays them every time)
    _run(copy, "link")
    people = _people(copy)
    assert "Harold Quimby Jr." not in people and "Marco A. Pellegrino" in people
    assert "Dana Whitcomb" not in people and "Pellegrino" in people
    assert _speaker_of(copy, "more time to read the numbers") == "Pellegrino"

    exported = json.loads(_run(copy, "export", "--format", "json"))
    assert [(c["action"], c["name"], c["other"]) for c in exported["corrections"]] == [
        ("merge", "Harold Quimby", "Harold Quimby Jr."),
        ("rename", "Marco Pellegrino", "Marco A. Pellegrino"),
        ("not-person", "Dana Whitcomb", None),
        ("split", "Ruth Pellegrino", None),
    ]


# ---- pronouns ----


def test_pronoun_is_not_the_one_spoken_to_nor_a_platform() -> None:
    from onrecord.nlp.analyze import analyze_doc
    from onrecord.nlp.pipeline import load_nlp

    nlp = load_nlp()
    story = (
        "Governor Alan Brecker met reporters on Monday. Brecker told Senator Maria Vold that "
        'the bridge would be finished.\n\n"The money is already there," {p} said.\n\n'
        'Fans on Twitter were angry after the meeting. "It is a scandal," he wrote later.'
    )
    for pronoun, speaker in (("he", "Alan Brecker"), ("she", "Maria Vold")):
        a = analyze_doc(nlp(story.format(p=pronoun)), None)
        said = {q.text.strip('",'): q.speaker for q in a.quotes}
        assert said["The money is already there"] == speaker
        assert said["It is a scandal"] != "Twitter"
        assert "Twitter" not in [p.name for p in a.people]


# ---- roles ----


def test_no_role_from_a_list_or_from_inside_a_quote() -> None:
    from onrecord.link.entities import EntityDoc, link_entities
    from onrecord.models import Analysis, Person, Quote, Role
    from onrecord.nlp.people.extract import extract_people
    from onrecord.nlp.pipeline import load_nlp

    doc = load_nlp()(
        "Crowds gathered for the jubilee, which the Queen, Mr Brandt and other heads of "
        "state will attend in Kelmouth."
    )
    _mentions, people = extract_people(doc)
    brandt = [p for p in people if p.name == "Brandt"]
    assert brandt and not brandt[0].roles

    # "if President Clinton wins" inside someone's quote is what they say, not a title held
    text = 'Olga Marsh said: "If President Tarrant wins, we leave." Tarrant did not reply.'
    start = text.index("If")
    quote = Quote(start=start, end=text.index('."') + 1, text="", kind="direct")
    r0 = text.index("President")
    role = Role(title="President", org=None, start=r0, end=r0 + 9, text="President")
    person = Person(
        name="Tarrant", aliases=["Tarrant"], roles=[role], mentions=[(r0 + 10, r0 + 17)]
    )
    linking = link_entities([EntityDoc(1, "2024-01-01", Analysis(people=[person], quotes=[quote]))])
    assert [e.roles for e in linking.entities if e.name == "Tarrant"] == [[]]


# ---- asking for a namesake by surname alone ----


def test_a_shared_surname_alone_is_refused_with_the_people_it_could_mean(db: Path) -> None:
    people = _people(db)
    pellegrinos = sorted(n for n in people if n.split()[-1] == "Pellegrino")
    assert len(pellegrinos) >= 2, pellegrinos
    res = CliRunner().invoke(cli, ["--db", str(db), "quotes", "--speaker", "Pellegrino"])
    assert res.exit_code == 1
    assert "names several people" in res.output
    assert all(n in res.output for n in pellegrinos)
    # the full name is one person and answers
    full = CliRunner().invoke(cli, ["--db", str(db), "quotes", "--speaker", pellegrinos[0]])
    assert full.exit_code == 0, full.output
    with Record(db, readonly=True) as record, pytest.raises(queries.AmbiguousPerson):
        record.quotes(speaker="Pellegrino")


def test_a_surname_of_one_person_still_answers(db: Path) -> None:
    res = CliRunner().invoke(cli, ["--db", str(db), "quotes", "--speaker", "Rashidi", "--json"])
    assert res.exit_code == 0, res.output


# ---- what `onrecord quotes --speaker X --json` answers ----


def _cli_said(db: Path, speaker: str) -> list[str]:
    out = _run(db, "quotes", "--speaker", speaker, "--json")
    return sorted(q["text"].strip('“”",') for q in json.loads(out))


def test_quotes_by_speaker_on_the_command_line_are_exactly_theirs(db: Path) -> None:
    # Sr. and III: three generations of one name are three people, "Sr." written as the
    # article writes it (the tokenizer splits its dot off)
    assert _cli_said(db, "Arnold Kestrel Sr.") == ["The cows have not changed, the prices have"]
    assert _cli_said(db, "Arnold Kestrel III") == ["We sell more cheese than milk these days"]
    # a particle surname opening a sentence ("Van der Molen said"), and written alone in
    # another article ("van der Molen told the board"): the one full name it matches
    assert _cli_said(db, "Femke van der Molen") == [
        "Half the valley came out",
        "We will not wait for the spring floods this year",
        "the turnout was the best in years",
    ]
    assert _cli_said(db, "Harold Quimby Jr.") == [
        "I am ready to serve this town",
        "he will run for the Mapleton city council",
    ]
    assert _cli_said(db, "Yusuf al-Rashidi") == [
        "Every village will get its share",
        "The first gates open in June",
    ]
