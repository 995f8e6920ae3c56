"""Bytes to text: binary detection, encoding detection with a visible fallback."""

from __future__ import annotations

from dataclasses import dataclass, field

from charset_normalizer import CharsetMatches, from_bytes

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class IngestError(Exception):
    """An input that cannot become a document; the message is shown to the user."""


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


_CONTROL = bytes([*range(9), *range(14, 32)])


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16/32 text has NULs too; a BOM says it is text
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    control = len(head) - len(head.translate(None, _CONTROL))
    return control / len(head) > 0.05


# Short texts fit many code pages equally well; news in Western languages is overwhelmingly
# cp1252/latin-1, so among equally clean candidates that family wins over e.g. cp775.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15", "cp1250", "utf_16", "cp1251")


def _choose(results: CharsetMatches) -> str | None:
    if not results:
        return None
    best = results.best()
    assert best is not None
    clean = [m for m in results if m.chaos <= best.chaos + 0.01]
    for enc in _PREFERRED:
        for m in clean:
            if m.encoding == enc:
                return enc
    return best.encoding


def decode_bytes(data: bytes) -> Decoded:
    """Decode text of unknown encoding. UTF-8 first (most of the web), then detection."""
    if looks_binary(data):
        raise IngestError("binary content, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = _choose(from_bytes(data))
    if best is not None:
        enc = best
        return Decoded(
            data.decode(enc, errors="replace"), enc, [f"not UTF-8; decoded as {enc} (detected)"]
        )
    return Decoded(
        data.decode("utf-8", errors="replace"),
        "utf-8",
        ["encoding not recognised; undecodable bytes replaced with U+FFFD"],
    )
