"""Excel (.xlsx): first worksheet, header in the first non-empty row, every cell as text.

Read with python-calamine (Rust): a 1,000-row sample of the evaluation corpus's .xlsx files takes
about a tenth of the time openpyxl's read-only streaming took. What it holds whole, what not:
- opening the workbook reads the shared-strings table and the styles whole (as openpyxl did);
- taking the sheet parses ALL of its XML into one dense Rust grid of cells: python-calamine has no
  row-streaming reader, so memory grows with the sheet, not with the batch or the sample size
  (measured: about 90 MB per million short cells, where openpyxl stayed near 25 MB);
- only the conversion to Python is bounded: `iter_rows` builds one row at a time, so a sample
  converts only the first `candidate_rows(n)` rows, and the full pass one batch at a time.
The sheet parsed in `__init__` for the header is kept by the source for every later read: a file
opened, sampled and read in full (the counting pass, in a forked child that shares the parsed
grid) is parsed once. A source lives for the scan of one file.

Memory stays bounded for big workbooks: when the worksheets' XML exceeds `STREAM_ABOVE_BYTES`
uncompressed (about a few million cells), rows are streamed with openpyxl's read-only reader
instead, slower (≈10×) but flat in memory, the way the counting pass reads every workbook.

Cells are spelled as the openpyxl reader spelled them (`excel_text`). Excel stores numbers as
doubles: an 18-digit ID typed as a number has lost its last digits before we see it, which is why
such columns must be exported as text. Known differences from openpyxl, none in identifiers:
error cells (#N/A) come back empty, and so do whitespace-only strings written without
xml:space="preserve" (openpyxl writes them so); a time with sub-millisecond parts may round to the
other millisecond.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Generator, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetTypeEnum

from outbound.scanners.base import Source, cell_text, text_frame

STREAM_ABOVE_BYTES = 256 << 20  # uncompressed sheet XML; ~90 MB of memory per million cells in calamine

# Python writers (openpyxl, XlsxWriter: "%.16g") put whole numbers below 1e16 in the XML as plain
# digits, which openpyxl read as int; calamine gives every number as float, so digits up to there.
_PLAIN_DIGITS = 1e16


def excel_text(value: Any) -> str | None:
    """One calamine cell as text. Whole-number floats lose ".0" (Excel has no integer type,
    11234.0 is shown as 11234); a date-only cell keeps openpyxl's spelling, which had no date
    type: "2024-01-05 00:00:00". Calamine's empty cell is "" and becomes None."""
    if isinstance(value, float) and value.is_integer() and abs(value) < _PLAIN_DIGITS:
        return str(int(value))
    if type(value) is dt.date:
        return str(dt.datetime.combine(value, dt.time()))
    return cell_text(value)


def header_names(cells: list[Any] | tuple[Any, ...]) -> list[str]:
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


def sheets_xml_bytes(path: Path) -> int:
    """Uncompressed size of the workbook's worksheet XML, from the zip directory (nothing inflated)."""
    with zipfile.ZipFile(path) as z:
        return sum(i.file_size for i in z.infolist() if i.filename.startswith("xl/worksheets/"))


def streamed_rows(path: Path) -> Generator[tuple[Any, ...], None, None]:
    """The first worksheet's rows through openpyxl's read-only reader: bounded memory."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            if any(v is not None and v != "" for v in row):
                yield row
    finally:
        workbook.close()


def first_worksheet(path: Path) -> CalamineSheet | None:
    """The first worksheet (chart sheets are skipped, as openpyxl's `worksheets` did), parsed
    whole; None when the workbook has no worksheet. The file is closed on return."""
    with CalamineWorkbook.from_path(path) as book:
        for i, meta in enumerate(book.sheets_metadata):
            if meta.typ == SheetTypeEnum.WorkSheet:
                return book.get_sheet_by_index(i)
    return None


class ExcelSource(Source):
    format = "xlsx"
    suffixes = (".xlsx",)
    # CalamineError covers ZipError (not a zip), XmlError (broken sheet), PasswordError and a zip
    # that is not a workbook.
    read_errors = (*Source.read_errors, CalamineError, zipfile.BadZipFile, KeyError)

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        """`encoding` is ignored: xlsx is a zip of UTF-8 XML."""
        super().__init__(path)
        with self._reading():
            self._streamed = sheets_xml_bytes(self.path) > STREAM_ABOVE_BYTES
            # Parsing is most of the cost of a read, and a sample and the full pass follow: the
            # sheet parsed for the header is kept for them (the memory it takes is bounded by
            # STREAM_ABOVE_BYTES; above it nothing is kept).
            self._parsed: CalamineSheet | None = None if self._streamed else first_worksheet(self.path)
            self._header = self._read_header()

    def _rows(self) -> Generator[list[Any] | tuple[Any, ...], None, None]:
        """Rows of the first worksheet, header included, from column A; fully empty rows skipped."""
        if self._streamed:
            yield from streamed_rows(self.path)
        else:
            yield from self._rows_of(self._parsed)

    @staticmethod
    def _rows_of(sheet: CalamineSheet | None) -> Generator[list[Any], None, None]:
        if sheet is None or sheet.start is None:  # iter_rows() panics on a sheet without cells
            return
        # calamine's rows begin at the first used column; openpyxl's, and our positions, at A
        pad: list[Any] = [None] * sheet.start[1]
        for row in sheet.iter_rows():
            if any(v != "" for v in row):
                yield pad + row if pad else row

    def _read_header(self) -> list[str]:
        with closing(streamed_rows(self.path) if self._streamed else self._rows_of(self._parsed)) as rows:
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
        batch: list[list[Any] | tuple[Any, ...]] = []
        with closing(self._rows()) as rows:
            next(rows, None)  # header
            for row in rows:
                batch.append(row)
                if len(batch) >= batch_rows:
                    yield self._frame(batch, wanted, positions)
                    batch = []
        if batch:
            yield self._frame(batch, wanted, positions)

    @staticmethod
    def _frame(batch: list[list[Any] | tuple[Any, ...]], names: list[str], positions: list[int]) -> pd.DataFrame:
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
