"""DuckDB's memory bound, shared by the warehouse's writing connection and the full pass."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

MEMORY_ENV = "OUTBOUND_DUCKDB_MEMORY"
DEFAULT_MEMORY = "1GB"  # DuckDB spills to disk beyond this: a 10 GB export does not need 10 GB


def bound_memory(con: duckdb.DuckDBPyConnection, spill: Path) -> None:
    """Bounded memory for a writing connection or the full pass: beyond $OUTBOUND_DUCKDB_MEMORY
    (default 1GB) DuckDB spills into `spill` (a private directory) rather than grow."""
    con.execute(f"SET memory_limit = '{os.environ.get(MEMORY_ENV) or DEFAULT_MEMORY}'")
    con.execute("SET temp_directory = '{}'".format(str(spill).replace("'", "''")))
    con.execute("SET preserve_insertion_order = false")
