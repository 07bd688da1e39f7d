"""Bytes that are not valid in a text file's encoding: where they are, and reading around them.

A UTF-8 export with a few GBK rows appended, or cut in the middle of a character, used to be
refused whole, "at byte 28" when the bad byte was halfway in (the offset was GB18030's, the
fallback's, not the encoding the file is in). Now the refusal names the byte offset and line of
the first bad byte in the encoding that read furthest, and $OUTBOUND_BAD_BYTES=skip reads the
file anyway: each bad byte is read as U+FFFD, and the lines holding one are counted and named
in a note on the outcome (`note`).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from outbound.common import limits

BAD_BYTES_ENV = "OUTBOUND_BAD_BYTES"
_NAMED = 10  # lines named in a note; the count covers them all


def skipping() -> bool:
    """Whether bad bytes are read around ($OUTBOUND_BAD_BYTES=skip) instead of refusing the file."""
    return limits.current().bad_bytes == "skip"


def first_bad(data: bytes, encoding: str, final: bool) -> int | None:
    """The offset in `data` of its first byte not valid in `encoding`, or None."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=final)
    except UnicodeDecodeError as e:
        return e.start
    return None


def where(data: bytes, offset: int) -> str:
    """ "byte 5088 (line 201)": a position as a user finds it in an editor (lines from 1)."""
    line = data.count(b"\n", 0, offset) + 1
    return f"byte {offset} (line {line})"


def hint(encoding: str) -> str:
    shown = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
    return (f"pass --encoding if the file is not {shown} (e.g. gb18030, big5), or set {BAD_BYTES_ENV}=skip to read "
            "the other rows (the lines with bad bytes are counted and named)")  # fmt: skip


def locate(path: Path, encoding: str) -> tuple[int, int] | None:
    """(byte offset, line) of the first byte of `path` (decompressed) not valid in `encoding`."""
    from outbound.scanners.encoding import open_binary

    decoder = codecs.getincrementaldecoder(encoding)()
    offset, line = 0, 1
    with open_binary(path) as fh:
        for raw in fh:  # lines: bounded by the line-length check made when the file was opened
            try:
                decoder.decode(raw, final=False)
            except UnicodeDecodeError as e:
                return offset + max(0, e.start), line
            offset += len(raw)
            line += raw.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset, line
    return None


def bad_lines(path: Path, encoding: str) -> tuple[int, list[int]]:
    """How many lines of `path` hold a byte not valid in `encoding`, and the first few of them."""
    from outbound.scanners.encoding import open_binary

    count, named = 0, list[int]()
    with open_binary(path) as fh:
        for number, raw in enumerate(fh, start=1):
            if first_bad(raw, encoding, final=True) is not None:
                count += 1
                if len(named) < _NAMED:
                    named.append(number)
    return count, named


def note(path: Path, encoding: str) -> str | None:
    """The note on a file read around its bad bytes, or None when it has none."""
    count, named = bad_lines(path, encoding)
    if not count:
        return None
    shown = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
    lines = ", ".join(map(str, named)) + (" …" if count > len(named) else "")
    return (f"{count} line(s) hold bytes that are not valid {shown} (lines {lines}); they were read with each bad "
            f"byte as U+FFFD ({BAD_BYTES_ENV}=skip): an identifier on them may not link")  # fmt: skip
