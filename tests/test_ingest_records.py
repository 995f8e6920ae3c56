from __future__ import annotations

import json
from pathlib import Path

from conftest import corpus
from onrecord.ingest import iter_documents
from onrecord.ingest.records import read_csv, read_json, read_jsonl
from onrecord.models import Document, Failure


def test_json_object_array_and_wrapper() -> None:
    one = list(
        read_json(json.dumps({"title": "T", "content": "Body.", "date": "2020-01-02"}), "a.json")
    )
    assert isinstance(one[0], Document)
    assert one[0].source == "a.json" and one[0].published == "2020-01-02"
    assert one[0].published_from == "metadata"
    many = list(read_json(json.dumps([{"text": "A."}, {"text": "B."}]), "b.json"))
    assert [d.source for d in many] == ["b.json#1", "b.json#2"]
    wrapped = list(read_json(json.dumps({"articles": [{"body": "C."}]}), "c.json"))
    assert wrapped[0].text == "C."


def test_content_original_preferred_and_fields_reported() -> None:
    rec = {"content": "tok ' d", "content_original": "Real text.", "source": "Gazette",
           "authors": "A. Writer", "url": "https://example.org/x"}  # fmt: skip
    (doc,) = read_json(json.dumps(rec), "x.json")
    assert isinstance(doc, Document)
    assert doc.text == "Real text." and doc.outlet == "Gazette" and doc.byline == "A. Writer"
    assert any("text←content_original" in n and "outlet←source" in n for n in doc.notes)


def test_malformed_json_is_a_failure() -> None:
    (item,) = read_json('{"title": "broken"', "bad.json")
    assert isinstance(item, Failure) and "malformed JSON" in item.reason


def test_jsonl_bad_line_does_not_stop_the_rest() -> None:
    text = '{"text": "One."}\n{not json}\n\n{"text": "Three."}\n"a string"\n'
    items = list(read_jsonl(text, "f.jsonl"))
    assert [type(i).__name__ for i in items] == ["Document", "Failure", "Document", "Failure"]
    assert items[1].source == "f.jsonl#2"


def test_csv_rows_and_malformed_rows() -> None:
    text = 'title,text,published\nA,"First, body.",2021-05-06\nB,Second,,extra\nC,Third,\n'
    items = list(read_csv(text, "t.csv"))
    assert isinstance(items[0], Document) and items[0].text == "First, body."
    assert isinstance(items[1], Failure) and "more fields" in items[1].reason
    assert isinstance(items[2], Document) and items[2].published is None


def test_csv_without_text_column() -> None:
    (item,) = read_csv("path,published\na.txt,2020-01-01\n", "m.csv")
    assert isinstance(item, Failure) and "no text column" in item.reason


def test_allsides_json_files(tmp_path: Path) -> None:
    jsons = sorted(corpus("allsides-news", "data", "jsons").glob("*.json"))[:20]
    items = list(iter_documents([str(p) for p in jsons]))
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == 20
    for path, doc in zip(jsons, docs, strict=True):
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert doc.text == raw["content_original"].replace("\r\n", "\n")
        assert doc.title == raw["title"].strip() and doc.outlet == raw["source"].strip()
        if raw["date"]:
            assert doc.published is not None
