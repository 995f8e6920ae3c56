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
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read.

    A NUL byte means binary wherever it is, not only in the head: a sniff of the first 8 KiB
    alone let NULs further on into the record unreported. UTF-16 text is full of NUL bytes,
    with or without a byte-order mark, and is recognised as text.
    """
    head = data[:8192]
    if not head:
        return False
    if data[:2] in _UTF16_BOMS:
        return False  # declared UTF-16; decode_bytes reports what does not decode
    if b"\x00" in data:
        return utf16_encoding(data) is None
    control = len(head) - len(head.translate(None, _CONTROL))
    return control / len(head) > 0.05


def binary_reason(data: bytes) -> str:
    """Where binary bytes were seen, so the user can look."""
    nul = data.find(b"\x00")
    return f"NUL byte at offset {nul:,}" if nul >= 0 else "control bytes in the first 8 KiB"


def utf16_encoding(data: bytes) -> str | None:
    """The UTF-16 codec ("utf-16-le" or "utf-16-be") when the bytes are UTF-16 text that decodes cleanly.

    Without a byte-order mark the byte order is read from where the NUL bytes fall (the high
    byte of Latin-script characters); the whole text must then decode strictly, without
    NUL or control characters, or it is not taken for text.
    """
    bom = _UTF16_BOMS.get(data[:2])
    body = data[2:] if bom else data
    enc = bom
    if enc is None:
        if len(data) < 16 or len(data) % 2:  # too short to tell the byte order from NULs
            return None
        sample = data[:8192]
        half = len(sample) // 2
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > half * 0.3 and even <= half * 0.01:
            enc = "utf-16-le"
        elif even > half * 0.3 and odd <= half * 0.01:
            enc = "utf-16-be"
        else:
            return None
    try:
        text = body.decode(enc)
    except UnicodeDecodeError:
        return None
    if text.translate(_CONTROL_CHARS) != text:
        return None
    return enc


_CONTROL_CHARS = dict.fromkeys(_CONTROL)  # str.translate table deleting control characters


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
        raise IngestError(f"binary content, not text ({binary_reason(data)})")
    has_bom = data[:2] in _UTF16_BOMS
    utf16 = utf16_encoding(data) if has_bom or b"\x00" in data else None
    if utf16 is not None:
        text = data.decode(utf16).removeprefix("\ufeff")
        return Decoded(
            text, utf16, [] if has_bom else [f"not UTF-8; decoded as {utf16} (no byte-order mark)"]
        )
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
