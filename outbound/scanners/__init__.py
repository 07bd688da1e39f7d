"""Read exported datasets: find them, open them by format, sample them, stream their columns.

Every format is one module with one `Source` subclass, listed in the explicit `FORMATS` registry
below beside its streaming opener for the full pass (`stream.py`): adding a format is adding a
module and a line here, nothing is discovered by magic.
Cells always come out as Python `str` or `None`, so identifiers keep their leading zeros, their
18 digits and their trailing "X".
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outbound.common.errors import UnsupportedFormat
from outbound.scanners.base import Source
from outbound.scanners.csv_source import CsvSource
from outbound.scanners.excel_source import ExcelSource
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
    "Source",
    "Stream",
    "Streamed",
    "discover",
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


def _known(path: Path) -> bool:
    try:
        sniff_format(path)
    except UnsupportedFormat:
        return False
    return True


def _hidden(name: str) -> bool:
    """Hidden or private entries, and office lock files (~$report.xlsx, left while a file is open)."""
    return name.startswith((".", "_", "~$"))


def discover(paths: Sequence[Path]) -> list[Path]:
    """The export files named by `paths`, sorted and without repeats.

    Folders are walked recursively, keeping files of a known format and skipping hidden or
    private entries (".git", "_staging", "_SUCCESS"). A file named explicitly is kept whatever
    its suffix, so that opening it later says clearly why it cannot be read.
    """
    found: set[Path] = set()
    for path in map(Path, paths):
        if not path.is_dir():
            found.add(path)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not _hidden(d)]
            for name in files:
                candidate = Path(folder) / name
                if not _hidden(name) and _known(candidate):
                    found.add(candidate)
    return sorted(found)


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
