"""Read exported datasets: find them, open them by format, sample them, stream their columns.

Every format is one module with one `Source` subclass, listed in the explicit `FORMATS` registry
below beside its streaming opener for the full pass (`stream.py`): adding a format is adding a
module and a line here, nothing is discovered by magic.
Cells always come out as Python `str` or `None`, so identifiers keep their leading zeros, their
18 digits and their trailing "X".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outbound.common import limits
from outbound.common.errors import UnsupportedFormat
from outbound.scanners import finding
from outbound.scanners.base import Source
from outbound.scanners.csv_source import CsvSource
from outbound.scanners.excel_source import ExcelSource
from outbound.scanners.finding import Skipped
from outbound.scanners.json_source import JsonLinesSource, JsonSource
from outbound.scanners.parquet_source import ParquetSource
from outbound.scanners.stream import (
    Opener,
    Stream,
    Streamed,
    csv_stream,
    json_stream,
    open_fallback,
    parquet_stream,
)

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "FORMATS",
    "CsvSource",
    "ExcelSource",
    "Format",
    "JsonLinesSource",
    "JsonSource",
    "ParquetSource",
    "Skipped",
    "Source",
    "Stream",
    "Streamed",
    "discover",
    "discover_all",
    "open_fallback",
    "open_source",
    "open_stream",
    "sniff_format",
    "streamed",
]



@dataclass(frozen=True)
class Format:
    """How one format is read: its source (columns, sample, pandas frames) and, where DuckDB
    reads it itself, the opener the full pass streams every row through (None: the source's own
    reader, `stream.open_fallback`)."""

    source: type[Source]
    stream: Opener | None


# Excel has no native reader in DuckDB: the full pass takes the Excel source's own reader
# (calamine, or openpyxl streaming for a big sheet), so it sees the cells the sample saw.
FORMATS: dict[str, Format] = {
    "csv": Format(CsvSource, csv_stream),
    "jsonl": Format(JsonLinesSource, json_stream),
    "json": Format(JsonSource, json_stream),
    "parquet": Format(ParquetSource, parquet_stream),
    "xlsx": Format(ExcelSource, None),
}


def sniff_format(path: Path) -> str:
    """The format named by the file's suffix, case-insensitive; ".gz" is looked through for the
    text formats ("x.csv.gz" -> "csv"). Contents are not inspected: a suffix is the exporter's
    statement of what it wrote, and a wrong one fails loudly on reading."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    if suffixes:
        for fmt, entry in FORMATS.items():
            if suffixes[-1] in entry.source.suffixes and (entry.source.gzip_ok or not compressed):
                return fmt
    raise UnsupportedFormat(str(path), _suffixes())


def _suffixes() -> list[str]:
    return [x for entry in FORMATS.values() for x in entry.source.suffixes] + [".gz (after a text suffix)"]


def _unread_format(path: Path) -> str | None:
    """Why a folder scan does not read `path`'s format, or None if it reads it."""
    try:
        sniff_format(path)
    except UnsupportedFormat:
        return f"not an export format read here ({', '.join(_suffixes())})"
    return None


def discover(paths: Sequence[Path]) -> list[Path]:
    """The export files named by `paths`, sorted and without repeats (`discover_all`)."""
    return discover_all(paths)[0]


def discover_all(
    paths: Sequence[Path], follow_symlinks: bool | None = None
) -> tuple[list[Path], list[Skipped]]:
    """The export files named by `paths`, and the files of its folders passed over, each with why.

    Folders are walked recursively, keeping regular files of a known format; hidden or private
    entries (".git", "_staging", "_SUCCESS") are passed over without a word. A file named
    explicitly is kept whatever its suffix, so that opening it later says clearly why it cannot
    be read. Links out of a folder are followed only with `follow_symlinks` (default
    $OUTBOUND_FOLLOW_SYMLINKS; see `finding.py`).
    """
    follow = limits.current().follow_symlinks if follow_symlinks is None else follow_symlinks
    return finding.find(paths, _unread_format, follow)


def open_source(path: Path, fmt: str | None = None, encoding: str | None = None) -> Source:
    """Open `path` as `fmt` (sniffed from the suffix when None).

    `encoding` overrides detection for text formats and is ignored by binary ones, so one
    `--encoding` can be passed for a folder of mixed exports.
    """
    path = Path(path)
    fmt = fmt or sniff_format(path)
    if fmt not in FORMATS:
        raise UnsupportedFormat(str(path), _suffixes())
    return FORMATS[fmt].source(path, encoding)


def streamed(source: Source) -> Streamed:
    """`source` with its format's streaming opener: what the full pass reads every row through."""
    return Streamed(source, FORMATS[source.format].stream)


def open_stream(con: duckdb.DuckDBPyConnection, source: Source, columns: Sequence[str]) -> Stream:
    """`columns` of every row of `source`, readable in `con` (see `stream.py`)."""
    return streamed(source).open(con, columns)
