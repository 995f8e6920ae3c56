"""Sources → Documents. One small module per source type; this one walks and dispatches.

Every input either becomes Documents or is reported as a Failure (which file, why); nothing
raised here stops a run.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from onrecord.ingest.dates import publication_date_from_text
from onrecord.ingest.decode import DEFAULT_MAX_BYTES, IngestError, decode_bytes
from onrecord.ingest.metadata import Metadata
from onrecord.ingest.records import read_csv, read_json, read_jsonl
from onrecord.ingest.text import parse_text
from onrecord.ingest.urls import is_url
from onrecord.models import Document, Failure

TEXT_EXT = {".txt", ".text", ".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
FEED_EXT = {".rss", ".atom", ".xml"}
SKIP_NAMES = {"readme", "license", "licence", "changelog", "copying", "notice"}

Item = Document | Failure


def _kind(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith((".warc", ".warc.gz", ".arc.gz")):
        return "warc"
    suffix = Path(lower).suffix
    if suffix in TEXT_EXT:
        return "markdown" if suffix in {".md", ".markdown"} else "text"
    if suffix in HTML_EXT:
        return "html"
    if suffix in FEED_EXT:
        return "feed"
    return {
        ".json": "json",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".csv": "csv",
        ".tsv": "csv",
    }.get(suffix)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress with the size cap applied to the output: a small .gz can hide a huge page."""
    d = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        out = d.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise IngestError(f"broken gzip file: {exc}") from None
    if len(out) > max_bytes:
        raise IngestError(f"decompressed size exceeds the cap of {max_bytes:,} bytes; skipped")
    if not d.eof:
        raise IngestError("broken gzip file: truncated")
    return out


def _inner_name(name: str) -> str:
    return (
        name[:-3]
        if name.lower().endswith(".gz") and not name.lower().endswith(".warc.gz")
        else name
    )


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed")) or b"<rss" in head or b"<feed" in head:
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith((b"{", b"[")):
        return "json"
    return "text"


def _finish(doc: Document) -> Item:
    """Common checks and the text-date fallback, applied to every document."""
    if not doc.text.strip():
        return Failure(doc.source, "no article text (empty after extraction)")
    if doc.published is None:
        found = publication_date_from_text(doc.text, title=doc.title, caption=doc.caption)
        if found:
            doc.published, doc.published_from = found, "text"
    return doc


def read_bytes(
    data: bytes,
    source: str,
    kind: str | None,
    *,
    max_bytes: int,
    url: str | None = None,
    content_type: str | None = None,
) -> Iterator[Item]:
    """Parse already-read bytes of one input (``url``/``content_type`` when fetched)."""
    if source.lower().endswith(".gz") and kind != "warc":
        try:
            data = _gunzip(data, max_bytes)
        except IngestError as exc:
            yield Failure(source, str(exc))
            return
        kind = _kind(source[:-3])
    if not data.strip():
        yield Failure(source, "empty file")
        return
    kind = kind or _sniff(data)
    try:
        if kind == "warc":
            import io

            from onrecord.ingest.warc import read_warc

            yield from (
                _finish(i) if isinstance(i, Document) else i
                for i in read_warc(io.BytesIO(data), source, max_bytes=max_bytes)
            )
            return
        if kind == "html":
            from onrecord.ingest.html import read_html

            yield _finish(read_html(data, source, url=url, content_type=content_type))
            return
        if kind == "feed":
            from onrecord.ingest.feeds import read_feed

            items = list(read_feed(data, source))
            if (
                len(items) == 1
                and isinstance(items[0], Failure)
                and "not an RSS or Atom feed" in items[0].reason
                and b"<html" in data[:4096].lower()
            ):
                # XHTML pages start with <?xml too: a page, not a feed
                from onrecord.ingest.html import read_html

                yield _finish(read_html(data, source, url=url, content_type=content_type))
                return
            yield from (_finish(i) if isinstance(i, Document) else i for i in items)
            return
        decoded = decode_bytes(data)
        if kind in ("json", "jsonl", "csv"):
            reader = {"json": read_json, "jsonl": read_jsonl, "csv": read_csv}[kind]
            for item in reader(decoded.text, source):
                if isinstance(item, Document):
                    item.notes.extend(decoded.warnings)
                    yield _finish(item)
                else:
                    yield item
            return
        doc = parse_text(decoded.text, source, markdown=kind == "markdown")
        doc.notes.extend(decoded.warnings)
        yield _finish(doc)
    except IngestError as exc:
        yield Failure(source, str(exc))


def walk(
    paths: Iterable[str], *, skip: set[Path] | None = None
) -> Iterator[tuple[str, Path | None]]:
    """Expand folders recursively (sorted, so every run sees the same order)."""
    skip = skip or set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    fp = Path(root) / name
                    if name.startswith(".") or fp.resolve() in skip:
                        continue
                    if Path(name).stem.lower() in SKIP_NAMES or _kind(_inner_name(name)) is None:
                        continue  # a folder also holds notes, configs, images: not articles
                    yield str(fp), fp
        else:
            yield given, (None if is_url(given) else p)


def iter_documents(
    paths: Iterable[str],
    *,
    metadata: Metadata | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private: bool = False,
    timeout: float = 20.0,
    skip: set[Path] | None = None,
) -> Iterator[Item]:
    """Every document (or failure) from files, folders and URLs, in a stable order."""
    for source, path in walk(paths, skip=skip):
        if path is None:
            yield from _from_url(
                source, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes
            )
            continue
        try:
            size = path.stat().st_size
        except OSError as exc:
            yield Failure(source, f"cannot read: {exc.strerror or exc}")
            continue
        if _kind(path.name) == "warc":
            # archives are large by nature: stream them; the cap applies to each record
            yield from _warc_file(path, source, max_bytes)
            continue
        if size > max_bytes:
            yield Failure(source, f"file too large ({size:,} bytes > cap {max_bytes:,}); skipped")
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Failure(source, f"cannot read: {exc.strerror or exc}")
            continue
        for item in _safely(
            read_bytes(data, source, _kind(path.name), max_bytes=max_bytes), source
        ):
            if isinstance(item, Document) and metadata is not None:
                metadata.apply(item, path)  # metadata outranks dates read from the page
            yield item


def _warc_file(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    from onrecord.ingest.warc import read_warc

    try:
        with path.open("rb") as stream:
            for item in _safely(read_warc(stream, source, max_bytes=max_bytes), source):
                yield _finish(item) if isinstance(item, Document) else item
    except OSError as exc:
        yield Failure(source, f"cannot read: {exc.strerror or exc}")


def _safely(items: Iterator[Item], source: str) -> Iterator[Item]:
    """A parser bug on one input becomes that input's failure, never the end of the run."""
    try:
        yield from items
    except Exception as exc:
        yield Failure(source, f"could not be read ({type(exc).__name__}: {exc})")


def _from_url(
    source: str, *, allow_private: bool, timeout: float, max_bytes: int
) -> Iterator[Item]:
    from onrecord.ingest.urls import fetch

    try:
        fetched = fetch(source, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes)
    except IngestError as exc:
        yield Failure(source, str(exc))
        return
    ctype = (fetched.content_type or "").lower()
    if "html" in ctype:
        kind: str | None = "html"
    elif "xml" in ctype or "rss" in ctype or "atom" in ctype:
        kind = "feed"
    elif "json" in ctype:
        kind = "json"
    else:
        kind = _kind(fetched.url.split("?")[0]) or None
    items = read_bytes(
        fetched.data,
        source,
        kind,
        max_bytes=max_bytes,
        url=fetched.url,
        content_type=fetched.content_type,
    )
    for item in _safely(items, source):
        if isinstance(item, Document):
            item.url = item.url or fetched.url
            item.source_type = "url" if kind == "html" else item.source_type
        yield item


__all__ = ["DEFAULT_MAX_BYTES", "IngestError", "iter_documents", "read_bytes", "walk"]
