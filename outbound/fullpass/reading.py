"""What the full pass needs of an export file, and nothing of how it is read.

The readers are the scanners' (`outbound.scanners.streamed` gives one of these for a source, with
its format's opener from the one format registry); the pipeline hands it in. These are protocols:
the full pass names the shape it uses, and imports no stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import duckdb


class Stream(Protocol):
    """Every row of a few columns as a relation: `sql` is a parenthesised SELECT usable in FROM,
    its columns c0..cN the asked columns (VARCHAR, empty text as NULL)."""

    sql: str
    native: bool  # False: read through Python (pyarrow, openpyxl or the source itself)
    retry: bool  # a failure is worth a second read through the source's own (pandas) reader

    def close(self) -> None: ...


class Readable(Protocol):
    """An export file as the full pass reads it."""

    @property
    def path(self) -> Path: ...

    @property
    def format(self) -> str: ...

    def open(self, con: duckdb.DuckDBPyConnection, columns: Sequence[str]) -> Stream:
        """`columns` of every row, at DuckDB's speed where it reads the format itself."""
        ...

    def open_fallback(self, con: duckdb.DuckDBPyConnection, columns: Sequence[str]) -> Stream:
        """`columns` of every row through the source's own reader: slower, the sampled cells exactly."""
        ...

    def count_rows(self, con: duckdb.DuckDBPyConnection) -> int: ...

    def count_records(self, con: duckdb.DuckDBPyConnection) -> int:
        """The records (a JSON record's array objects, rows of their own, not counted)."""
        ...

    def rows_are_records(self, columns: Sequence[str]) -> bool: ...

    def unreadable(self, reason: str) -> Exception:
        """The error naming this file and why it cannot be read."""
        ...
