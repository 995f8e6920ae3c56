"""WARC web archives → one Document per archived HTML page (warcio)."""

from __future__ import annotations

import typing
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.limitreader import LimitReader

from onrecord.ingest.decode import IngestError
from onrecord.ingest.html import read_html
from onrecord.models import Document, Failure

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16
# No real WARC/ARC or HTTP header line comes near this; a "line" longer than it is garbage.
MAX_HEADER_LINE = 1 << 20


class _HeaderLineCap(DecompressingBufferedReader):
    """warcio's reader with a bound on every line it reads while looking for headers.

    warcio reads headers (and the blank lines between records) with an unbounded
    ``readline()``, on the decompressed stream: a small .warc.gz of zeros with no header
    decompresses into one "line" of gigabytes, all held in memory. Record bodies are read in
    bounded chunks elsewhere; only lines need the cap, and it applies from the first byte.
    """

    def __init__(self, *args: typing.Any, line_cap: int, **kwargs: typing.Any) -> None:
        super().__init__(*args, **kwargs)
        self.line_cap = line_cap
        self.blank_run = 0

    def readline(self, length: int | None = None) -> bytes:
        length = self.line_cap + 1 if length is None else min(length, self.line_cap + 1)
        line = super().readline(length)
        if len(line) > self.line_cap:
            raise IngestError(
                f"no WARC header: a line longer than {self.line_cap:,} bytes "
                "(decompressed) where a header was expected"
            )
        # a run of blank lines is skipped line by line: gigabytes of newlines would take
        # minutes, so it gets the same bound as one line
        self.blank_run = self.blank_run + len(line) if not line.strip() else 0
        if self.blank_run > self.line_cap:
            raise IngestError(
                f"no WARC header: more than {self.line_cap:,} bytes of blank lines "
                "where a header was expected"
            )
        return line


def read_warc(
    stream: typing.BinaryIO, source: str, *, max_bytes: int
) -> Iterator[Document | Failure]:
    """Every HTML response (or resource) record of a WARC / ARC file, plain or gzipped.

    Records are read one at a time, so a large archive never sits in memory; a page larger than
    ``max_bytes`` is skipped with a Failure. A truncated or corrupt archive yields the pages
    read before the damage, then one Failure for the rest.
    """
    archive = ArchiveIterator(stream, arc2warc=True)
    # swapped in before the first read (warcio only reads once iterated)
    archive.reader = _HeaderLineCap(
        archive.fh, block_size=archive.reader.block_size, line_cap=min(MAX_HEADER_LINE, max_bytes)
    )
    records = iter(archive)
    count = 0
    last_uri: str | None = None
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:
            # warcio raises assorted errors on damaged input: ArchiveLoadFailed, zlib.error,
            # even AttributeError when a header block is cut off
            yield _broken(source, count, last_uri, exc)
            return
        if not (record.rec_headers.protocol or record.rec_headers.statusline):
            # warcio returns a blank line where a header should start as an empty record
            where = f"after record {count} ({last_uri})" if count else "at the start"
            yield Failure(source, f"no WARC header {where}; not a WARC file or corrupt")
            return
        count += 1
        uri = record.rec_headers.get_header("WARC-Target-URI") or f"record-{count}"
        item_source = f"{source}#{uri}"
        page = _html_payload(record, item_source, max_bytes)
        # check the record is whole before spending time on extracting a partial page
        if not _read_fully(record):
            yield Failure(item_source, "WARC record is truncated; it and anything after it skipped")
            return
        if isinstance(page, tuple):
            yield _extract(*page, item_source, uri)
        elif page is not None:
            yield page
        last_uri = uri
    if count == 0:
        # warcio stops quietly on a gzip stream cut inside its first member
        yield Failure(source, "no WARC records found (not a WARC file, or truncated at the start)")
        return
    # warcio also stops quietly when the file ends inside a record's header block: the
    # bytes after the last complete record are then left over
    end = _position(stream)
    if end is not None and archive.offset < end:
        yield Failure(
            source,
            f"WARC is truncated after record {count} ({last_uri}): "
            f"{end - archive.offset:,} trailing bytes are not a complete record",
        )


def _position(stream: typing.BinaryIO) -> int | None:
    try:
        return stream.tell()
    except (OSError, AttributeError, ValueError):
        return None  # a pipe or socket: no way to tell


def _broken(source: str, count: int, uri: str | None, exc: BaseException) -> Failure:
    where = f"after record {count} ({uri})" if count else "at the start"
    reason = str(exc) or type(exc).__name__
    return Failure(source, f"WARC is truncated or corrupt {where}; rest skipped: {reason}")


def _read_fully(record: typing.Any) -> bool:
    """Consume the rest of the record; False when the file ends before the record does.

    warcio itself is lenient: it returns whatever it could read. A file cut inside a header
    block shows up as a record without a length (warcio then does not limit its stream) or,
    for the types that always carry a body, with length 0.
    """
    raw = record.raw_stream
    if not isinstance(raw, LimitReader):
        return False
    if not record.length and record.rec_type in ("response", "resource", "request"):
        return False
    while raw.read(_CHUNK):
        pass
    return raw.limit <= 0


def _html_payload(
    record: typing.Any, item_source: str, max_bytes: int
) -> tuple[bytes, str] | Failure | None:
    """(body, content type) of an HTML page record; a Failure; or None for other records."""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None  # e.g. a DNS response record
        content_type = record.http_headers.get_header("Content-Type") or ""
        status = record.http_headers.get_statuscode() or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
        status = "200"
    else:
        return None  # requests, metadata, warcinfo, revisits: no page body
    if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    if not status.startswith("2"):
        if status.startswith(("4", "5")):
            return Failure(item_source, f"archived HTTP {status} response, not an article")
        return None  # redirects carry no article
    # content_stream() undoes chunked transfer- and gzip content-encoding
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Failure(item_source, f"archived page larger than the cap ({max_bytes:,} bytes)")
    return data, content_type


def _extract(data: bytes, content_type: str, item_source: str, uri: str) -> Document | Failure:
    try:
        doc = read_html(
            data, item_source, url=uri if "://" in uri else None, content_type=content_type
        )
    except IngestError as exc:
        return Failure(item_source, str(exc))
    doc.source_type = "warc"
    return doc
