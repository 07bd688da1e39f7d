"""The shape every format module shares: a `Source` that lists columns, samples, and streams.

A format module says how to turn its file into batches of text frames (`_frames`) and, if it can
seek, how to sample a large file without reading it all (`_sample_part`); the base class owns what
must behave the same across formats: the empty-file check, turning library errors into
`UnreadableExport`, validating requested columns, global row positions, and the sampling budget
(`sampling.py`). Cells leave this package as Python `str` or `None` and nothing else, because the
classifiers read identifiers ("011234", an 18-character resident ID ending in X) and a
number-typed cell would already have lost the leading zero or the last digits.
"""

from __future__ import annotations

import csv
import logging
import math
import re
import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

import pandas as pd

from outbound import identifiers
from outbound.common.errors import UnreadableExport
from outbound.common.masking import redact
from outbound.scanners import badbytes, sampling
from outbound.scanners.bounds import check_first_line
from outbound.scanners.encoding import decode_prefix, detect_encoding, normalise, open_binary, read_prefix
from outbound.scanners.sampling import sample_rows
from outbound.scanners.windows import LINE_SAFE_ENCODINGS

log = logging.getLogger(__name__)

SAMPLE_BATCH_ROWS = 50_000
STREAM_BATCH_ROWS = 1 << 17  # rows per frame on the full pass: ~131k, a few MB per column
_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_MAX_REASON = 300


def cell_text(value: object) -> str | None:
    """One cell as text; empty and missing become None. Booleans use JSON spelling."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


_EMAIL_CELL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def identifier_kind(cell: object) -> str | None:
    """The identifier a cell is as a whole: "CN_RESIDENT_ID" (with its check character),
    "CN_MOBILE" (a mainland mobile), "EMAIL_ADDRESS", or None."""
    text = cell_text(cell)
    if text is None:
        return None
    for entity in ("CN_RESIDENT_ID", "CN_MOBILE"):
        if identifiers.linkable(entity, identifiers.normalise(entity, text)):
            return entity
    return "EMAIL_ADDRESS" if _EMAIL_CELL.fullmatch(text.strip()) else None


def looks_like_data(cells: Sequence[object]) -> bool:
    """Whether a would-be header row holds a value that is data, not a column name: a resident ID
    with its check character, a mainland mobile or an e-mail address (`identifier_kind`). Such a
    file has no header row; taking its first row for names would lose that row and show its
    identifiers as names."""
    return any(identifier_kind(cell) is not None for cell in cells)


_TITLE_LOOKAHEAD = 10


def title_rows(rows: Sequence[Sequence[object]]) -> int:
    """How many leading rows are a title above the header ("2025年3月 客户信息导出" in one merged
    cell): rows with at most one non-empty cell, when a row after them, among the first ten,
    has two or more. A one-column file has no title."""
    filled = [sum(cell_text(c) is not None and bool(str(c).strip()) for c in row) for row in rows[:_TITLE_LOOKAHEAD]]
    k = 0
    while k < len(filled) and filled[k] <= 1:
        k += 1
    return k if k < len(filled) and filled[k] >= 2 else 0


def headerless_names(width: int) -> list[str]:
    """Column names of a file without a header row: column_1, column_2, …"""
    return [f"column_{i}" for i in range(1, width + 1)]


def text_frame(columns: dict[str, Iterable[object]]) -> pd.DataFrame:
    """A frame of object columns holding only str or None.

    pandas 3 would infer its own `str` dtype (missing = NaN); object dtype keeps None as None.
    """
    return pd.DataFrame(
        {name: [cell_text(v) for v in values] for name, values in columns.items()}, dtype=object
    )


def as_text(df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """`df` reduced/extended to `columns` (absent ones all None), every cell str or None."""
    out = text_frame({c: (df[c].tolist() if c in df.columns else [None] * len(df)) for c in columns})
    out.index = df.index
    return out


class Source(ABC):
    """An export file opened for reading in one format.

    Subclasses set `format`, `suffixes` and implement `columns` and `_frames`; they may override
    `count_rows` when the format knows its length cheaply.
    """

    format: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    gzip_ok: ClassVar[bool] = False
    # True: every frame of `_frames(…, None)` is text (`as_text`) with exactly `columns()`, so rows
    # picked among them are a text frame already (not so where frames differ: JSON, sheets)
    uniform_frames: ClassVar[bool] = False
    # Exceptions that mean "this file cannot be read as this format"; anything else is a bug.
    read_errors: ClassVar[tuple[type[BaseException], ...]] = (
        OSError,
        EOFError,
        ValueError,
        zlib.error,
        csv.Error,
    )

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.path = Path(path)
        self.encoding: str | None = None
        if not self.path.exists():
            raise self.unreadable("no such file")
        if not self.path.is_file():
            raise self.unreadable("not a regular file")
        if self.path.stat().st_size == 0:
            raise self.unreadable("empty file")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r}, encoding={self.encoding!r})"

    # -- what a format module provides -------------------------------------------------------

    @abstractmethod
    def columns(self) -> list[str]:
        """Column names in file order; nested objects as dotted paths ("guest.id_no")."""

    @abstractmethod
    def _frames(self, batch_rows: int, columns: list[str] | None) -> Iterator[pd.DataFrame]:
        """All rows in order, in frames of at most `batch_rows` rows, cells str or None.

        `columns=None` means every column. The index is ignored: the base class renumbers it.
        """

    # -- the public API ------------------------------------------------------------------------

    def sample(self, n: int, seed: int) -> pd.DataFrame:
        """`n` rows drawn without replacement, in file order; reproducible (same file, `n` and
        `seed`, same rows) and read within a budget that does not grow with the file.

        A small file is read whole and the `n` rows are uniform over it (a file with at most `n`
        rows comes back whole); the index is the row position. A large one is read in part (see
        `sampling.py` for what each format reads); its index is the row position where the format
        knows it, else the byte offset where the row starts (index named "byte_offset"). Columns
        are those of the file, or for JSON read in part those seen in the rows read.
        """
        if n < 0:
            raise ValueError(f"sample size must be >= 0, got {n}")
        with self._reading():
            if self._read_whole(n):
                frames = self._positioned(self._frames(SAMPLE_BATCH_ROWS, None))
                picked = sample_rows(frames, n, seed)
                columns = self.columns()
                if self.uniform_frames and list(picked.columns) == columns:
                    return picked  # text already: a second copy cost a one-row file 0.2 ms (measured)
            else:
                picked, columns = self._sample_part(n, seed)
        return as_text(picked, columns)

    def iter_columns(self, columns: Sequence[str], batch_rows: int = STREAM_BATCH_ROWS) -> Iterator[pd.DataFrame]:
        """Every row, only `columns`, in frames of at most `batch_rows` rows, in file order.

        A name missing from the file raises `UnreadableExport` here, before any row is read.
        """
        if batch_rows < 1:
            raise ValueError(f"batch_rows must be >= 1, got {batch_rows}")
        wanted = list(dict.fromkeys(columns))
        with self._reading():
            known = self.columns()
        missing = [c for c in wanted if c not in set(known)]
        if missing:
            shown = ", ".join(repr(c) for c in known[:20]) + (" ..." if len(known) > 20 else "")
            raise self.unreadable(f"no column {', '.join(map(repr, missing))}; the file has {shown}")
        return self._guarded(self._positioned(self._frames(batch_rows, wanted)))

    def rows_are_records(self, columns: Sequence[str]) -> bool:
        """Whether reading `columns` in full (`iter_columns`) yields one row per record, as many as
        `count_rows`: not when they are fields of nested objects (nesting.py) or of some of a
        workbook's sheets only."""
        return True

    def count_rows(self) -> int:
        """Number of data rows (header excluded). The default reads the whole file."""
        with self._reading():
            return sum(len(f) for f in self._frames(SAMPLE_BATCH_ROWS, None))

    # -- sampling a large file ------------------------------------------------------------------

    def reads_whole(self, n: int) -> bool:
        """Whether `sample(n)` reads the whole file: then a sample of fewer than `n` rows is every
        row of it (the scan's full pass of a small file keys those rows: `outbound.fullpass.rows`)."""
        return self._read_whole(n)

    def _read_whole(self, n: int) -> bool:
        """Whether `sample(n)` reads the whole file; a subclass may know a better estimate."""
        return sampling.read_whole(self.path.stat().st_size, compressed=self.compressed)

    @property
    def compressed(self) -> bool:
        return self.path.suffix.lower() in (".gz", ".xlsx")

    def _sample_part(self, n: int, seed: int) -> tuple[pd.DataFrame, list[str]]:
        """The sample of a file too large to read whole; by default from its first rows."""
        return self._sample_head(n, seed, "the format cannot seek")

    def _sample_head(self, n: int, seed: int, why: str) -> tuple[pd.DataFrame, list[str]]:
        """`n` of the first `candidate_rows(n)` rows, seeded, and the columns seen in them."""
        limit = sampling.candidate_rows(n)
        head: list[pd.DataFrame] = []
        columns: dict[str, None] = {}
        read = 0
        frames = self._frames(min(SAMPLE_BATCH_ROWS, limit), None)
        try:
            for frame in self._positioned(frames):
                frame = frame.iloc[: limit - read]
                head.append(frame)
                columns.update(dict.fromkeys(map(str, frame.columns)))
                read += len(frame)
                if read >= limit:
                    break
        finally:
            getattr(frames, "close", lambda: None)()  # stop the reader now: close its file
        log.info("sampled %s from its first %d rows: %s", self.path, read, why)
        return sample_rows(head, n, seed), list(columns)

    # -- shared helpers ------------------------------------------------------------------------

    def unreadable(self, reason: str) -> UnreadableExport:
        return UnreadableExport(str(self.path), self.format, reason)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Turn a library's read failure into `UnreadableExport` naming this file."""
        try:
            yield
        except UnreadableExport:
            raise
        except UnicodeDecodeError as e:
            # Detection only sees a prefix, so a bad byte can still turn up later in the file.
            encoding = self.encoding or "utf-8"
            found = badbytes.locate(self.path, encoding)
            at = f" at byte {found[0]} (line {found[1]})" if found else f" ({e.reason})"
            shown = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
            raise self.unreadable(f"not valid {shown}{at}; {badbytes.hint(encoding)}") from e
        except self.read_errors as e:
            # a library's message may quote a cell: mask anything identifier-like before it travels
            ragged = _RAGGED.search(str(e))
            if ragged:  # pandas: "Expected 4 fields in line 3, saw 5"
                expected, line, saw = ragged.groups()
                raise self.unreadable(
                    f"line {line} has {saw} fields where the header has {expected} (a value holding the delimiter "
                    "without quotes?); quote that value or fix the line and scan the file again: none of its rows was counted"
                ) from e
            text = redact(f"{type(e).__name__}: {e}")
            raise self.unreadable(text[:_MAX_REASON]) from e

    def _guarded(self, frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        with self._reading():
            yield from frames

    @staticmethod
    def _positioned(frames: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        """Number rows by their position in the file, across batches."""
        start = 0
        for frame in frames:
            frame.index = pd.RangeIndex(start, start + len(frame))
            start += len(frame)
            yield frame


class TextSource(Source):
    """A text format (CSV, JSON): settles the encoding once and keeps the decoded prefix."""

    gzip_ok = True

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        super().__init__(path)
        with self._reading():
            head, complete = read_prefix(self.path)
            if self.format != "json":  # a JSON document may be one line; its records are bounded by depth
                check_first_line(self.path, head, complete, open_binary)  # before any parser meets it
        if not head:
            raise self.unreadable("empty file")
        if encoding is None:
            self.encoding = detect_encoding(head, complete, str(self.path), self.format)
        else:
            self.encoding = normalise(encoding)
        with self._reading():
            # Whole lines only, so a sniffer never sees a cut-off last record.
            text = decode_prefix(head, self.encoding, complete)
        self.prefix = text if complete else text[: text.rfind("\n") + 1] or text
        self.raw_prefix = head  # undecoded, for byte offsets (the end of a CSV header line)
        # $OUTBOUND_BAD_BYTES=skip: read around bytes not valid in the encoding (badbytes.py)
        self.bad_bytes = "replace" if badbytes.skipping() else "strict"
        self.line_bytes = len(head) / max(1, head.count(b"\n"))  # mean line length, estimated

    @property
    def text_encoding(self) -> str:
        """The settled encoding; always set on a text source after __init__."""
        assert self.encoding is not None
        return self.encoding

    def no_windows_reason(self) -> str | None:
        """Why line windows at byte offsets cannot be read here (windows.py), or None if they can."""
        if self.compressed:
            return "a compressed file cannot seek"
        if self.text_encoding not in LINE_SAFE_ENCODINGS:
            return f"{self.text_encoding} lines cannot be found from a byte offset"
        return None

    @property
    def window_encoding(self) -> str:
        """How a window's bytes decode: a BOM only ever stands at byte 0."""
        return "utf-8" if self.text_encoding == "utf-8-sig" else self.text_encoding

    def _read_whole(self, n: int) -> bool:
        wanted = sampling.candidate_rows(n) * self.line_bytes
        return sampling.read_whole(self.path.stat().st_size, self.compressed, wanted)
