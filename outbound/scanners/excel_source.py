"""Excel (.xlsx): every worksheet, header in its first non-empty row, every cell as text.

Every worksheet with a header row is read (a second sheet of passengers leaves the country as
surely as the first; hidden sheets too, empty and chart sheets are skipped). The first one's
headers are its columns, as when only the first sheet was read; the other sheets' columns are
named `sheet.header` ("乘客.身份证号"), as nested JSON fields are. A row is one sheet's row, the
other sheets' columns empty on it, and each sheet is sampled on its own.

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
import itertools
import logging
import zipfile
from collections.abc import Generator, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetTypeEnum

from outbound.common import limits
from outbound.scanners import sampling
from outbound.scanners.base import (
    Source,
    cell_text,
    headerless_names,
    looks_like_data,
    text_frame,
    title_rows,
)

log = logging.getLogger(__name__)

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


def streamed_rows(path: Path, sheet: str) -> Generator[tuple[Any, ...], None, None]:
    """A worksheet's rows through openpyxl's read-only reader: bounded memory."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for row in workbook[sheet].iter_rows(values_only=True):
            if any(v is not None and v != "" for v in row):
                yield row
    finally:
        workbook.close()


def check_workbook(path: Path) -> None:
    """Refuse a workbook past the sheet or cell bounds (`limits`), from its directory and each
    sheet's declared dimensions: a workbook of 300 one-row sheets took 73 s and 2.8 GB."""
    bounds = limits.current()
    with CalamineWorkbook.from_path(path) as book:
        sheets = [m for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    if len(sheets) > bounds.max_sheets:
        raise limits.exceeded(str(path), f"{len(sheets)} worksheets", str(bounds.max_sheets), "max_sheets")


def worksheet_names(path: Path) -> list[str]:
    """The workbook's worksheets in order (chart sheets are skipped, as openpyxl's `worksheets`)."""
    with CalamineWorkbook.from_path(path) as book:
        return [meta.name for meta in book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]


def parse_worksheets(path: Path) -> dict[str, CalamineSheet]:
    """Every worksheet, parsed whole. The file is closed on return."""
    with CalamineWorkbook.from_path(path) as book:
        return {
            meta.name: book.get_sheet_by_name(meta.name)
            for meta in book.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet
        }


class ExcelSource(Source):
    format = "xlsx"
    suffixes = (".xlsx", ".xls")  # .xls (BIFF, Excel 97-2003): calamine reads it, parsed whole (it has no zip)
    # CalamineError covers ZipError (not a zip), XmlError (broken sheet), PasswordError and a zip
    # that is not a workbook.
    read_errors = (*Source.read_errors, CalamineError, zipfile.BadZipFile, KeyError)

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        """`encoding` is ignored: xlsx is a zip of UTF-8 XML."""
        super().__init__(path)
        with self._reading():
            legacy = self.path.suffix.lower() == ".xls"  # at most 65,536 × 256 cells a sheet
            self._streamed = not legacy and sheets_xml_bytes(self.path) > STREAM_ABOVE_BYTES
            check_workbook(self.path)  # as many sheets as limits.current() allows, before parsing any
            # Parsing is most of the cost of a read, and a sample and the full pass follow: the
            # sheets parsed for the headers are kept for them (the memory they take is bounded by
            # STREAM_ABOVE_BYTES; above it nothing is kept).
            self._parsed: dict[str, CalamineSheet] = {} if self._streamed else parse_worksheets(self.path)
            names = worksheet_names(self.path) if self._streamed else list(self._parsed)
            self._skip: dict[str, int] = {}  # rows before a sheet's data: its header row, or none
            self._headers = {name: h for name in names if (h := self._read_header(name))}
        if not self._headers:
            raise self.unreadable("every sheet is empty; expected a header row")
        self._check_size()
        # column name -> (sheet, position in its rows); the first sheet's headers as they are
        self._where: dict[str, tuple[str, int]] = {}
        for k, (sheet, header) in enumerate(self._headers.items()):
            for i, title in enumerate(header):
                name, n = (title if k == 0 else f"{sheet}.{title}"), 0
                while name in self._where:  # a first-sheet header spelled like another sheet's column
                    n += 1
                    name = f"{sheet}.{title}.{n}"
                self._where[name] = (sheet, i)

    def _check_size(self) -> None:
        bounds = limits.current()
        width = sum(len(h) for h in self._headers.values())
        if width > bounds.max_columns:
            raise limits.exceeded(str(self.path), f"{width} columns in its sheets", str(bounds.max_columns), "max_columns")
        cells = sum(s.height * s.width for s in self._parsed.values())
        if cells > bounds.max_cells:
            raise limits.exceeded(str(self.path), f"{cells} cells", str(bounds.max_cells), "max_cells")

    def _rows(self, sheet: str) -> Generator[list[Any] | tuple[Any, ...], None, None]:
        """Rows of a worksheet, header included, from column A; fully empty rows skipped."""
        if self._streamed:
            yield from streamed_rows(self.path, sheet)
        else:
            yield from self._rows_of(self._parsed.get(sheet))

    @staticmethod
    def _rows_of(sheet: CalamineSheet | None) -> Generator[list[Any], None, None]:
        if sheet is None or sheet.start is None:  # iter_rows() panics on a sheet without cells
            return
        # calamine's rows begin at the first used column; openpyxl's, and our positions, at A
        pad: list[Any] = [None] * sheet.start[1]
        for row in sheet.iter_rows():
            if any(v != "" for v in row):
                yield pad + row if pad else row

    def _read_header(self, sheet: str) -> list[str] | None:
        with closing(self._rows(sheet)) as rows:
            head = list(itertools.islice(rows, 10))
        if not head:
            return None
        title = title_rows([[excel_text(v) for v in row] for row in head])  # a merged title above the header
        first = head[title]
        if looks_like_data([excel_text(v) for v in first]):  # no header row: the first row is data
            self._skip[sheet] = title
            return headerless_names(len(first))
        self._skip[sheet] = title + 1
        # A blank header cell is kept as "column_N": dropping it could drop data beneath it.
        return header_names(first)

    def columns(self) -> list[str]:
        return list(self._where)

    def rows_are_records(self, columns: Sequence[str]) -> bool:
        """Reading `columns` reads the rows of the sheets holding them only."""
        return {self._where[c][0] for c in columns} == set(self._headers)

    def _frames(self, batch_rows: int, columns: list[str] | None) -> Iterator[pd.DataFrame]:
        """Rows of each sheet in turn: every sheet's when `columns` is None, else the sheets
        holding one of them (see `rows_are_records`)."""
        wanted = columns if columns is not None else self.columns()
        for sheet in self._headers:
            here = {c: self._where[c][1] for c in wanted if self._where[c][0] == sheet}
            if columns is not None and not here:
                continue
            batch: list[list[Any] | tuple[Any, ...]] = []
            with closing(self._rows(sheet)) as rows:
                for _ in range(self._skip[sheet]):  # title and header rows
                    next(rows, None)
                for row in rows:
                    batch.append(row)
                    if len(batch) >= batch_rows:
                        yield self._frame(batch, wanted, here)
                        batch = []
            if batch:
                yield self._frame(batch, wanted, here)

    @staticmethod
    def _frame(batch: list[list[Any] | tuple[Any, ...]], names: list[str], here: dict[str, int]) -> pd.DataFrame:
        """`names` of a batch of one sheet's rows; `here`: the names this sheet holds, by position."""
        return text_frame(
            {
                n: [excel_text(r[p]) if p < len(r) else None for r in batch] if (p := here.get(n)) is not None
                else [None] * len(batch)
                for n in names
            }
        )  # fmt: skip

    def _read_whole(self, n: int) -> bool:
        return len(self._headers) == 1 and super()._read_whole(n)

    def _sample_part(self, n: int, seed: int) -> tuple[pd.DataFrame, list[str]]:
        if len(self._headers) == 1:
            return self._sample_head(n, seed, "an .xlsx sheet is a compressed stream that cannot seek")
        # `n` rows of each sheet (from its first rows): every sheet's columns get a sample of their own
        columns, parts = self.columns(), []
        for k, sheet in enumerate(self._headers):
            head = self._sheet_head(sheet, sampling.candidate_rows(n), columns)
            part = sampling.sample_rows([head], n, seed)
            if len(part):
                part.index = part.index + (k << 40)  # file order: sheet by sheet
                parts.append(part)
        log.info("sampled %s: up to %d rows from each of %d sheets", self.path, n, len(self._headers))
        return (pd.concat(parts) if parts else pd.DataFrame(columns=columns)), columns

    def _sheet_head(self, sheet: str, limit: int, columns: list[str]) -> pd.DataFrame:
        here = {c: self._where[c][1] for c in columns if self._where[c][0] == sheet}
        with closing(self._rows(sheet)) as rows:
            for _ in range(self._skip[sheet]):  # title and header rows
                next(rows, None)
            batch = list(itertools.islice(rows, limit))
        frame = self._frame(batch, columns, here)
        frame.index = pd.RangeIndex(0, len(frame))
        return frame

    def count_rows(self) -> int:
        with self._reading():
            return sum(sum(1 for _ in self._rows(sheet)) - self._skip[sheet] for sheet in self._headers)
