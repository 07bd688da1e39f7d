"""Checks that refuse a file past a reading bound (`outbound.common.limits`) before a parser
meets it: a gzip bomb, a line of megabytes, a header of thousands of columns.

Written by hand, measured: pandas and DuckDB would otherwise take a 40 MB line of `1,1,…` as
twenty million columns (5.2 GB), a 200 MB one-line CSV ran past 120 s, and 8 GiB of zeros in an
8 MB .gz grew a scan to 22.8 GB. These checks read at most a few MB (the gzip check inflates the
stream once, at zlib's speed, stopping at the first bound).
"""

from __future__ import annotations

import csv
import zlib
from pathlib import Path

from outbound.common import limits

_CHUNK = 1 << 20


def check_compressed(path: Path) -> None:
    """A .gz file whose content passes `max_decompressed_bytes`, or `max_compression_ratio` times
    its own size (past 64 MiB of content: small files may compress far), is refused."""
    if path.suffix.lower() != ".gz":
        return
    bounds = limits.current()
    size = max(1, path.stat().st_size)
    ratio_cap = max(64 << 20, size * bounds.max_compression_ratio)
    total = 0
    inflater = zlib.decompressobj(wbits=47)  # gzip or zlib header, automatically
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            data = chunk
            while data:
                total += len(inflater.decompress(data, _CHUNK))
                data = inflater.unconsumed_tail
                if total > bounds.max_decompressed_bytes:
                    raise limits.exceeded(str(path), f"its content is larger than {bounds.max_decompressed_bytes} bytes",
                                          f"{bounds.max_decompressed_bytes} bytes", "max_decompressed_bytes")  # fmt: skip
                if total > ratio_cap:
                    raise limits.exceeded(str(path), f"it inflates more than {bounds.max_compression_ratio} times "
                                          "its size (a gzip bomb?)", f"{bounds.max_compression_ratio}×",
                                          "max_compression_ratio")  # fmt: skip
            if inflater.eof and inflater.unused_data:  # a multi-member gzip: the next member
                rest = inflater.unused_data
                inflater = zlib.decompressobj(wbits=47)
                total += len(inflater.decompress(rest, _CHUNK))


def check_first_line(path: Path, head: bytes, complete: bool, opener: object) -> None:
    """The first line (a header, or a record) ends within `max_line_bytes`. `head` is the prefix
    already read; `opener(path)` reopens the (decompressed) bytes to look further."""
    bounds = limits.current()
    if complete or b"\n" in head[: bounds.max_line_bytes]:
        if b"\n" not in head and len(head) > bounds.max_line_bytes:
            raise _long_line(path, bounds)
        return
    seen = 0
    with opener(path) as fh:  # type: ignore[operator]
        while seen <= bounds.max_line_bytes:
            chunk = fh.read(_CHUNK)
            if not chunk:
                return
            if b"\n" in chunk:
                seen += chunk.index(b"\n")
                break
            seen += len(chunk)
    if seen > bounds.max_line_bytes:
        raise _long_line(path, bounds)


def _long_line(path: Path, bounds: limits.Limits) -> Exception:
    return limits.exceeded(str(path), f"its first line is longer than {bounds.max_line_bytes} bytes",
                           f"{bounds.max_line_bytes} bytes", "max_line_bytes")  # fmt: skip


def check_columns(path: Path, first_line: str, delimiter: str) -> None:
    """A CSV whose first line has more fields than `max_columns` is refused (a 20-row CSV of
    10,000 columns took 37 s)."""
    bounds = limits.current()
    if first_line.count(delimiter) < bounds.max_columns:
        return
    try:
        width = len(next(csv.reader([first_line], delimiter=delimiter)))
    except (csv.Error, StopIteration):
        width = first_line.count(delimiter) + 1
    if width > bounds.max_columns:
        raise limits.exceeded(str(path), f"{width} columns", str(bounds.max_columns), "max_columns")
