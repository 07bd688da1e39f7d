"""Whole lines out of byte windows of a seekable text file: how CSV and JSON Lines are sampled
without reading the whole file.

A window at offset `o` is read from `o - 1` and everything up to the first b"\\n" is dropped (the
resync), so it keeps the whole lines that start at or after `o` and end within the bytes read
(a window is extended until it holds at least one). A line is named by the byte offset where it
starts, so overlapping windows give each line once, and the same file, offsets and size give the
same lines.

Resyncing on b"\\n" is only sound where that byte is never part of another character: ASCII-
compatible encodings, which is why `LINE_SAFE_ENCODINGS` is a short explicit list. In UTF-8 every
byte of a multibyte character is >= 0x80; in GBK/GB18030 trail bytes are 0x40-0xFE or, in the
four-byte form, 0x30-0x39 — never 0x0A (nor 0x22, the quote CSV counts). UTF-16/32 and stateful
encodings (ISO-2022, HZ) are not in the list: such files are sampled from their first rows.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

# Python's canonical codec names (codecs.lookup(...).name).
LINE_SAFE_ENCODINGS = frozenset(
    {"utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "big5", "ascii", "iso8859-1", "cp1252"}
)
MAX_LINE_BYTES = 4 << 20  # a window keeps reading until one whole line fits, up to here


def read_windows(path: Path, starts: Iterable[int], size: int) -> dict[int, bytes]:
    """{offset: line} for the lines starting in each window, "\\n" kept, in file order.

    A start of 0 keeps the file's first line; any other start resyncs to the next line start.
    """
    lines: dict[int, bytes] = {}
    # Unbuffered: a short window costs its own bytes, not a buffer's worth.
    with path.open("rb", buffering=0) as f:
        end = os.fstat(f.fileno()).st_size
        for start in sorted(set(starts)):
            if start < end and start not in lines:
                lines.update(_window(f, start, size, end))
    return dict(sorted(lines.items()))


def _window(f: BinaryIO, start: int, size: int, end: int) -> dict[int, bytes]:
    begin = max(start - 1, 0)
    f.seek(begin)
    data = _read(f, size + 1)
    while True:
        at_eof = begin + len(data) >= end
        # The first line starting at or after `start`; the byte before it is b"\n" (or none).
        first = 0 if start == 0 else data.find(b"\n") + 1
        # Lines after `first` are whole up to the last b"\n", or to the end of the file.
        last = len(data) if at_eof else data.rfind(b"\n") + 1
        if (start == 0 or first > 0) and last > first:
            break
        if at_eof or len(data) >= MAX_LINE_BYTES:
            return {}  # no line starts in this window (or one longer than we will hold)
        data += _read(f, max(size, len(data)))
    lines: dict[int, bytes] = {}
    pos = first
    while pos < last:
        newline = data.find(b"\n", pos, last)
        stop = last if newline < 0 else newline + 1
        lines[begin + pos] = data[pos:stop]
        pos = stop
    return lines


def _read(f: BinaryIO, size: int) -> bytes:
    """`size` bytes, or fewer only at the end of the file (a raw read may return less)."""
    parts: list[bytes] = []
    while size > 0:
        part = f.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)
