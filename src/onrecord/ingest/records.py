"""Structured article records: JSON (one object or an array), JSONL and CSV.

Column names vary between exports, so each field is looked up among common names and the
choice is reported to the user once per file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from onrecord.ingest.dates import normalize_date
from onrecord.models import Document, Failure

# First match wins: content_original before content, because tokenised "content" copies
# (AllSides) lose the article's own spacing and punctuation.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content_original", "body", "article", "full_text", "maintext",
             "content", "article_text", "story"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "article_url", "canonical_url"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate", "pub_date",
                  "date_publish", "datetime", "publication_date", "created_at", "timestamp"),
    "outlet": ("outlet", "source", "publisher", "site_name", "sitename", "source_name",
               "publication", "media", "domain"),
    "byline": ("author", "authors", "byline", "creator", "writer"),
}  # fmt: skip


class FieldMap:
    """Which input column feeds which Document field, decided from the first record's keys."""

    def __init__(self, keys: list[str]) -> None:
        lower = {k.lower().strip(): k for k in keys}
        self.columns: dict[str, str] = {}
        for field_name, names in FIELD_NAMES.items():
            for name in names:
                if name in lower:
                    self.columns[field_name] = lower[name]
                    break

    def describe(self) -> str:
        return ", ".join(f"{f}←{c}" for f, c in self.columns.items())

    def get(self, record: dict[str, Any], field_name: str) -> str | None:
        col = self.columns.get(field_name)
        if col is None:
            return None
        value = record.get(col)
        if value is None:
            return None
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if isinstance(value, dict):
            value = value.get("name") or value.get("title") or None
        s = str(value).strip()
        return s or None


_JSON_KINDS = {
    bool: "a boolean",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "an object",
}


def record_to_document(
    record: dict[str, Any], fmap: FieldMap, source: str, source_type: str
) -> Document | Failure:
    col = fmap.columns.get("text")
    raw = record.get(col) if col is not None else None
    if raw is not None and not isinstance(raw, str):
        # 12345, true or ["a", "b"] in the text field is not an article: storing str() of it
        # would put "12345" on the record as if someone had written it
        kind = _JSON_KINDS.get(type(raw), type(raw).__name__)
        return Failure(source, f"text field {col!r} holds {kind}, not article text")
    text = fmap.get(record, "text")
    if not text:
        return Failure(source, "record has no article text (looked for: text, content, body…)")
    raw_date = fmap.get(record, "published")
    published = normalize_date(raw_date)
    doc = Document(
        text=text.replace("\r\n", "\n"),
        source=source,
        title=fmap.get(record, "title"),
        url=fmap.get(record, "url"),
        outlet=fmap.get(record, "outlet"),
        byline=fmap.get(record, "byline"),
        published=published,
        published_from="metadata" if published else None,
        source_type=source_type,
    )
    if raw_date and not published:
        doc.notes.append(f"date {raw_date!r} is not a full date; ignored")
    return doc


def _records(
    items: list[Any], source: str, source_type: str, single: bool
) -> Iterator[Document | Failure]:
    fmap: FieldMap | None = None
    for i, item in enumerate(items):
        item_source = source if single else f"{source}#{i + 1}"
        if not isinstance(item, dict):
            yield Failure(item_source, f"expected a JSON object, got {type(item).__name__}")
            continue
        if fmap is None:
            fmap = FieldMap(list(item.keys()))
        result = record_to_document(item, fmap, item_source, source_type)
        if isinstance(result, Document) and i == 0:
            result.notes.append(f"fields used: {fmap.describe()}")
        yield result


def read_json(text: str, source: str) -> Iterator[Document | Failure]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Failure(source, f"malformed JSON: {exc}")
        return
    if isinstance(data, dict):
        # {"articles": [...]} style wrappers
        for key in ("articles", "documents", "items", "data", "results"):
            if isinstance(data.get(key), list):
                yield from _records(data[key], source, "json", single=False)
                return
        yield from _records([data], source, "json", single=True)
    elif isinstance(data, list):
        yield from _records(data, source, "json", single=False)
    else:
        yield Failure(source, "JSON holds neither an article object nor a list of them")


def read_jsonl(text: str, source: str) -> Iterator[Document | Failure]:
    fmap: FieldMap | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item_source = f"{source}#{lineno}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(item_source, f"malformed JSON line: {exc.msg}")
            continue
        if not isinstance(item, dict):
            yield Failure(item_source, "JSON line is not an object")
            continue
        first = fmap is None
        if fmap is None:
            fmap = FieldMap(list(item.keys()))
        result = record_to_document(item, fmap, item_source, "jsonl")
        if first and isinstance(result, Document):
            result.notes.append(f"fields used: {fmap.describe()}")
        yield result


def read_csv(
    text: str, source: str, *, delimiter: str | None = None
) -> Iterator[Document | Failure]:
    csv.field_size_limit(64 * 1024 * 1024)
    if delimiter is None:
        delimiter = "\t" if source.lower().endswith(".tsv") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        yield Failure(source, "CSV has no header row")
        return
    fmap = FieldMap(list(reader.fieldnames))
    if "text" not in fmap.columns:
        yield Failure(source, f"CSV has no text column (columns: {', '.join(reader.fieldnames)})")
        return
    row_no = 1
    try:
        for row_no, row in enumerate(reader, start=2):
            item_source = f"{source}#{row_no}"
            if None in row:  # more cells than header columns
                yield Failure(item_source, "malformed CSV row: more fields than the header")
                continue
            result = record_to_document(row, fmap, item_source, "csv")
            if row_no == 2 and isinstance(result, Document):
                result.notes.append(f"fields used: {fmap.describe()}")
            yield result
    except csv.Error as exc:
        yield Failure(f"{source}#{row_no + 1}", f"malformed CSV: {exc}")
