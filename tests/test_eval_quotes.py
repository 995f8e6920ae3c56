"""The PolNeAR reader and the quote scorer, on a small brat corpus written for these tests.

The last test runs the real scorer on a few PolNeAR dev documents (skipped without the corpus).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import corpus
from onrecord.eval.polnear import parse_ann, read_split
from onrecord.eval.quotes import (
    Unit,
    command,
    count,
    evaluate,
    gold_units,
    match,
    quote_units,
    quoted_mask,
    scores,
)
from onrecord.models import Quote

ARTICLE = (
    "Ferry talks resume.\n"
    "\n"
    "“The ferry will run all winter,” Ana Vell said. “Nobody will be stranded.”\n"
    "\n"
    "Tom Brek said that the harbour fees were too high.\n"
    "\n"
    "He called the plan “a gift to the mainland” on Friday.\n"
)


def _at(text: str, piece: str) -> tuple[int, int]:
    start = ARTICLE.index(piece)
    return start, start + len(piece)


def _ann() -> str:
    """Gold for ARTICLE: a split direct quote, an indirect one, a mixed one."""
    q1 = _at(ARTICLE, "“The ferry will run all winter,”")
    q2 = _at(ARTICLE, "“Nobody will be stranded.”")
    src1 = _at(ARTICLE, "Ana Vell")
    cue1 = _at(ARTICLE, "said. “Nobody")
    cue1 = (cue1[0], cue1[0] + 4)
    ind = _at(ARTICLE, "that the harbour fees were too high")
    src2 = _at(ARTICLE, "Tom Brek")
    cue2 = _at(ARTICLE, "said that")
    cue2 = (cue2[0], cue2[0] + 4)
    mix = _at(ARTICLE, "the plan “a gift to the mainland”")
    src3 = _at(ARTICLE, "He called")
    src3 = (src3[0], src3[0] + 2)
    cue3 = (src3[0] + 3, src3[0] + 9)

    def t(n: int, kind: str, span: tuple[int, int]) -> str:
        return f"T{n}\t{kind} {span[0]} {span[1]}\t{ARTICLE[span[0] : span[1]]}"

    return "\n".join(
        [
            t(1, "Content", q1),
            t(2, "Content", q2),
            t(3, "Source", src1),
            t(4, "Cue", cue1),
            t(5, "Attribution", cue1),
            "E1\tAttribution:T5 Content:T1 Cue:T4 Source:T3 Content2:T2",
            t(6, "Content", ind),
            t(7, "Source", src2),
            t(8, "Cue", cue2),
            t(9, "Attribution", cue2),
            "E2\tAttribution:T9 Content:T6 Cue:T8 Source:T7",
            t(10, "Content", mix),
            t(11, "Source", src3),
            t(12, "Cue", cue3),
            t(13, "Attribution", cue3),
            "E3\tAttribution:T13 Content:T10 Cue:T12 Source:T11",
            "#1\tAnnotatorNotes T10\ta note line the reader must skip",
            "T14\tDiscard 0 19\tFerry talks resume.",
        ]
    )


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    base = tmp_path / "polnear"
    text_dir = base / "data" / "dev" / "text"
    ann_dir = base / "data" / "dev" / "attributions"
    text_dir.mkdir(parents=True)
    ann_dir.mkdir(parents=True)
    (text_dir / "islands_2026-01-01_ferry.txt").write_text(ARTICLE, encoding="utf-8")
    (ann_dir / "islands_2026-01-01_ferry_aaaa.ann").write_text(_ann(), encoding="utf-8")
    # A second annotator who saw nothing: the reader must keep the first id in sort order.
    (ann_dir / "islands_2026-01-01_ferry_zzzz.ann").write_text("", encoding="utf-8")
    return base


def test_parse_ann_joins_content_pieces_and_skips_notes() -> None:
    rels = parse_ann(_ann())
    assert len(rels) == 3
    first = rels[0]
    assert [ARTICLE[a:b] for a, b in first.content] == [
        "“The ferry will run all winter,”",
        "“Nobody will be stranded.”",
    ]
    assert [ARTICLE[a:b] for a, b in first.source] == ["Ana Vell"]


def test_parse_ann_discontinuous_span_and_missing_source() -> None:
    ann = (
        "T1\tContent 0 5;10 15\tab\nT2\tCue 6 9\tx\nE1\tAttribution-no-source:T2 Content:T1 Cue:T2"
    )
    (rel,) = parse_ann(ann)
    assert rel.content == [(0, 5), (10, 15)]
    assert rel.source == []


def test_read_split_keeps_first_annotator(tiny_corpus: Path) -> None:
    (doc,) = read_split(tiny_corpus, "dev")
    assert doc.annotator == "aaaa"
    assert len(doc.attributions) == 3
    with pytest.raises(FileNotFoundError):
        read_split(tiny_corpus, "test")


def test_gold_kinds_by_share_of_quoted_words(tiny_corpus: Path) -> None:
    (doc,) = read_split(tiny_corpus, "dev")
    kinds = [u.kind for u in gold_units(doc, quoted_mask(doc.text))]
    assert kinds == ["direct", "indirect", "mixed"]


def test_quoted_mask_carries_over_reopened_paragraphs() -> None:
    text = "“One.\n\n“Two,” she said. Three."
    mask = quoted_mask(text)
    inside = "".join(ch for ch, m in zip(text, mask, strict=True) if m)
    assert "One" in inside and "Two" in inside and "Three" not in inside


def _quote(start: int, end: int, kind: str, cue: tuple[int, int] | None) -> Quote:
    return Quote(
        start=start,
        end=end,
        text=ARTICLE[start:end],
        kind=kind,
        cue=None if cue is None else ARTICLE[cue[0] : cue[1]],
        cue_start=None if cue is None else cue[0],
        cue_end=None if cue is None else cue[1],
    )


def test_quote_units_group_shared_cues_and_continuations() -> None:
    a = _at(ARTICLE, "The ferry will run all winter,")
    b = _at(ARTICLE, "Nobody will be stranded.")
    c = _at(ARTICLE, "the harbour fees were too high")
    cue = (ARTICLE.index("said."), ARTICLE.index("said.") + 4)
    shared = [_quote(*a, "direct", cue), _quote(*b, "direct", cue)]
    assert len(quote_units(ARTICLE, shared)) == 1
    continued = [_quote(*a, "direct", cue), _quote(*b, "direct", None)]
    assert len(quote_units(ARTICLE, continued)) == 1
    separate = [_quote(*c, "indirect", (0, 3)), _quote(*a, "direct", cue)]
    assert len(quote_units(ARTICLE, separate)) == 2
    assert len(quote_units(ARTICLE, separate, kinds=("direct",))) == 1


def test_match_needs_half_of_each_side() -> None:
    gold = [Unit(frozenset(range(10)))]
    assert match(gold, [Unit(frozenset(range(5)))]) == [(0, 0)]
    assert match(gold, [Unit(frozenset(range(4)))]) == []
    assert match(gold, [Unit(frozenset(range(20)))]) == [(0, 0)]
    assert match(gold, [Unit(frozenset(range(21)))]) == []
    # One to one: the larger overlap wins, the other prediction is spurious.
    two = [Unit(frozenset(range(6))), Unit(frozenset(range(10)))]
    assert match(gold, two) == [(0, 1)]


def test_count_speakers_and_pronouns() -> None:
    text = "she said it"
    gold = [Unit(frozenset({0}), speakers=[(0, 3)]), Unit(frozenset({9}), speakers=[(4, 8)])]
    pred = [Unit(frozenset({0}), speakers=[(0, 3)]), Unit(frozenset({9}), speakers=[(0, 3)])]
    c = count(text, gold, pred, [True, False])
    assert (c.matched, c.exact, c.spk_total, c.spk_correct) == (2, 2, 2, 1)
    assert (c.pron_total, c.pron_correct) == (1, 1)
    s = scores(c)
    assert s.f1 == 1.0 and s.speaker_accuracy == 0.5


def test_evaluate_tiny_corpus(tiny_corpus: Path) -> None:
    result = evaluate(read_split(tiny_corpus, "dev"))
    direct = result.rows["direct"]
    assert direct.counts.gold == 1
    assert (direct.precision, direct.recall, direct.exact_f1) == (1.0, 1.0, 1.0)
    assert direct.speaker_accuracy == 1.0
    everything = result.rows["all"]
    assert everything.counts.gold == 3
    assert everything.recall == 1.0
    assert "direct_textacy" in result.rows and result.textacy_failed_docs == 0


def test_cli_json(tiny_corpus: Path) -> None:
    out = CliRunner().invoke(command, ["--corpus", str(tiny_corpus), "--split", "dev", "--json"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    assert payload["docs"] == 1
    assert payload["rows"]["direct"]["f1"] == 1.0
    missing = CliRunner().invoke(command, ["--corpus", str(tiny_corpus / "nope")])
    assert missing.exit_code != 0


def test_polnear_dev_floor() -> None:
    """A few real dev documents: well above the floor and well above textacy."""
    path = corpus("polnear")
    result = evaluate(read_split(path, "dev", limit=12))
    ours, theirs = result.rows["direct"], result.rows["direct_textacy"]
    assert ours.counts.gold >= 40
    assert ours.f1 >= 0.8
    assert ours.speaker_accuracy >= 0.9
    assert ours.f1 >= theirs.f1 + 0.2
    assert result.rows["all"].f1 >= 0.5
