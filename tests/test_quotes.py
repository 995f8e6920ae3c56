"""Quote extraction on sentences written for these tests (fictional people and places).

The spaCy model is the real one. The seed-article checks at the end read the real articles
from ../shared/corpora/seeds and assert on short key phrases only, never on their sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from conftest import corpus
from onrecord.models import Quote
from onrecord.nlp.pipeline import load_nlp
from onrecord.nlp.quotes.extract import extract_quotes
from onrecord.nlp.quotes.marks import find_quoted
from onrecord.nlp.quotes.transcripts import find_turns


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def quotes_of(nlp: Language, text: str) -> list[Quote]:
    doc = nlp(text)
    found = extract_quotes(doc)
    for q in found:  # every offset points into the text exactly
        assert text[q.start : q.end] == q.text
        if q.cue is not None:
            assert text[q.cue_start : q.cue_end] == q.cue
        if q.speaker_mention is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_mention
    return found


def only(found: list[Quote], containing: str) -> Quote:
    hits = [q for q in found if containing in q.text]
    assert len(hits) == 1, f"expected one quote with {containing!r}, got {found}"
    return hits[0]


# ---- quotation marks ----


def test_marks_pair_straight_curly_and_guillemets() -> None:
    text = '"We sail at dawn," she said. “The harbour is ready.” «Nous partons.»'
    spans = find_quoted(text)
    assert [text[q.start : q.end] for q in spans] == [
        "We sail at dawn,",
        "The harbour is ready.",
        "Nous partons.",
    ]


def test_marks_continue_over_paragraphs_that_reopen() -> None:
    text = "He said: “The first part.\n\n“The second part,” he added.\n"
    (span,) = find_quoted(text)
    assert text[span.start : span.end] == "The first part.\n\n“The second part,"
    assert span.close is not None


def test_marks_unclosed_quote_ends_with_its_paragraph() -> None:
    text = 'She wrote "the ferry will run\nThe next paragraph is narration.'
    (span,) = find_quoted(text)
    assert span.close is None
    assert text[span.start : span.end] == "the ferry will run"


def test_marks_single_curly_outer_quotes_skip_apostrophes() -> None:
    text = "‘The islanders’ patience is gone,’ she said. They don’t agree."
    (span,) = find_quoted(text)
    assert text[span.start : span.end] == "The islanders’ patience is gone,"
    assert span.single


def test_marks_inner_quotes_belong_to_the_outer_quote() -> None:
    text = "“They call it ‘the long winter’ here,” he said."
    (span,) = find_quoted(text)
    assert text[span.start : span.end] == "They call it ‘the long winter’ here,"


def test_marks_straight_excerpt_keeps_curly_speech_apart() -> None:
    text = '"The crowd waited.\n\n“Here she comes,” a man said.'
    spans = find_quoted(text)
    assert [text[q.start : q.end] for q in spans] == ["The crowd waited.", "Here she comes,"]


# ---- direct quotes and cue positions ----


def test_direct_cue_after(nlp: Language) -> None:
    (q,) = quotes_of(nlp, "“We will reopen the northern port in May,” Ana Vell said on Monday.")
    assert q.kind == "direct"
    assert q.text == "We will reopen the northern port in May,"
    assert q.cue == "said"
    assert q.speaker_mention == "Ana Vell"


def test_direct_inverted_cue_with_role_phrase(nlp: Language) -> None:
    text = '"The ferries will run all winter," said Lindholm Foreign Minister Ana Vell.'
    (q,) = quotes_of(nlp, text)
    assert q.kind == "direct"
    assert q.speaker_mention == "Lindholm Foreign Minister Ana Vell"


def test_direct_cue_before_with_colon(nlp: Language) -> None:
    (q,) = quotes_of(nlp, "Tom Brek told reporters: “Nobody in Skarland wants this dispute.”")
    assert q.kind == "direct"
    assert q.text == "Nobody in Skarland wants this dispute."
    assert q.cue == "told"
    assert q.speaker_mention == "Tom Brek"


def test_direct_cue_before_with_comma_and_object(nlp: Language) -> None:
    found = quotes_of(nlp, "Ana Vell told the mayor, “Your bridge will be finished by spring.”")
    q = only(found, "bridge")
    assert (q.kind, q.cue, q.speaker_mention) == ("direct", "told", "Ana Vell")


def test_direct_told_object_without_comma(nlp: Language) -> None:
    found = quotes_of(nlp, "Ana Vell told the mayor “the bridge will be finished by spring.”")
    q = only(found, "bridge")
    assert (q.kind, q.speaker_mention) == ("direct", "Ana Vell")


def test_direct_according_to_after(nlp: Language) -> None:
    text = "“The fleet is ready to sail,” according to Admiral Jon Harde."
    (q,) = quotes_of(nlp, text)
    assert q.kind == "direct"
    assert q.cue == "according to"
    assert q.speaker_mention == "Admiral Jon Harde"


def test_direct_split_around_cue_gives_two_quotes_sharing_the_cue(nlp: Language) -> None:
    text = "“The talks went well,” the foreign minister said, “and we will meet again in June.”"
    found = quotes_of(nlp, text)
    assert [q.text for q in found] == ["The talks went well,", "and we will meet again in June."]
    assert {(q.cue_start, q.speaker_start) for q in found} == {
        (found[0].cue_start, found[0].speaker_start)
    }
    assert found[0].speaker_mention == "the foreign minister"


def test_direct_pronoun_speaker(nlp: Language) -> None:
    (q,) = quotes_of(nlp, "“We expected more from the council,” she said.")
    assert q.speaker_mention == "she"


def test_direct_multi_sentence_quote(nlp: Language) -> None:
    text = "“The harbour is closed. The ferries are idle. We need help,” Tom Brek said."
    (q,) = quotes_of(nlp, text)
    assert q.text == "The harbour is closed. The ferries are idle. We need help,"
    assert q.speaker_mention == "Tom Brek"


def test_direct_quote_over_paragraphs_is_one_quote(nlp: Language) -> None:
    text = (
        "Ana Vell said: “The storm hit the coast hard.\n\n"
        "“We will rebuild every pier before the summer season.”\n"
    )
    found = quotes_of(nlp, text)
    assert len(found) == 1
    assert found[0].text.startswith("The storm hit") and found[0].text.endswith("season.")
    assert found[0].speaker_mention == "Ana Vell"


def test_direct_continuation_copies_previous_speaker(nlp: Language) -> None:
    text = (
        "“The budget is balanced,” said Finance Minister Tom Brek.\n"
        "“Next year we will cut the ferry tax. Islanders have waited long enough.”\n"
    )
    first, second = quotes_of(nlp, text)
    assert first.cue == "said"
    assert second.kind == "direct"
    assert second.cue is None
    assert (second.speaker_start, second.speaker_end) == (first.speaker_start, first.speaker_end)


def test_direct_standalone_after_indirect_continues_its_speaker(nlp: Language) -> None:
    text = "Ana Vell stressed that the port must stay open. “Without it, the island starves.”"
    found = quotes_of(nlp, text)
    indirect = only(found, "port must stay open")
    direct = only(found, "island starves")
    assert indirect.kind == "indirect"
    assert direct.kind == "direct" and direct.cue is None
    assert direct.speaker_mention == "Ana Vell"


def test_direct_manner_verb_and_colon_frames(nlp: Language) -> None:
    found = quotes_of(nlp, "Tom Brek leaned in and laughed: “Nobody reads those reports.”")
    q = only(found, "Nobody reads")
    assert (q.kind, q.speaker_mention) == ("direct", "Tom Brek")


def test_direct_dash_signature(nlp: Language) -> None:
    text = "“The island deserves better roads.” ― Mara Quist\n“Fix the ferry first.” ― Olaf Rennet"
    found = quotes_of(nlp, text)
    assert [q.speaker_mention for q in found] == ["Mara Quist", "Olaf Rennet"]
    assert all(q.kind == "direct" for q in found)


def test_transcript_turns_take_their_labels() -> None:
    text = (
        "HOST: Will the ferry run tomorrow?\n\n"
        "VELL: It will, and every day after that.\n\n"
        "HOST: Even in a storm?\n\n"
        "VELL: Even then.\n"
    )
    turns = find_turns(text)
    assert [text[t.label_start : t.label_end] for t in turns] == ["HOST", "VELL", "HOST", "VELL"]
    assert text[turns[1].start : turns[1].end] == "It will, and every day after that."


def test_transcript_in_a_long_quotation(nlp: Language) -> None:
    text = (
        "Partial transcript as follows:\n\n"
        '"HOST: Will the ferry run tomorrow?\n\n'
        '"VELL: It will, and every day after that.\n\n'
        '"It has never missed a day in ten years.\n\n'
        '"HOST: Even in a storm?\n'
    )
    found = quotes_of(nlp, text)
    speakers = [(q.speaker_mention, q.text) for q in found]
    assert speakers == [
        ("HOST", "Will the ferry run tomorrow?"),
        ("VELL", "It will, and every day after that."),
        ("VELL", "It has never missed a day in ten years."),
        ("HOST", "Even in a storm?"),
    ]


def test_section_labels_are_not_a_transcript() -> None:
    assert find_turns("UPDATE: The ferry runs again.\n\nUPDATE: It stopped.\n") == []


# ---- indirect (reported) speech ----


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        (
            "Ana Vell said that the ferry tax would be cut next year.",
            "said",
            "Ana Vell",
            "the ferry tax would be cut next year",
        ),
        (
            "The foreign minister warned the dispute could last for years.",
            "warned",
            "The foreign minister",
            "the dispute could last for years",
        ),
        (
            "Tom Brek insisted that the harbour fees were fair.",
            "insisted",
            "Tom Brek",
            "the harbour fees were fair",
        ),
        (
            "Mara Quist acknowledged that the repairs were late.",
            "acknowledged",
            "Mara Quist",
            "the repairs were late",
        ),
        (
            "Skarland announced that it would open a second port.",
            "announced",
            "Skarland",
            "it would open a second port",
        ),
        (
            "Ana Vell told reporters that the bridge would open in June.",
            "told",
            "Ana Vell",
            "the bridge would open in June",
        ),
        (
            "The governor declared that the emergency was over.",
            "declared",
            "The governor",
            "the emergency was over",
        ),
        (
            "He noted the ferries had run on time all winter.",
            "noted",
            "He",
            "the ferries had run on time all winter",
        ),
    ],
)
def test_indirect_clause_complement(
    nlp: Language, text: str, cue: str, speaker: str, content: str
) -> None:
    (q,) = quotes_of(nlp, text)
    assert (q.kind, q.cue, q.speaker_mention, q.text) == ("indirect", cue, speaker, content)


def test_indirect_participle_takes_the_main_subject(nlp: Language) -> None:
    text = "Ana Vell visited the harbour on Tuesday, emphasizing that the repairs must be finished."
    (q,) = quotes_of(nlp, text)
    assert (q.cue, q.speaker_mention, q.text) == (
        "emphasizing",
        "Ana Vell",
        "the repairs must be finished",
    )


def test_indirect_participle_before_the_subject(nlp: Language) -> None:
    text = "Noting that the winter was hard, Tom Brek thanked the ferry crews."
    found = quotes_of(nlp, text)
    q = only(found, "winter was hard")
    assert (q.kind, q.cue, q.speaker_mention) == ("indirect", "Noting", "Tom Brek")


def test_indirect_object_content(nlp: Language) -> None:
    found = quotes_of(nlp, "The minister reaffirmed her support for the ferry workers.")
    assert only(found, "support for the ferry workers").cue == "reaffirmed"
    found = quotes_of(nlp, "Tom Brek stressed the importance of a second harbour.")
    assert only(found, "importance of a second harbour").speaker_mention == "Tom Brek"


def test_judgements_and_requests_need_quoted_words(nlp: Language) -> None:
    # Praise, requests and beliefs are attitudes, not statements: without quoted words they
    # are not on the record (annotators of fresh articles never counted them).
    for text in (
        "Ana Vell praised the agreement between the two island councils.",
        "Ana Vell called on the councils to reopen the harbour.",
        "She urged the councils to reopen the harbour.",
        "Tom Brek thinks that the ferries would be saved.",
        "Tom Brek believes the ferries will be saved.",
        "The mayor asked whether the harbour could reopen by June.",
    ):
        assert [q.kind for q in quotes_of(nlp, text) if q.kind == "indirect"] == [], text
    # With the speaker's own words in quotation marks they are quotes again.
    found = quotes_of(nlp, 'She urged the councils to "reopen the harbour without delay."')
    q = only(found, "reopen the harbour")
    assert (q.kind, q.speaker_mention) == ("mixed", "She")


def test_welcoming_or_backing_a_policy_is_a_statement(nlp: Language) -> None:
    # a position on a policy is what a speaker's timeline on a topic is made of
    for text, content in (
        ("Mayor Ana Vell welcomes negotiations on a ferry plan for the islands.", "ferry plan"),
        ("Tom Brek also expressed his backing for the talks on the harbour.", "backing for"),
    ):
        found = [q for q in quotes_of(nlp, text) if q.kind == "indirect" and content in q.text]
        assert found, text


def test_told_someone_a_clause_is_a_statement(nlp: Language) -> None:
    # The parser may hang "this plan could hurt ..." on "told" as if it were a request.
    text = "Senator Ilse Marrow told reporters this plan could hurt the island farmers."
    q = only(quotes_of(nlp, text), "could hurt the island farmers")
    assert (q.kind, q.speaker_mention) == ("indirect", "Senator Ilse Marrow")


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Mayor Ana Vell vowed to reopen the harbour by June.", "Mayor Ana Vell",
         "to reopen the harbour by June"),
        ("The union threatened to strike if the ferries were sold.", "The union",
         "to strike if the ferries were sold"),
        ("Tom Brek has promised to cut ferry fares for pensioners.", "Tom Brek",
         "to cut ferry fares for pensioners"),
    ],
)  # fmt: skip
def test_commitments_report_their_infinitive(
    nlp: Language, text: str, speaker: str, content: str
) -> None:
    (q,) = quotes_of(nlp, text)
    assert (q.kind, q.speaker_mention, q.text) == ("indirect", speaker, content)


def test_indirect_according_to(nlp: Language) -> None:
    (q,) = quotes_of(nlp, "According to Mara Quist, the ferry will be replaced next year.")
    assert (q.kind, q.cue, q.speaker_mention, q.text) == (
        "indirect",
        "According to",
        "Mara Quist",
        "the ferry will be replaced next year",
    )


def test_refrained_from_commenting_is_not_a_quote(nlp: Language) -> None:
    # Declining to comment reports no content, so it is not a statement on the record.
    assert quotes_of(nlp, "Ana Vell refrained from commenting on the harbour dispute.") == []


def test_events_do_not_speak(nlp: Language) -> None:
    assert quotes_of(nlp, "The summit underscored the islands' shared interest in trade.") == []


def test_two_reports_in_one_sentence(nlp: Language) -> None:
    text = "She stressed that the ferry came first and noted that most aid arrived by sea."
    first, second = quotes_of(nlp, text)
    assert (first.cue, first.text) == ("stressed", "the ferry came first")
    assert (second.cue, second.speaker_mention, second.text) == (
        "noted",
        "She",
        "most aid arrived by sea",
    )
    text = "Ana Vell said the port was closed and Tom Brek warned that the ferries would stop."
    first, second = quotes_of(nlp, text)
    assert (first.speaker_mention, first.text) == ("Ana Vell", "the port was closed")
    assert (second.speaker_mention, second.text) == ("Tom Brek", "the ferries would stop")


def test_nested_reported_speech_is_part_of_the_outer_quote(nlp: Language) -> None:
    (q,) = quotes_of(nlp, "Ana Vell said that Tom Brek had told her the port would close.")
    assert q.speaker_mention == "Ana Vell"


# ---- mixed quotes ----


def test_mixed_reported_clause_with_quoted_fragment(nlp: Language) -> None:
    text = "The minister noted that the new ferry “is making a real difference for islanders.”"
    (q,) = quotes_of(nlp, text)
    assert q.kind == "mixed"
    assert q.cue == "noted"
    assert q.text == "the new ferry “is making a real difference for islanders.”"
    assert q.speaker_mention == "The minister"


def test_mixed_fragment_before_an_after_cue(nlp: Language) -> None:
    (q,) = quotes_of(nlp, "The old plan is “dead on arrival,” Tom Brek said.")
    assert q.kind == "mixed"
    assert q.text == "The old plan is “dead on arrival,”"
    assert q.speaker_mention == "Tom Brek"


def test_mixed_calling_someone_something(nlp: Language) -> None:
    (q,) = quotes_of(nlp, "Mara Quist called the mayor “the most stubborn man on the island.”")
    assert (q.kind, q.cue, q.speaker_mention) == ("mixed", "called", "Mara Quist")
    assert q.text == "the mayor “the most stubborn man on the island.”"


# ---- not quotes ----


def test_scare_quotes_and_titles_are_not_quotes(nlp: Language) -> None:
    text = (
        "The “Coalition of the Harbours” met on Friday. "
        "A programme called “Shield” pays for the repairs. "
        "Critics describe the scheme as a “lifeline” for the islands."
    )
    found = quotes_of(nlp, text)
    assert not [q for q in found if q.kind == "direct"]
    assert not any("Shield" in q.text or "Coalition" in q.text for q in found)


def test_quoted_name_inside_reported_speech_stays_indirect(nlp: Language) -> None:
    (q,) = quotes_of(nlp, "Ana Vell said the “Coalition of the Harbours” would meet in May.")
    assert q.kind == "indirect"


def test_headline_is_not_quoted(nlp: Language) -> None:
    text = (
        "Vell: “We will rebuild the harbour”\n"
        "Ana Vell said on Monday that the harbour would be rebuilt within a year.\n"
    )
    found = quotes_of(nlp, text)
    assert [q.kind for q in found] == ["indirect"]
    assert found[0].start > text.index("\n")


def test_quotes_inside_quotes_are_not_separate(nlp: Language) -> None:
    text = "“When they shouted ‘close the port,’ we listened,” Tom Brek said."
    (q,) = quotes_of(nlp, text)
    assert q.text == "When they shouted ‘close the port,’ we listened,"


def test_reporting_verbs_inside_a_quote_are_not_cues(nlp: Language) -> None:
    text = "“Everyone told me that the ferry would fail,” Ana Vell said."
    (q,) = quotes_of(nlp, text)
    assert (q.kind, q.speaker_mention) == ("direct", "Ana Vell")


# ---- robustness ----


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        '"',
        "“”",
        'He said " the port " is " open',
        "“Unclosed quote said Ana Vell.\n\n“Another one",
        "” stray closing mark, she said “",
        "«»«»«» ‘’‘’",
        '"' * 51,
        "He said: “" + "very " * 400 + "long.”",
    ],
)
def test_odd_marks_never_crash(nlp: Language, text: str) -> None:
    quotes_of(nlp, text)


def test_unparsed_document_does_not_raise() -> None:
    doc = spacy.blank("en")("“We will win,” she said.")  # no parser: no sentences, no deps
    assert isinstance(extract_quotes(doc), list)


# ---- the seed articles (read from the shared corpus, never copied) ----

# How the articles name the secretary general when he speaks.
SEED_SPEAKER = {
    "Rutte",
    "Mark Rutte",
    "NATO Secretary General Mark Rutte",
    "NATO Secretary General",
    "the NATO Secretary General",
    "The NATO Secretary General",
    "the Secretary General",
    "The secretary general",
    "he",
    "He",
}

# (seed file prefix, a key phrase of at most five words, allowed kinds)
SEED_STATEMENTS = [
    ("000", "continue its support", {"direct"}),
    ("000", "ready to support Ukraine", {"direct"}),
    ("000", "long-term strategy", {"indirect"}),
    ("000", "equip Ukraine", {"direct"}),
    ("000", "irreversible path to membership", {"direct"}),
    ("000", "never promised NATO membership", {"indirect"}),
    ("000", "stronger position", {"mixed"}),
    ("001", "enhance military assistance", {"indirect"}),
    ("001", "step-by-step approach", {"direct"}),
    ("001", "future of Ukraine", {"direct"}),
    ("002", "steadfast in their commitment", {"indirect"}),
    ("002", "bloodshed to end", {"direct"}),
    ("002", "unabated", {"mixed"}),
    ("002", "latest developments", {"direct"}),
    ("002", "real difference", {"mixed"}),
    ("002", "Prioritised Ukraine Requirements List", {"direct"}),
    ("002", "planning ahead", {"mixed"}),
    ("002", "outlast us", {"direct"}),
    ("002", "Ankara Summit", {"direct"}),
    ("002", "stop providing further assistance", {"indirect"}),
    ("003", "negotiating table", {"indirect"}),
    ("003", "right to defend itself", {"indirect"}),
    ("003", "steadfast support", {"direct"}),
    ("003", "more steadfast", {"direct"}),
    ("003", "necessary now", {"direct"}),
    ("003", "work closely together", {"direct", "mixed"}),
    ("004", "stands with Ukraine", {"direct"}),
    ("004", "closer to NATO", {"direct"}),
    ("004", "unprecedented support", {"mixed"}),
    ("004", "more equipment", {"direct"}),
    ("004", "path to membership is irreversible", {"direct"}),
    ("004", "stronger day by day", {"direct"}),
]


@pytest.fixture(scope="module")
def seed_quotes(nlp: Language) -> dict[str, list[Quote]]:
    folder = corpus("seeds")
    out: dict[str, list[Quote]] = {}
    for path in sorted(Path(folder).glob("*.txt")):
        out[path.name[:3]] = quotes_of(nlp, path.read_text(encoding="utf-8"))
    return out


@pytest.mark.parametrize(("seed", "phrase", "kinds"), SEED_STATEMENTS)
def test_seed_statements_found_with_speaker(
    seed_quotes: dict[str, list[Quote]], seed: str, phrase: str, kinds: set[str]
) -> None:
    hits = [q for q in seed_quotes[seed] if phrase in q.text]
    assert hits, f"no quote holding {phrase!r} in seed {seed}"
    assert any(q.kind in kinds for q in hits)
    assert any(q.speaker_mention in SEED_SPEAKER for q in hits), [q.speaker_mention for q in hits]


def test_seed_quote_counts_and_few_false_quotes(seed_quotes: dict[str, list[Quote]]) -> None:
    direct = {s: sum(q.kind == "direct" for q in qs) for s, qs in seed_quotes.items()}
    # Every quoted statement of the five articles, split quotes counted once per piece.
    assert direct == {"000": 4, "001": 2, "002": 5, "003": 4, "004": 5}
    for qs in seed_quotes.values():
        # Nearly every statement in these articles is the secretary general's.
        with_speaker = [q for q in qs if q.speaker_mention in SEED_SPEAKER]
        assert len(with_speaker) >= len(qs) - 2
        assert len(qs) <= 15


@pytest.mark.parametrize(
    ("text", "phrase", "speaker"),
    [
        ('Mara Quist called the ferry decision a "betrayal of the islands."', "betrayal",
         "Mara Quist"),
        ('The harbour master, meanwhile, called it an "absurd idea" that the port would close.',
         "absurd idea", "The harbour master"),
        ('Tom Brek praised the mayor as a "tireless friend of the fishing fleet."',
         "tireless friend", "Tom Brek"),
    ],
)  # fmt: skip
def test_words_put_on_someone_are_the_speakers(
    nlp: Language, text: str, phrase: str, speaker: str
) -> None:
    q = only(quotes_of(nlp, text), phrase)
    assert (q.kind, q.speaker_mention) == ("mixed", speaker)


def test_accused_of_quoted_words_has_no_speaker_in_the_accused(nlp: Language) -> None:
    text = 'Ana Vell, a harbour pilot, is accused of "endangering the ferry and its crew."'
    assert [q.speaker_mention for q in quotes_of(nlp, text)] in ([], [None])


def test_second_speech_verb_with_its_own_clause_is_its_own_report(nlp: Language) -> None:
    text = (
        'Mara Quist said she hears "many complaints" from ferry users and suggested it was '
        "the council's fault."
    )
    found = quotes_of(nlp, text)
    first = only(found, "many complaints")
    assert "fault" not in first.text
    second = only(found, "council's fault")
    assert (second.cue, second.speaker_mention) == ("suggested", "Mara Quist")
