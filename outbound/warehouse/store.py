"""Open the DuckDB file, apply the schema, run the SQL files; idempotent writes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from outbound.common.duckdb_memory import bound_memory
from outbound.common.errors import HashKeyMismatch, HashSchemeMismatch, WarehouseBusy, WarehouseError
from outbound.common.masking import redact
from outbound.common.records import Alert, Category, ColumnLabel, ExportRecord, Profile
from outbound.identifiers import HASH_SCHEME, KEY_ENV, key_path_for
from outbound.warehouse import linking
from outbound.warehouse.recording import Fingerprinted, StagedExport, record_exports
from outbound.warehouse.spill import private_spill
from outbound.warehouse.sqlfiles import sql

if TYPE_CHECKING:
    import pyarrow as pa

ENV = "OUTBOUND_WAREHOUSE"


def default_warehouse_path() -> Path:
    return Path(os.environ.get(ENV) or "outbound.duckdb")


def _first(cursor: duckdb.DuckDBPyConnection) -> tuple[Any, ...] | None:
    """The first row, reading the result to its end: DuckDB 2 keeps a half-read result open and
    refuses other work on the connection (register, unregister) until it is finished."""
    rows = cursor.fetchall()
    return tuple(rows[0]) if rows else None


@dataclass
class Warehouse:
    path: Path
    con: duckdb.DuckDBPyConnection
    read_only: bool = False
    spill: Path | None = None  # private spill directory of a writing connection, removed on close

    def close(self) -> None:
        self.con.close()
        if self.spill is not None:
            shutil.rmtree(self.spill, ignore_errors=True)

    # --- exports ------------------------------------------------------------------------------

    def has_export(self, processor: str, sha: str) -> bool:
        row = _first(self.con.execute(sql("export_exists"), {"processor": processor, "sha": sha}))
        return bool(row and row[0])

    def known_exports(self, processor: str, shas: Sequence[str]) -> set[str]:
        """Which of these contents `processor`'s exports hold (one query for a batch's files)."""
        return {r[0] for r in self.con.execute(sql("exports_known"), {"processor": processor, "shas": list(shas)}).fetchall()}

    def deleted_among(self, processor: str, shas: Sequence[str]) -> set[str]:
        """Which of these contents were deleted from `processor`'s exports (`was_deleted`), at once."""
        params = {"processor": processor, "shas": list(shas)}
        return {r[0] for r in self.con.execute(sql("deleted_among"), params).fetchall()}

    def record_export(
        self,
        export: ExportRecord,
        labels: tuple[ColumnLabel, ...],
        *,
        ids: pa.Table | None = None,
        edges: pa.Table | None = None,
        unlinked: int = 0,
        unlinked_sensitive: int = 0,
        scenario: str | None = None,
    ) -> bool:
        """Record one export atomically. Returns False (and changes nothing) if it is known already.

        Its persons are `ids` (h UUID, sensitive BOOLEAN: each keyed identifier once) and `edges`
        (a, b UUID: identifiers seen on one row), as outbound.fullpass.PersonKeys holds them; rows
        with PI but no identifier are only counted (`unlinked`, of which `unlinked_sensitive`).
        """
        staged = StagedExport(export, labels, ids, edges, unlinked, unlinked_sensitive, scenario)
        return self.record_exports([staged])[0]

    def record_exports(self, staged: Sequence[StagedExport], fingerprints: Sequence[Fingerprinted] = ()) -> list[bool]:
        """Record many exports (and remember file fingerprints) in one transaction, as a batch of
        small files does (`recording`); per export, whether it was new."""
        with self.transaction():
            return record_exports(self.con, staged, fingerprints)

    def known_fingerprint(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The content fingerprint recorded for `path` while it had this size and mtime, if any."""
        row = _first(self.con.execute(sql("known_fingerprint"), {"path": path, "size": size, "mtime_ns": mtime_ns}))
        return str(row[0]) if row else None

    def remember_fingerprint(self, path: str, size: int, mtime_ns: int, sha: str) -> None:
        """Keep what `path` hashed to at this size and mtime; a read-only warehouse does not keep it."""
        if not self.read_only:
            params = {"path": path, "size": size, "mtime_ns": mtime_ns, "sha": sha}
            self.con.execute(sql("remember_fingerprint"), params)

    def forget_fingerprints(self, folder: str, kept: list[str]) -> None:
        """Drop the fingerprints of files under `folder` other than `kept` (gone since listed)."""
        if not self.read_only:
            prefix = folder.rstrip(os.sep) + os.sep
            self.con.execute(sql("forget_fingerprints"), {"prefix": prefix, "kept": kept})

    def delete_export(self, processor: str, sha: str) -> bool:
        """Remove an export recorded by mistake and mark its content deleted (`was_deleted`), so
        that the nightly listing does not record it again. False if there is no such export."""
        with self.transaction():
            if not self.has_export(processor, sha):
                return False
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            self.con.execute(sql("mark_deleted"), {"processor": processor, "sha": sha, "deleted_at": now})
            linking.script(self.con, "delete_export", {"processor": processor, "sha": sha})  # the year's state goes stale
            return True

    def check_key(self, check: str) -> None:
        """Refuse a hash key other than the one the stored identifiers were keyed with (`check`:
        `identifiers.key_check` of it). The first writing scan records it; a warehouse from before the
        check records the key of its next scan (nothing tells which key its older rows had)."""
        row = _first(self.con.execute("SELECT value FROM warehouse_meta WHERE key = 'key_check'"))
        if row is None:
            if not self.read_only:
                self.con.execute("INSERT INTO warehouse_meta VALUES ('key_check', $check)", {"check": check})
            return
        if row[0] != check:
            raise HashKeyMismatch(
                f"warehouse {self.path} was written with another hash key: this scan's identifiers would not "
                f"link with its own and persons would count twice. Set ${KEY_ENV} to the key it was written "
                f"with (or, if it was written with its key file {key_path_for(self.path)}, unset ${KEY_ENV})"
            )

    def was_deleted(self, processor: str, sha: str) -> bool:
        """Whether an operator deleted this content of `processor` (and no scan recorded it since)."""
        row = _first(self.con.execute(sql("was_deleted"), {"processor": processor, "sha": sha}))
        return bool(row and row[0])

    def deleted_exports(self, processor: str) -> list[tuple[str, dt.datetime, str]]:
        """(sha, deleted_at UTC, path) of every export of `processor` deleted and not recorded since."""
        if "deleted_exports" not in _tables(self.con):  # a read-only warehouse from before the table
            return []
        return [tuple(r) for r in self.con.execute(sql("deleted_list"), {"processor": processor}).fetchall()]  # type: ignore[misc]

    def exports(self, processor: str) -> list[tuple[str, dt.date, str, str, str, int, str]]:
        """(sha, exported_on, recipient, scenario, format, rows, path) of every export, by date."""
        return [tuple(r) for r in self.con.execute(sql("export_list"), {"processor": processor}).fetchall()]  # type: ignore[misc]

    def upsert_processor(self, processor: str, *, name: str | None = None, profile: Profile | None = None) -> None:
        """Record a processor. Without a profile (an ad-hoc `scan`), what is known already is kept."""
        self.con.execute(
            sql("upsert_processor"),
            {
                "processor": processor,
                "name": name,
                "zone": profile.zone if profile else None,
                "industry": profile.industry if profile else None,
                "grounds": list(profile.declared_grounds) if profile else None,
                "ciio": bool(profile and profile.ciio),
                "ciio_known": profile is not None,
            },
        )

    def profile(self, processor: str) -> Profile:
        row = _first(self.con.execute(sql("processor_profile"), {"processor": processor}))
        if row is None:
            return Profile(processor)
        return Profile(processor=row[0], zone=row[1], industry=row[2], ciio=bool(row[3]),
                       declared_grounds=tuple(row[4]))

    def year_labels(self, processor: str, year: int, until: dt.date | None = None) -> tuple[ColumnLabel, ...]:
        """Labelled columns of the year's exports dated up to `until` (default: the whole year)."""
        params = {"processor": processor, "year": year, "until": until or dt.date(year, 12, 31)}
        rows = self.con.execute(sql("year_labels"), params).fetchall()
        return tuple(
            ColumnLabel(name, entity, Category(cat) if cat else None, score, share, (entity,))
            for name, entity, cat, score, share in rows
        )

    def processors(self) -> list[str]:
        return [r[0] for r in self.con.execute(sql("processors")).fetchall()]

    def window(self, processor: str, start: dt.date, end: dt.date) -> dict[str, Any]:
        """A processor's exports from `start` to `end` (inclusive) and their identifiers, as arrays.

        exports: export_id, exported_on, recipient, scenario, unlinked, unlinked_sensitive (by date);
        nodes: export_id, node, sensitive; edges: export_id, a, b.
        """
        params = {"processor": processor, "start": start, "end": end}
        return {
            "exports": self.con.execute(sql("window_exports"), params).fetchall(),
            "nodes": self.con.execute(sql("window_nodes"), params).fetchnumpy(),
            "edges": self.con.execute(sql("window_edges"), params).fetchnumpy(),
        }

    def exports_stamp(self, processor: str) -> str:
        row = _first(self.con.execute(sql("exports_stamp"), {"processor": processor}))
        return str(row[0]) if row else "0:0"

    def cached_tally(self, processor: str, year: int, start: dt.date, stamp: str) -> str | None:
        params = {"processor": processor, "year": year, "start": start, "stamp": stamp}
        row = _first(self.con.execute(sql("cached_tally"), params))
        return str(row[0]) if row else None

    def store_tally(self, processor: str, year: int, start: dt.date, stamp: str, tally: str) -> None:
        """Keep a computed tally; a read-only warehouse just does not keep it."""
        if self.read_only:
            return
        params = {"processor": processor, "year": year, "start": start, "stamp": stamp, "tally": tally}
        self.con.execute(sql("store_tally"), params)

    def years(self, processor: str) -> list[int]:
        return [r[0] for r in self.con.execute(sql("processor_years"), {"processor": processor}).fetchall()]

    def known_processor(self, processor: str) -> bool:
        return processor in self.processors()

    def important_data_in_year(self, processor: str, year: int, until: dt.date | None = None) -> bool:
        params = {"processor": processor, "year": year, "until": until or dt.date(year, 12, 31)}
        row = _first(self.con.execute(sql("important_in_year"), params))
        return bool(row and row[0])

    def query(self, statement: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(statement, params or {}).fetchall()

    # --- alerts -------------------------------------------------------------------------------

    def upsert_alert(self, alert: Alert) -> bool:
        """Record an alert once per (processor, year, kind, rule); True when it is new."""
        key = {"processor": alert.processor, "year": alert.year, "kind": alert.kind, "rule_id": alert.rule_id}
        with self.transaction():
            row = _first(self.con.execute(sql("alert_exists"), key))
            self.con.execute(
                sql("upsert_alert"),
                {
                    **key,
                    "measured": alert.measured,
                    "threshold": alert.threshold,
                    "message": alert.message,
                    "raised_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                },
            )
        return not (row and row[0])

    def alerts(self, processor: str, year: int) -> list[Alert]:
        rows = self.con.execute(sql("alerts_for_year"), {"processor": processor, "year": year}).fetchall()
        return [Alert(*r) for r in rows]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")


WAIT_ENV = "OUTBOUND_WAREHOUSE_WAIT"
DEFAULT_WAIT_S = 120.0  # a nightly scan holds the file for seconds to minutes; a reader waits that long


def open_warehouse(path: Path | None = None, *, read_only: bool = False, wait_s: float | None = None) -> Warehouse:
    """Open (and create) the warehouse. DuckDB allows one process per file while one writes: a
    second process, reader or writer, waits its turn up to `wait_s` (default $OUTBOUND_WAREHOUSE_WAIT,
    else 120 s), then says the warehouse is busy."""
    path = Path(path or default_warehouse_path())
    if read_only and not path.exists():
        raise WarehouseError(f"warehouse {path} does not exist; run `outbound scan` first or pass --warehouse")
    if not path.parent.is_dir():
        raise WarehouseError(f"warehouse {path}: folder {path.parent} does not exist; create it or pass another --warehouse")
    con = _connect(path, read_only, _wait_limit(wait_s))
    con.execute("SET enable_progress_bar = false")  # DuckDB would draw it on our stdout in a long pass
    if read_only:
        return Warehouse(path=path, con=con, read_only=read_only)
    try:
        _check_is_warehouse(con, path)
        con.execute(sql("schema"))
        _check_hash_scheme(con, path)
    except (WarehouseError, duckdb.Error):
        con.close()
        raise
    spill = private_spill(path)
    bound_memory(con, spill)
    return Warehouse(path=path, con=con, read_only=read_only, spill=spill)


def _wait_limit(wait_s: float | None) -> float:
    if wait_s is not None:
        return wait_s
    text = os.environ.get(WAIT_ENV, "")
    try:
        return float(text) if text else DEFAULT_WAIT_S
    except ValueError:
        raise WarehouseError(f"${WAIT_ENV}={text!r} is not a number of seconds") from None


def _connect(path: Path, read_only: bool, wait_s: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried with backoff while another process holds the file's lock."""
    deadline, pause = time.monotonic() + wait_s, 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            text = str(exc)
            if "not a valid DuckDB database" in text:
                raise WarehouseError(f"{path} is not a DuckDB file, so not an outbound warehouse; "
                                     "pass --warehouse with a new or existing warehouse path") from None
            if "lock" not in text.lower():
                raise WarehouseError(f"cannot open warehouse {path}: {redact(text)}") from exc
            if time.monotonic() >= deadline:
                raise WarehouseBusy(str(path), wait_s) from None
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 2, 1.0)


def _check_is_warehouse(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a DuckDB file that holds tables but is no outbound warehouse (another tool's database)."""
    tables = _tables(con)
    if tables and "warehouse_meta" not in tables and not {"exports", "identifiers"} <= tables:
        raise WarehouseError(f"{path} is a DuckDB database of another tool (tables {', '.join(sorted(tables)[:3])}…), "
                             "not an outbound warehouse; pass --warehouse with another path")


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names of the warehouse's tables (an old warehouse opened read-only may lack newer ones)."""
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()}


def _check_hash_scheme(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse to write to a warehouse whose identifiers were keyed another way: they would never
    link with new scans, so persons would count twice. A new warehouse records the current scheme.
    Reading an old warehouse stays possible: its own hashes still link among themselves."""
    tables = _tables(con)
    recorded = None
    if "warehouse_meta" in tables:
        row = _first(con.execute("SELECT value FROM warehouse_meta WHERE key = 'identifier_hash'"))
        recorded = row[0] if row else None
    if recorded is None and "identifiers" in tables:
        row = _first(con.execute("SELECT count(*) > 0 FROM identifiers"))
        recorded = "hmac-sha256:v1" if row and row[0] else None  # schema 1 kept no record: it was HMAC
    if recorded is None:
        con.execute("INSERT INTO warehouse_meta VALUES ('identifier_hash', $scheme)", {"scheme": HASH_SCHEME})
        return
    if recorded != HASH_SCHEME:
        raise HashSchemeMismatch(
            f"warehouse {path} holds identifiers keyed with {recorded}, this version keys them with {HASH_SCHEME}; "
            "they would not link, so persons would count twice. Scan into a new warehouse (--warehouse NEW.duckdb), "
            "or move this one aside and re-scan its exports"
        )
