"""WARC archives built here with warcio: HTML pages out, everything else skipped or reported."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from onrecord.ingest import read_bytes
from onrecord.ingest.warc import read_warc
from onrecord.models import Document, Failure

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE = (FIXTURES / "article.html").read_bytes()
JSONLD = (FIXTURES / "jsonld.html").read_bytes()


def _response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    content_type: str,
    status: str = "200 OK",
    extra: list[tuple[str, str]] | None = None,
) -> None:
    headers = StatusAndHeaders(
        status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)


def build_warc(*, gz: bool, extra_records: bool = False) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    _response(writer, "https://ledger.example/ferry", ARTICLE, "text/html; charset=utf-8")
    _response(
        writer, "https://ledger.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 300, "image/png"
    )
    _response(writer, "https://courier.example/orchards", JSONLD, "text/html")
    if extra_records:
        _response(
            writer,
            "https://ledger.example/gone",
            b"<html>gone</html>",
            "text/html",
            "404 Not Found",
        )
        _response(
            writer,
            "https://ledger.example/old",
            b"",
            "text/html",
            "301 Moved Permanently",
            [("Location", "https://ledger.example/ferry")],
        )
        _response(
            writer,
            "https://ledger.example/zipped",
            gzip.compress(ARTICLE.replace(b"ferry link", b"tram link")),
            "text/html",
            extra=[("Content-Encoding", "gzip")],
        )
    return buf.getvalue()


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_html_responses_become_documents(gz: bool) -> None:
    items = list(read_warc(io.BytesIO(build_warc(gz=gz)), "crawl.warc", max_bytes=10**6))
    assert [type(i) for i in items] == [Document, Document]  # warcinfo and the PNG are skipped
    ferry, orchards = items
    assert isinstance(ferry, Document) and isinstance(orchards, Document)
    assert ferry.source == "crawl.warc#https://ledger.example/ferry"
    assert ferry.url == "https://ledger.example/ferry"  # the archived URI, not the canonical
    assert ferry.source_type == "warc"
    assert ferry.title == "Harbourtown council backs new ferry link"
    assert ferry.published == "2025-03-14"
    assert orchards.source == "crawl.warc#https://courier.example/orchards"
    assert orchards.published == "2024-09-05"


def test_error_pages_redirects_and_content_encoding() -> None:
    items = list(
        read_warc(io.BytesIO(build_warc(gz=True, extra_records=True)), "c.warc.gz", max_bytes=10**6)
    )
    by_source = {i.source.split("#", 1)[1]: i for i in items}
    gone = by_source["https://ledger.example/gone"]
    assert isinstance(gone, Failure) and "HTTP 404" in gone.reason
    assert "https://ledger.example/old" not in by_source  # a redirect has no article
    zipped = by_source["https://ledger.example/zipped"]
    assert (
        isinstance(zipped, Document) and zipped.title == "Harbourtown council backs new tram link"
    )


def test_oversize_records_fail_and_the_rest_goes_on() -> None:
    items = list(read_warc(io.BytesIO(build_warc(gz=False)), "w.warc", max_bytes=1500))
    # article.html is over the cap; jsonld.html is under it
    assert [type(i) for i in items] == [Failure, Document]
    assert items[0].source == "w.warc#https://ledger.example/ferry"
    assert "larger than the cap" in items[0].reason  # type: ignore[union-attr]


def _member_spans(data: bytes) -> list[tuple[str | None, int, int]]:
    """(target URI, start, end) of every record as stored in the file."""
    spans = []
    it = ArchiveIterator(io.BytesIO(data))
    for record in it:
        uri = record.rec_headers.get_header("WARC-Target-URI")
        spans.append((uri, it.get_record_offset(), it.get_record_offset() + it.get_record_length()))
    return spans


def test_truncated_warc_keeps_earlier_pages_and_reports_the_rest() -> None:
    data = build_warc(gz=False)
    cut = data[: data.index(b"Petra Almgren")]  # inside the second HTML page
    items = list(read_warc(io.BytesIO(cut), "cut.warc", max_bytes=10**6))
    assert (
        isinstance(items[0], Document)
        and items[0].source == "cut.warc#https://ledger.example/ferry"
    )
    assert len(items) == 2 and isinstance(items[1], Failure)
    assert "truncated" in items[1].reason


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_a_cut_anywhere_inside_a_record_is_reported(gz: bool) -> None:
    data = build_warc(gz=gz)
    full = [i.source for i in read_warc(io.BytesIO(data), "w", max_bytes=10**6)]
    for uri, start, end in _member_spans(data):
        # stay clear of the record's last bytes: a gzip trailer or the blank separator lines
        # can be lost without losing any content, and then there is nothing to report
        for cut in range(start + 1, end - 16, 97):
            items = list(read_warc(io.BytesIO(data[:cut]), "w", max_bytes=10**6))
            docs = [i.source for i in items if isinstance(i, Document)]
            assert docs == full[: len(docs)], (uri, cut)
            assert isinstance(items[-1], Failure), (uri, cut)


@pytest.mark.parametrize(
    "data",
    [b"WARC/1.0\r\nWARC-Type: response\r\n", b"not a warc at all\n" * 20, bytes(range(256)) * 4],
    ids=["header-only", "text", "binary"],
)
def test_garbage_is_a_failure(data: bytes) -> None:
    items = list(read_warc(io.BytesIO(data), "junk.warc", max_bytes=10**6))
    assert items and isinstance(items[-1], Failure)
    assert not any(isinstance(i, Document) for i in items)


def test_dispatcher_reads_a_gzipped_warc() -> None:
    items = list(read_bytes(build_warc(gz=True), "crawl.warc.gz", "warc", max_bytes=10**6))
    assert [type(i).__name__ for i in items] == ["Document", "Document"]
