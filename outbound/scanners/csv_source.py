"""CSV (and TSV, and their .gz): every cell read as the text it is, never as a number.

pandas does the parsing (quoting, embedded newlines, chunking); we only forbid type and NA
inference, because "011234" must not become 11234 and "NA" may be somebody's initials.

A row with more fields than the header is an error, not silently cut: `columns()` checks the
first data row and `sample()` checks every row it reads (all of a small file). `iter_columns`
lets pandas parse only the asked columns for speed, and pandas then ignores surplus fields.

Sampling a large plain CSV reads line windows at seeded byte offsets (windows.py) and parses
them with the same pandas options, the header's names given. That is only sound when every
record is one physical line: a window whose lines hold an odd number of quote characters (a
quoted field with a line break: RFC 4180 doubles quotes inside quotes, so a whole record's count
is even) could have resynced inside a field, so the file is then sampled from its first rows and
a log line says so. So are .gz files, encodings outside windows.LINE_SAFE_ENCODINGS, and a header
that is not one line within the first 64 KiB.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from outbound.scanners import sampling
from outbound.scanners.base import TextSource, as_text, headerless_names, looks_like_data, title_rows
from outbound.scanners.bounds import check_columns
from outbound.scanners.windows import read_windows

log = logging.getLogger(__name__)

DELIMITERS = ",;\t|"
# A plain file this small is parsed once, header and rows together: the second read_csv of a
# one-row file cost about 1 ms of the reader's ~10 (5,000 one-row CSVs, measured).
WHOLE_BYTES = 1 << 16
_SNIFF_LINES = 50


def sniff_delimiter(prefix: str) -> str:
    """The delimiter among , ; tab | that csv.Sniffer sees in the first lines, else ",".

    The sniffer guesses; a guess that does not occur in the first lines (the header, or a title
    line above it) is discarded.
    """
    lines = prefix.splitlines()[:_SNIFF_LINES]
    if not lines:
        return ","
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","
    return found if any(found in line for line in [x for x in lines if x.strip()][:3]) else ","


class CsvSource(TextSource):
    format = "csv"
    suffixes = (".csv", ".tsv")
    uniform_frames = True  # one pandas reader, the same columns in every frame (`_frames`)

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        super().__init__(path, encoding)
        self.delimiter = sniff_delimiter(self.prefix.lstrip("\ufeff"))
        check_columns(self.path, self.prefix.lstrip("\ufeff").partition("\n")[0], self.delimiter)
        self._columns: list[str] | None = None
        self._body: pd.DataFrame | None = None  # the rows of a file parsed once (WHOLE_BYTES)
        self.has_header = True  # False when the first line is data (base.looks_like_data)
        self.skip_lines = self._title_lines()  # a title above the header (base.title_rows)

    def _title_lines(self) -> int:
        """Physical lines before the header: a title line and the blank lines around it."""
        lines = self.prefix.lstrip("\ufeff").splitlines()[:-1] or self.prefix.lstrip("\ufeff").splitlines()
        try:
            rows = list(csv.reader(lines[:_SNIFF_LINES], delimiter=self.delimiter))
        except csv.Error:  # pandas will say what is wrong with these lines
            return 0
        title = title_rows([r for r in rows if any(c.strip() for c in r)])
        if not title:
            return 0
        seen = 0
        for k, row in enumerate(rows):  # the physical line of the (title+1)-th non-blank row
            if any(c.strip() for c in row):
                if seen == title:
                    return k
                seen += 1
        return 0

    def _read(self, source: Path | io.StringIO | None = None, **kwargs: Any) -> Any:
        # dtype=str + no NA filter: cells arrive exactly as written, "" for empty.
        if source is None and getattr(self, "skip_lines", None):
            kwargs.setdefault("skiprows", self.skip_lines)
        return pd.read_csv(
            self.path if source is None else source,
            sep=self.delimiter,
            encoding=self.text_encoding,
            encoding_errors=self.bad_bytes,
            compression="infer",
            dtype=object,  # str would make Arrow strings, turned back into Python ones at once
            keep_default_na=False,
            na_filter=False,
            index_col=False,
            on_bad_lines="error",
            **kwargs,
        )

    def columns(self) -> list[str]:
        if self._columns is None:
            with self._reading():
                # header=None makes pandas reject a first data row wider than the header,
                # which it would otherwise drop with only a warning.
                whole = self.path.suffix.lower() in self.suffixes and self.path.stat().st_size <= WHOLE_BYTES
                head = self._read(header=None) if whole else self._read(header=None, nrows=2)
                first = head.iloc[0].tolist() if len(head) else []
                if first and looks_like_data(first):
                    self.has_header = False  # its first line is a row: columns are column_1, …
                    self._columns = headerless_names(head.shape[1])
                elif first and all(isinstance(c, str) and c for c in first) and len(set(first)) == len(first):
                    # names pandas takes as they are: no second read (0.45 ms of a one-row file's
                    # 2.4 ms sample, measured); tests/scanners/test_csv_names.py pins the equality
                    self._columns = first
                    if whole:
                        self._body = head.iloc[1:].set_axis(first, axis=1).set_axis(pd.RangeIndex(len(head) - 1))
                else:  # empty or repeated names: pandas names them (Unnamed: 2, id.1)
                    self._columns = [str(c) for c in self._read(nrows=0).columns]
        return list(self._columns)

    def _table(self) -> dict[str, Any]:
        """pandas options for the rows: after the header line, or all lines named column_N."""
        names = self.columns()
        return {} if self.has_header else {"header": None, "names": names}

    def _frames(self, batch_rows: int, columns: list[str] | None) -> Iterator[pd.DataFrame]:
        wanted = columns if columns is not None else self.columns()
        if not wanted:
            return
        if self._body is not None:  # as pandas' chunks: a RangeIndex on, one empty chunk for no rows
            body = self._body
            for start in range(0, max(len(body), 1), batch_rows):
                yield as_text(body.iloc[start : start + batch_rows], wanted)
            return
        # usecols=None parses every field, so ragged rows raise on the sampling pass.
        with self._read(usecols=columns, chunksize=batch_rows, **self._table()) as reader:
            for chunk in reader:
                yield as_text(chunk, wanted)

    def count_rows(self) -> int:
        first = self.columns()[:1]
        with self._reading():
            if not first:
                return 0
            with self._read(usecols=first, chunksize=200_000, **self._table()) as reader:
                return sum(len(chunk) for chunk in reader)

    # -- sampling a large file ----------------------------------------------------------------

    def _body_start(self) -> int | None:
        """Byte offset of the first data row, if the header is one line within the prefix."""
        if not (self.columns() and self.has_header) or self.skip_lines:  # sampled from its head then
            return None
        end = self.raw_prefix.find(b"\n")
        if end < 0 or self.raw_prefix[:end].count(b'"') % 2:
            return None
        return end + 1

    def _sample_part(self, n: int, seed: int) -> tuple[pd.DataFrame, list[str]]:
        body = self._body_start()
        why = self.no_windows_reason()
        if why or body is None:
            return self._sample_head(n, seed, why or "the header is not one line within the first 64 KiB")
        size, rows = self.path.stat().st_size, sampling.candidate_rows(n)
        starts, window = sampling.window_plan(sampling.window_rng(seed), body, size, rows, self.line_bytes)
        # pandas skips blank and white-space-only lines; so do we, to keep one row per line
        lines = {at: line for at, line in read_windows(self.path, starts, window).items() if line.strip()}
        if any(line.count(b'"') % 2 for line in lines.values()):
            return self._sample_head(n, seed, "quoted fields span lines, so byte offsets cannot resync")
        frame = self._parse_lines(lines)
        if frame is None:
            return self._sample_head(n, seed, "the windows did not parse as one row per line")
        log.info(
            "sampled %s from %d rows in %d windows of %d bytes", self.path, len(frame), len(starts), window
        )
        return sampling.sample_rows([frame], n, seed), self.columns()

    def _parse_lines(self, lines: dict[int, bytes]) -> pd.DataFrame | None:
        """Lines (one record each) as a text frame indexed by byte offset; None if they are not."""
        names = self.columns()
        if not lines:
            return None
        text = b"".join(lines.values()).decode(self.window_encoding, self.bad_bytes)
        try:
            frame = self._read(io.StringIO(text), header=None, names=names)
        except pd.errors.ParserError as e:
            # pandas counts lines within the windows; the byte offset is what finds the row
            found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(e))
            if not found:
                raise
            expected, line, saw = map(int, found.groups())
            at = list(lines)[line - 1]
            raise self.unreadable(f"Expected {expected} fields in the line at byte {at}, saw {saw}") from None
        if len(frame) != len(lines):
            return None
        frame = as_text(frame, names)
        frame.index = pd.Index(list(lines), name="byte_offset")
        return frame
