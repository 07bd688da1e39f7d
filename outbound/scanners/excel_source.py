"""Excel (.xlsx): first sheet, header in the first row, every cell as text.

openpyxl in read-only mode streams rows, so memory stays bounded. Excel stores numbers as
doubles: an 18-digit ID typed as a number has lost its last digits before we see it, which is why
such columns must be exported as text; what openpyxl hands us we keep as written.

A sheet is a compressed XML stream: it cannot seek, so a large workbook is sampled from its first
`candidate_rows(n)` rows (seeded within them). openpyxl still loads the shared-strings table whole
when it opens the workbook; that table grows with the number of distinct texts in the file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Generator, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from outbound.scanners.base import Source, cell_text, text_frame


def excel_text(value: Any) -> str | None:
    """Whole-number floats lose ".0": Excel has no integer type, 11234.0 is shown as 11234."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return cell_text(value)


def header_names(cells: tuple[Any, ...]) -> list[str]:
    """Header texts; blanks become "column_N", repeats get ".1", ".2" like pandas does."""
    names: list[str] = []
    for i, cell in enumerate(cells, start=1):
        base = excel_text(cell) or f"column_{i}"
        name, k = base, 0
        while name in names:
            k += 1
            name = f"{base}.{k}"
        names.append(name)
    return names


class ExcelSource(Source):
    format = "xlsx"
    suffixes = (".xlsx",)
    read_errors = (*Source.read_errors, zipfile.BadZipFile, InvalidFileException, KeyError)

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        """`encoding` is ignored: xlsx is a zip of UTF-8 XML."""
        super().__init__(path)
        with self._reading():
            self._header = self._read_header()

    def _rows(self) -> Generator[tuple[Any, ...], None, None]:
        """Rows of the first sheet, header included; fully empty rows are skipped."""
        workbook = load_workbook(self.path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            for row in sheet.iter_rows(values_only=True):
                if any(v is not None and v != "" for v in row):
                    yield row
        finally:
            workbook.close()

    def _read_header(self) -> list[str]:
        with closing(self._rows()) as rows:
            first = next(rows, None)
        if first is None:
            raise self.unreadable("the first sheet is empty; expected a header row")
        # A blank header cell is kept as "column_N": dropping it could drop data beneath it.
        return header_names(first)

    def columns(self) -> list[str]:
        return list(self._header)

    def _frames(self, batch_rows: int, columns: list[str] | None) -> Iterator[pd.DataFrame]:
        wanted = columns if columns is not None else self.columns()
        positions = [self._header.index(c) for c in wanted]
        batch: list[tuple[Any, ...]] = []
        with closing(self._rows()) as rows:  # closes the workbook even if the caller stops early
            next(rows, None)  # header
            for row in rows:
                batch.append(row)
                if len(batch) >= batch_rows:
                    yield self._frame(batch, wanted, positions)
                    batch = []
        if batch:
            yield self._frame(batch, wanted, positions)

    @staticmethod
    def _frame(batch: list[tuple[Any, ...]], names: list[str], positions: list[int]) -> pd.DataFrame:
        return text_frame(
            {
                n: [excel_text(r[p]) if p < len(r) else None for r in batch]
                for n, p in zip(names, positions, strict=True)
            }
        )

    def _sample_part(self, n: int, seed: int) -> tuple[pd.DataFrame, list[str]]:
        return self._sample_head(n, seed, "an .xlsx sheet is a compressed stream that cannot seek")

    def count_rows(self) -> int:
        with self._reading():
            return sum(1 for _ in self._rows()) - 1
