"""CSV (and TSV, and their .gz): every cell read as the text it is, never as a number.

pandas does the parsing (quoting, embedded newlines, chunking); we only forbid type and NA
inference, because "011234" must not become 11234 and "NA" may be somebody's initials.

A row with more fields than the header is an error, not silently cut: `columns()` checks the
first data row and the all-columns pass behind `sample()` checks every row. `iter_columns` lets
pandas parse only the asked columns for speed, and pandas then ignores surplus fields; the flow
samples (and so validates) a file before streaming it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from outbound.scanners.base import TextSource, as_text

DELIMITERS = ",;\t|"
_SNIFF_LINES = 50


def sniff_delimiter(prefix: str) -> str:
    """The delimiter among , ; tab | that csv.Sniffer sees in the first lines, else ",".

    The sniffer guesses; a guess that does not occur in the header line is discarded.
    """
    lines = prefix.splitlines()[:_SNIFF_LINES]
    if not lines:
        return ","
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","
    return found if found in lines[0] else ","


class CsvSource(TextSource):
    format = "csv"
    suffixes = (".csv", ".tsv")

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        super().__init__(path, encoding)
        self.delimiter = sniff_delimiter(self.prefix.lstrip("\ufeff"))
        self._columns: list[str] | None = None

    def _read(self, **kwargs: Any) -> Any:
        # dtype=str + no NA filter: cells arrive exactly as written, "" for empty.
        return pd.read_csv(
            self.path,
            sep=self.delimiter,
            encoding=self.text_encoding,
            compression="infer",
            dtype=str,
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
                self._read(header=None, nrows=2)
                self._columns = [str(c) for c in self._read(nrows=0).columns]
        return list(self._columns)

    def _frames(self, batch_rows: int, columns: list[str] | None) -> Iterator[pd.DataFrame]:
        wanted = columns if columns is not None else self.columns()
        if not wanted:
            return
        # usecols=None parses every field, so ragged rows raise on the sampling pass.
        with self._read(usecols=columns, chunksize=batch_rows) as reader:
            for chunk in reader:
                yield as_text(chunk, wanted)

    def count_rows(self) -> int:
        first = self.columns()[:1]
        with self._reading():
            if not first:
                return 0
            with self._read(usecols=first, chunksize=200_000) as reader:
                return sum(len(chunk) for chunk in reader)
