"""Database extracts: a query (or a table) through SQLAlchemy, streamed into a staged Parquet file.

    outbound scan postgresql://user@host:5432/crm --query "SELECT * FROM orders WHERE day = :day" \\
        --param day=2026-03-01 --processor p

The result is read with a server-side cursor (`stream_results`) in chunks of `CHUNK_ROWS` rows
and written chunk by chunk as Parquet with every column as text (identifiers keep their leading
zeros and their X), so memory holds one chunk. The export's fingerprint is sha-256 over the query,
its parameters and every cell of the result in order: the same query giving the same rows is the
same export; a changed row, parameter or query is a new one. The export is named by the database
URL without its password and a hash of the query (a query may quote a value: it is not kept).
`postgresql://` uses psycopg 3 (`postgresql+psycopg://`); any SQLAlchemy URL with its driver
installed works.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from outbound.scanners.base import cell_text
from outbound.sources.base import Item, SourceError, staged_path

CHUNK_ROWS = 50_000
_TABLE = re.compile(r"[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?")


def is_database(target: str) -> bool:
    scheme = target.split("://", 1)[0].lower() if "://" in target else ""
    return scheme.split("+", 1)[0] in {"postgresql", "postgres", "mysql", "mariadb", "sqlite", "mssql", "oracle"}


def _engine(target: str) -> Any:
    import sqlalchemy as sa  # lazy: about 0.2 s

    url = sa.engine.make_url(target.replace("postgres://", "postgresql://", 1))
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3: the driver we install
    return sa.create_engine(url), url.render_as_string(hide_password=True)


def _statement(engine: Any, query: str) -> str:
    """A table name alone ("orders", "crm.orders") reads the whole table, quoted as the
    database quotes names; anything else is taken as a SELECT."""
    if not _TABLE.fullmatch(query.strip()):
        return query
    quote = engine.dialect.identifier_preparer.quote
    return "SELECT * FROM " + ".".join(quote(part) for part in query.strip().split("."))


def _unique(names: Sequence[str]) -> list[str]:
    """Column names made unique ("id", "id" -> "id", "id_2"), as a file's header must be."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for name in map(str, names):
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def _digest(query: str, params: Mapping[str, str]) -> Any:
    digest = hashlib.sha256()
    digest.update(json.dumps({"query": query, "params": dict(sorted(params.items()))}, ensure_ascii=False).encode())
    return digest


def _write(rows: Iterable[Sequence[Sequence[Any]]], columns: list[str], dest: Path, digest: Any) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in columns])
    total = 0
    with pq.ParquetWriter(dest, schema) as writer:
        for chunk in rows:
            cells = [[cell_text(v) for v in row] for row in chunk]
            for row in cells:  # a cell's end (\x1f) and a row's (\x1e) keep "a","b" apart from "ab"
                digest.update("\x1f".join("\x00" if c is None else c for c in row).encode() + b"\x1e")
            writer.write_table(pa.table({c: [r[i] for r in cells] for i, c in enumerate(columns)}, schema=schema))
            total += len(cells)
    return total


def extract(target: str, query: str, params: Mapping[str, str], folder: Path) -> Item:
    """Run `query` with bound `params` on the database at `target`; the staged result as an Item."""
    try:
        engine, shown = _engine(target)
    except Exception as exc:  # sqlalchemy's ArgumentError, a missing driver's ImportError
        raise SourceError(f"{target.split('@')[-1]}: not a usable database URL ({type(exc).__name__}); "
                          "e.g. postgresql://user@host:5432/dbname") from exc
    import sqlalchemy as sa

    query_id = hashlib.sha256(query.encode()).hexdigest()[:12]
    name = f"{shown}#query-{query_id}"
    dest = staged_path(folder, "extract.parquet")
    digest = _digest(query, params)
    try:
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=CHUNK_ROWS).execute(
                sa.text(_statement(engine, query)), dict(params))
            _write(result.partitions(), _unique(list(result.keys())), dest, digest)
    except sa.exc.SQLAlchemyError as exc:
        dest.unlink(missing_ok=True)
        from outbound.common.masking import redact  # a database's message may quote a value

        reason = redact(str(getattr(exc, "orig", None) or type(exc).__name__).splitlines()[0])[:200]
        raise SourceError(f"{name}: the query failed ({reason}); check it with psql first") from exc
    finally:
        engine.dispose()
    return Item(dest, name, digest.hexdigest(), temporary=True)
