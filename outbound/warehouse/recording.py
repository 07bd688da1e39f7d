"""Record exports: one, or the many small files of a batch, in one transaction with set-based SQL.

Why many at once: recording a one-row export cost about 40 ms of statements (the export, its
labels, its identifiers and links, the merge into its year's state: some 35 statements of about
a millisecond each; measured on 500 one-row CSVs), where the file itself cost the reader less.
Recorded together, a batch of files costs the same statements once: each table gets one insert
from an Arrow table holding every export's rows (`e`: the export id), and the year's state one
merge (`linking.merge_exports`). What is recorded is what recording the files one by one records,
but for the numbers the exports and new identifiers are given (tests/warehouse/test_recording.py).

The caller holds the transaction (`Warehouse.record_exports`): a scan killed mid-way loses the
whole batch, and the next run records it again from the files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from outbound.common.masking import redact
from outbound.common.records import ColumnLabel, ExportRecord
from outbound.identifiers import keyed_edges_schema, keyed_ids_schema
from outbound.warehouse import linking
from outbound.warehouse.sqlfiles import sql

if TYPE_CHECKING:
    import pyarrow as pa

STAGED = ("staged_exports", "staged_labels", "staged_ids", "staged_edges")


@dataclass(frozen=True)
class StagedExport:
    """One export to record: its record, its labels, and its persons as the full pass keyed them:
    `ids` (h UUID, sensitive BOOLEAN: each keyed identifier once) and `edges` (a, b UUID:
    identifiers seen on one row); rows with PI but no identifier are only counted (`unlinked`, of
    which `unlinked_sensitive`)."""

    export: ExportRecord
    labels: tuple[ColumnLabel, ...]
    ids: pa.Table | None = None
    edges: pa.Table | None = None
    unlinked: int = 0
    unlinked_sensitive: int = 0
    scenario: str | None = None


@dataclass(frozen=True)
class Fingerprinted:
    """What a file hashed to at its size and mtime (the nightly listing's `file_fingerprints`)."""

    path: str
    size: int
    mtime_ns: int
    sha: str


def record_exports(con: duckdb.DuckDBPyConnection, staged: Sequence[StagedExport],
                   fingerprints: Sequence[Fingerprinted] = ()) -> list[bool]:  # fmt: skip
    """Record `staged` (one processor's) inside the caller's transaction; per export, whether it
    was new (False: its content was recorded already, or earlier in `staged`). `fingerprints` are
    remembered in the same transaction."""
    _remember(con, fingerprints)
    if not staged:
        return []
    processor = staged[0].export.processor
    assert all(s.export.processor == processor for s in staged), "one processor per batch"
    shas = [s.export.content_sha256 for s in staged]
    known = {r[0] for r in con.execute(sql("exports_known"), {"processor": processor, "shas": shas}).fetchall()}
    new: dict[str, StagedExport] = {}
    for s in staged:
        if s.export.content_sha256 not in known:
            new.setdefault(s.export.content_sha256, s)
    if new:
        _record_new(con, processor, list(new.values()))
    return [s.export.content_sha256 in new and new[s.export.content_sha256] is s for s in staged]


def _record_new(con: duckdb.DuckDBPyConnection, processor: str, new: list[StagedExport]) -> None:
    try:
        con.register("staged_exports", _exports_table(new))
        ids = dict(con.execute(sql("insert_exports")).fetchall())  # sha → export_id
        con.register("staged_labels", _labels_table(new))
        con.execute(sql("insert_labels"))
        con.register("staged_ids", _keyed(new, ids, "ids", keyed_ids_schema()))
        con.register("staged_edges", _keyed(new, ids, "edges", keyed_edges_schema()))
        linking.script(con, "record_identifiers", {"processor": processor})
    finally:
        _drop_staged(con)
    by_year: dict[int, list[linking.Merged]] = {}
    for s in new:
        one = linking.Merged(ids[s.export.content_sha256], s.export, s.scenario, s.unlinked, s.unlinked_sensitive)
        by_year.setdefault(s.export.exported_on.year, []).append(one)
    for year, merged in sorted(by_year.items()):  # the year's persons
        linking.merge_exports(con, processor, year, merged)
    # recorded again on purpose: no longer deleted
    con.execute(sql("unmark_deleted"), {"processor": processor, "shas": [s.export.content_sha256 for s in new]})


def _drop_staged(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # after a failure the transaction only rolls back
        for name in STAGED:
            con.unregister(name)
        con.execute("DROP TABLE IF EXISTS staged_nodes")


def _exports_table(new: list[StagedExport]) -> pa.Table:
    import pyarrow as pa

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [(s.export.processor, s.export.content_sha256, s.export.exported_on, s.export.recipient, s.export.path,
             s.export.format, s.export.rows, now, s.scenario, s.unlinked, s.unlinked_sensitive) for s in new]  # fmt: skip
    names = ("processor", "sha", "exported_on", "recipient", "path", "format", "rows", "scanned_at", "scenario",
             "unlinked", "unlinked_sensitive")  # fmt: skip
    types = (pa.string(), pa.string(), pa.date32(), pa.string(), pa.string(), pa.string(), pa.int64(),
             pa.timestamp("us"), pa.string(), pa.int64(), pa.int64())  # fmt: skip
    columns = list(zip(*rows, strict=True))
    return pa.table([pa.array(c, t) for c, t in zip(columns, types, strict=True)], names=list(names))


def _labels_table(new: list[StagedExport]) -> pa.Table:
    """Every export's labels, a column once per export (the first, as one insert at a time kept it)."""
    import pyarrow as pa

    rows: dict[tuple[str, str], tuple[object, ...]] = {}
    for s in new:
        for lab in s.labels:
            name = redact(lab.column)  # no identifier as a name
            rows.setdefault((s.export.content_sha256, name), (
                s.export.processor, s.export.content_sha256, name, lab.entity,
                lab.category.value if lab.category else None, lab.score, lab.matched_share, list(lab.entities),
            ))  # fmt: skip
    names = ("processor", "content_sha256", "column_name", "entity", "category", "score", "matched_share", "entities")
    types = (pa.string(), pa.string(), pa.string(), pa.string(), pa.string(), pa.float64(), pa.float64(),
             pa.list_(pa.string()))  # fmt: skip
    columns: list[Sequence[object]] = list(zip(*rows.values(), strict=True)) or [[] for _ in names]
    return pa.table([pa.array(c, t) for c, t in zip(columns, types, strict=True)], names=list(names))


def _keyed(new: list[StagedExport], ids: dict[str, int], which: str, schema: pa.Schema) -> pa.Table:
    """Every export's keyed identifiers (or links) in one table, each row with its export id `e`."""
    import pyarrow as pa

    parts = []
    for s in new:
        table = getattr(s, which)
        if table is None or not table.num_rows:
            continue
        table = table.select(schema.names).cast(schema)
        parts.append(table.append_column("e", pa.array([ids[s.export.content_sha256]] * table.num_rows, pa.int64())))
    if not parts:
        return schema.empty_table().append_column("e", pa.array([], pa.int64()))
    return pa.concat_tables(parts)


def _remember(con: duckdb.DuckDBPyConnection, fingerprints: Sequence[Fingerprinted]) -> None:
    """The fingerprints, each path once (the last given), as `Warehouse.remember_fingerprint` keeps them."""
    if not fingerprints:
        return
    import pyarrow as pa

    last = {f.path: f for f in fingerprints}
    table = pa.table({"path": [f.path for f in last.values()], "size": [f.size for f in last.values()],
                      "mtime_ns": [f.mtime_ns for f in last.values()], "sha": [f.sha for f in last.values()]})  # fmt: skip
    con.register("staged_fingerprints", table)
    try:
        con.execute(sql("remember_fingerprints"))
    finally:
        con.unregister("staged_fingerprints")
