"""Sources → Documents. One small module per source type; this one walks and dispatches.

Every input either becomes Documents or is reported as a Failure (which file, why); nothing
raised here stops a run.
"""

from __future__ import annotations

import errno
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from onrecord.ingest.dates import publication_date_from_text
from onrecord.ingest.decode import (
    DEFAULT_MAX_BYTES,
    IngestError,
    binary_reason,
    decode_bytes,
    looks_binary,
)
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


_TEXT_FIELDS = ("text", "title", "outlet", "byline", "url", "caption", "published")


def _clean_field(value: str) -> tuple[str, list[str]]:
    """Drop NUL characters and make lone surrogates storable; say what was changed.

    Both arrive from escapes inside otherwise valid text ("\\u0000", "\\ud800" in JSON,
    "&#0;" in HTML): NULs would be stored raw, and a lone surrogate cannot be encoded for
    the database at all, which rolled back a whole batch.
    """
    problems: list[str] = []
    if "\x00" in value:
        problems.append(f"{value.count(chr(0))} NUL character(s) removed")
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        problems.append("unpaired surrogate code point(s) replaced with U+FFFD")
        value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value, problems


def _finish(doc: Document) -> Item:
    """Common checks and the text-date fallback, applied to every document."""
    for name in _TEXT_FIELDS:
        value = getattr(doc, name)
        if isinstance(value, str):
            cleaned, problems = _clean_field(value)
            if problems:
                setattr(doc, name, cleaned)
                doc.notes.extend(f"{name}: {p}" for p in problems)
    doc.source = display_name(doc.source)
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
    source = display_name(source)  # every Failure below carries a storable source
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
    if kind != "warc" and looks_binary(data):
        # one rule for every text format, wherever in the file the NUL byte is
        yield Failure(source, f"binary content, not text ({binary_reason(data)})")
        return
    kind = kind or _sniff(data)
    try:
        if kind == "warc":
            import io

            from onrecord.ingest.warc import read_warc

            yield from (
                _finish(i) if isinstance(i, Document) else i
                for i in _or_report(
                    read_warc(io.BytesIO(data), source, max_bytes=max_bytes), source, _NO_PAGES
                )
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
            records = _or_report(reader(decoded.text, source), source, "no records in the file")
            for item in records:
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


def display_name(name: str) -> str:
    """A path as text that can be stored and shown, losslessly.

    File names are bytes; one that is not valid UTF-8 arrives from the OS with surrogate
    escapes, which the database refuses. Its raw bytes are kept as backslash escapes
    ("caf\\xe9.txt"), so the stored name still says which file it was.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def skipped_extension(source: str) -> str:
    """The extension a skipped file is counted under in the ingest summary."""
    return Path(source).suffix.lower() or "(none)"


OnSkip = Callable[[str, str], None]  # (source, reason) of a file a folder ingest passed over


def walk(
    paths: Iterable[str],
    *,
    skip: set[Path] | None = None,
    follow_symlinks: bool = False,
    on_skip: OnSkip | None = None,
) -> Iterator[tuple[str, Path | None] | Failure]:
    """Expand folders recursively (sorted, so every run sees the same order).

    Inside a folder, symbolic links that lead out of the folder tree are not followed unless
    ``follow_symlinks``: a link to /etc/passwd in a news folder is not news. Every file passed
    over goes to ``on_skip`` with the reason; a broken or looping link is a Failure.
    """
    skip = skip or set()

    def skipped(source: str, reason: str) -> None:
        if on_skip is not None:
            on_skip(source, reason)

    for given in paths:
        if is_url(given):
            yield given, None
            continue
        p = Path(given)
        try:
            is_dir = p.is_dir()
        except (OSError, ValueError):
            is_dir = False  # iter_documents reports why it cannot be read
        if is_dir:
            yield from _walk_folder(p, skip, follow_symlinks, skipped)
        else:
            yield display_name(given), p


def _walk_folder(
    top: Path, skip: set[Path], follow: bool, skipped: OnSkip
) -> Iterator[tuple[str, Path] | Failure]:
    # realpath, unlike Path.resolve(), does not raise on a symlink loop
    top_real = Path(os.path.realpath(top))
    visited = {top_real}
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Failure(display_name(str(folder)), f"cannot read folder: {exc.strerror or exc}")
            continue
        subfolders: list[Path] = []
        for entry in entries:
            fp = Path(entry.path)
            source = display_name(entry.path)
            if entry.name.startswith("."):
                skipped(source, "hidden " + ("folder" if _is_dir(entry) else "file"))
                continue
            try:
                is_link = entry.is_symlink()
                st = fp.stat()  # follows links; ELOOP for a loop, ENOENT for a dangling link
            except OSError as exc:
                why = exc.strerror or str(exc)
                if exc.errno == errno.ELOOP:
                    why = "symbolic link loop; not followed"
                elif _lexists(fp):
                    why = f"broken symbolic link ({why})"
                yield Failure(source, why)
                continue
            real = Path(os.path.realpath(fp))
            if is_link:
                inside = real == top_real or top_real in real.parents
                if not inside and not follow:
                    skipped(
                        source,
                        f"symbolic link to {display_name(str(real))}, outside the folder; "
                        "not followed (--follow-symlinks to read it)",
                    )
                    continue
                if stat.S_ISDIR(st.st_mode) and (inside or real in visited):
                    # a link to a folder already in the walk: read once, and no loop
                    skipped(source, f"symbolic link to {display_name(str(real))}, read there")
                    continue
            if stat.S_ISDIR(st.st_mode):
                visited.add(real)
                subfolders.append(fp)
                continue
            if not stat.S_ISREG(st.st_mode):
                # reading a FIFO or a device would block or never end
                skipped(source, "not a regular file (device, pipe or socket)")
                continue
            if real in skip:
                skipped(source, "the --metadata file")
                continue
            if Path(entry.name).stem.lower() in SKIP_NAMES:
                skipped(source, "readme, licence or changelog, not an article")
                continue
            if _kind(_inner_name(entry.name)) is None:
                # a folder also holds notes, configs, images: not articles
                skipped(source, "not an article format")
                continue
            yield source, fp
        stack.extend(reversed(subfolders))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _lexists(path: Path) -> bool:
    try:
        return path.is_symlink()
    except OSError:
        return False


def iter_documents(
    paths: Iterable[str],
    *,
    metadata: Metadata | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private: bool = False,
    timeout: float = 20.0,
    skip: set[Path] | None = None,
    follow_symlinks: bool = False,
    on_skip: OnSkip | None = None,
) -> Iterator[Item]:
    """Every document (or failure) from files, folders and URLs, in a stable order.

    Files a folder walk passes over (other formats, links out of the tree) go to ``on_skip``.
    """
    items = _iter_items(
        paths,
        metadata=metadata,
        max_bytes=max_bytes,
        allow_private=allow_private,
        timeout=timeout,
        skip=skip,
        follow_symlinks=follow_symlinks,
        on_skip=on_skip,
    )
    for item in items:
        # a source the store cannot encode would roll back its whole batch
        item.source = display_name(item.source)
        if isinstance(item, Failure):
            item.reason = display_name(item.reason)  # reasons quote paths and inputs
        yield item


def _iter_items(
    paths: Iterable[str],
    *,
    metadata: Metadata | None,
    max_bytes: int,
    allow_private: bool,
    timeout: float,
    skip: set[Path] | None,
    follow_symlinks: bool,
    on_skip: OnSkip | None,
) -> Iterator[Item]:
    for entry in walk(paths, skip=skip, follow_symlinks=follow_symlinks, on_skip=on_skip):
        if isinstance(entry, Failure):
            yield entry
            continue
        source, path = entry
        if path is None:
            yield from _from_url(
                source, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes
            )
            continue
        # whatever goes wrong with one file is that file's failure, with its path
        yield from _safely(_read_file(source, path, metadata, max_bytes), source)


def _read_file(
    source: str, path: Path, metadata: Metadata | None, max_bytes: int
) -> Iterator[Item]:
    try:
        st = path.stat()
    except (OSError, ValueError) as exc:
        yield Failure(source, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    if not stat.S_ISREG(st.st_mode):
        yield Failure(source, "not a regular file (a folder, device, pipe or socket)")
        return
    if _kind(path.name) == "warc":
        # archives are large by nature: stream them; the cap applies to each record
        yield from _warc_file(path, source, max_bytes)
        return
    if st.st_size > max_bytes:
        yield Failure(source, f"file too large ({st.st_size:,} bytes > cap {max_bytes:,}); skipped")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(source, f"cannot read: {exc.strerror or exc}")
        return
    for item in _safely(read_bytes(data, source, _kind(path.name), max_bytes=max_bytes), source):
        if isinstance(item, Document) and metadata is not None:
            metadata.apply(item, path)  # metadata outranks dates read from the page
        yield item


def _warc_file(path: Path, source: str, max_bytes: int) -> Iterator[Item]:
    from onrecord.ingest.warc import read_warc

    try:
        with path.open("rb") as stream:
            items = read_warc(stream, source, max_bytes=max_bytes)
            for item in _safely(_or_report(items, source, _NO_PAGES), source):
                yield _finish(item) if isinstance(item, Document) else item
    except OSError as exc:
        yield Failure(source, f"cannot read: {exc.strerror or exc}")


_NO_PAGES = "no HTML pages in the archive (only other record types)"


def _or_report(items: Iterator[Item], source: str, reason: str) -> Iterator[Item]:
    """An input that yields nothing at all ("[]", a header-only CSV) is said to, not dropped."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        yield Failure(source, reason)


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
    except Exception as exc:  # e.g. a URL httpx cannot encode: that URL fails, the run goes on
        yield Failure(display_name(source), f"could not be fetched ({type(exc).__name__}: {exc})")
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


__all__ = [
    "DEFAULT_MAX_BYTES",
    "IngestError",
    "display_name",
    "iter_documents",
    "read_bytes",
    "skipped_extension",
    "walk",
]
