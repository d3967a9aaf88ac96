"""Read a release file as text, whatever encoding it came in, and say which one that was.

A byte-order mark decides (UTF-32 and UTF-16 before UTF-8, since their marks overlap);
then strict UTF-8; then charset-normalizer, limited to the encodings Chinese releases
arrive in, decides among GB18030, Big5 (with Hong Kong's additions) and UTF-16/32
without a mark. Anything else is refused in one line that names what was tried.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from coop.errors import Unreadable

MAX_BYTES = 2_000_000  # a release is a few kilobytes; this is a wrong file
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 (with a byte-order mark)"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 (with a byte-order mark)"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with a byte-order mark"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 (with a byte-order mark)"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 (with a byte-order mark)"),
)
DETECTED = {
    "gb18030": "GB18030",
    "big5": "Big5",
    "big5hkscs": "Big5-HKSCS",
    "utf_16_le": "UTF-16LE",
    "utf_16_be": "UTF-16BE",
    "utf_32_le": "UTF-32LE",
    "utf_32_be": "UTF-32BE",
}
TRIED = "UTF-8, UTF-16, UTF-32 (with or without a byte-order mark), GB18030, Big5"


def read(path: Path) -> tuple[str, str]:
    """The text of ``path`` and the name of the encoding it was read in."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable(f"is {size:,} bytes; a release is text of at most {MAX_BYTES:,}")
        data = path.read_bytes()
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    return decode(data)


def decode(data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise Unreadable("is empty" if not data else "holds only white space")
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            return _checked(data, codec, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" not in text:  # NULs in valid UTF-8: UTF-16 or UTF-32 without a mark, or binary
        return _text(text), "UTF-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(DETECTED)).best()
    if best is None or best.encoding not in DETECTED:
        raise Unreadable(f"is not text in any of {TRIED}")
    return _checked(data, best.encoding, f"{DETECTED[best.encoding]} (detected)")


def _checked(data: bytes, codec: str, name: str) -> tuple[str, str]:
    try:
        return _text(data.decode(codec)), name
    except UnicodeDecodeError as error:
        raise Unreadable(f"is not valid {name}: {error.reason} at byte {error.start}") from None


def _text(text: str) -> str:
    """Decoded text that is text: no NUL, few control characters."""
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f")
    if "\x00" in text or controls > len(text) // 100:
        raise Unreadable(f"holds binary data, not text in any of {TRIED}")
    return text
