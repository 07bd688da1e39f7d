"""Text encoding of an export: UTF-8 (with or without BOM), UTF-16 or GB18030, decided from a prefix.

Chinese exports come out of Excel and older systems as GBK; GB18030 is its superset, so one
fallback covers both. GB18030 accepts most byte strings, so a Latin-1 file would also "decode":
detection only separates the two encodings we expect, and `--encoding` overrides it.
"""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path
from typing import BinaryIO, TextIO

from outbound.common.errors import UnreadableExport, UsageError
from outbound.scanners import badbytes

PREFIX_BYTES = 64 * 1024
CANDIDATES = ("utf-8", "gb18030")


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when its name ends in .gz."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def open_text(path: Path, encoding: str) -> TextIO:
    """The file as text; newline="" keeps line ends inside quoted CSV fields as written."""
    errors = "replace" if badbytes.skipping() else "strict"  # $OUTBOUND_BAD_BYTES=skip: U+FFFD
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rt", encoding=encoding, errors=errors, newline="")  # type: ignore[return-value]
    return path.open("r", encoding=encoding, errors=errors, newline="")


def read_prefix(path: Path) -> tuple[bytes, bool]:
    """Up to PREFIX_BYTES of (decompressed) content, and whether that is the whole file."""
    with open_binary(path) as f:
        head = f.read(PREFIX_BYTES + 1)
    return head[:PREFIX_BYTES], len(head) <= PREFIX_BYTES


def decode_prefix(head: bytes, encoding: str, complete: bool) -> str:
    """Decode a prefix; an incremental decoder tolerates a multibyte char cut at the end. Bad
    bytes read as U+FFFD with $OUTBOUND_BAD_BYTES=skip (`badbytes`)."""
    errors = "replace" if badbytes.skipping() else "strict"
    return codecs.getincrementaldecoder(encoding)(errors).decode(head, final=complete)


def normalise(encoding: str) -> str:
    """Python's canonical name for a user-given encoding ("UTF8" -> "utf-8")."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"unknown text encoding {encoding!r}; try utf-8, utf-8-sig or gb18030") from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64: codecs, but not bytes to text
        raise UsageError(f"{encoding!r} is not a text encoding; try utf-8, utf-16, gb18030 or big5")
    return info.name


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a BOM: text of ASCII and CJK has a NUL in most code units' high byte (every
    ASCII character's), which no UTF-8 or GB18030 text has. "utf-16-le" or "-be" by their side."""
    pairs = len(head) // 2
    least = max(1, pairs // 4)  # a quarter of the code units at least: a stray NUL is no UTF-16
    if pairs < 2 or head.count(0) < least:
        return None
    odd, even = head[1 : 2 * pairs : 2].count(0), head[0 : 2 * pairs : 2].count(0)
    if max(odd, even) < least or min(odd, even) > pairs // 50:
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def detect_encoding(head: bytes, complete: bool, path: str, fmt: str) -> str:
    """The BOM's encoding if there is one ("utf-8-sig", "utf-16": Excel's "Unicode text"), else
    UTF-16 by its NUL bytes, else the first of CANDIDATES that decodes `head`."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not head.startswith(codecs.BOM_UTF32_LE):
        candidates: tuple[str, ...] = ("utf-16",)
    elif head.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif (wide := _utf16_without_bom(head)) is not None:
        candidates = (wide,)
    else:
        candidates = CANDIDATES
    failures: dict[str, int] = {}
    for encoding in candidates:
        at = badbytes.first_bad(head, encoding, complete)
        if at is None:
            return encoding
        failures[encoding] = at
    best = max(failures, key=lambda c: failures[c])  # the encoding that read furthest is the file's
    if badbytes.skipping():
        return best
    shown = "UTF-8" if best.startswith("utf-8") else best.upper()
    raise UnreadableExport(path, fmt, f"not valid {shown} at {badbytes.where(head, failures[best])}; {badbytes.hint(best)}")
