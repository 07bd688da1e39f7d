"""One warehouse per processor ("shards") and a read-only zone view over them.

Counts never cross processors (a person is counted per processor and year), so each processor's
exports can live in their own DuckDB file and be written by a different worker at the same time:

    <dir>/<processor>.duckdb      one shard per processor (DuckDB: one writing process per file)
    <dir>/zone.key                the one hashing key of every shard, unless $OUTBOUND_HASH_KEY is set

The zone view ATTACHes every shard READ_ONLY in an in-memory DuckDB and unions each table
(`UNION ALL BY NAME`), for zone-wide SQL (exports, alerts, processors) without a writer lock.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from outbound.common.errors import UsageError

if TYPE_CHECKING:
    import duckdb

SUFFIX = ".duckdb"
KEY_ENV = "OUTBOUND_HASH_KEY"
_SAFE = re.compile(r"[^0-9A-Za-z._-]")


def is_shard_dir(warehouse: str | Path) -> bool:
    """A warehouse that names a folder (existing, or a string ending in a slash) holds shards."""
    return Path(warehouse).is_dir() or str(warehouse).endswith(("/", os.sep))


def shard_path(folder: Path, processor: str) -> Path:
    """The shard of one processor; an id with characters unsafe in a file name has them replaced."""
    name = _SAFE.sub("_", processor)
    if not name.strip("._"):
        raise UsageError(f"processor id {processor!r} cannot name a warehouse file; use letters, digits, '-' or '_'")
    return folder / f"{name}{SUFFIX}"


def shards(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if p.is_file())


def use_zone_key(folder: Path) -> None:
    """Key every shard with one secret: $OUTBOUND_HASH_KEY if set, else `<folder>/zone.key` (created
    once, mode 600) exported to this process only, so identifiers hash alike in every shard."""
    if os.environ.get(KEY_ENV):
        return
    from outbound.identifiers import load_key

    os.environ[KEY_ENV] = load_key(folder / "zone").decode("utf-8")  # key file: <folder>/zone.key


def open_zone_view(folder: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with every shard of `folder` attached read-only and one view per table."""
    import duckdb

    found = shards(folder)
    if not found:
        raise UsageError(f"no warehouse shard (*{SUFFIX}) in {folder}; run the nightly scan first")
    con = duckdb.connect(":memory:")
    aliases = [f"s{i}" for i in range(len(found))]
    for alias, path in zip(aliases, found, strict=True):
        con.execute(f"ATTACH '{_quote(str(path))}' AS {alias} (READ_ONLY)")
    rows = con.execute(
        "SELECT database_name, table_name FROM duckdb_tables() WHERE NOT temporary AND database_name LIKE 's%'"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for db, table in rows:
        tables.setdefault(table, []).append(db)
    for table, dbs in sorted(tables.items()):
        union = " UNION ALL BY NAME ".join(f'SELECT * FROM {db}."{table}"' for db in sorted(dbs))
        con.execute(f'CREATE VIEW "{table}" AS {union}')
    return con


def _quote(text: str) -> str:
    return text.replace("'", "''")
