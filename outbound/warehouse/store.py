"""Open the DuckDB file, apply the schema, run the SQL files; idempotent writes."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from outbound.common.errors import WarehouseBusy, WarehouseError
from outbound.common.records import Alert, Category, ColumnLabel, ExportRecord, Profile

SQL_DIR = Path(__file__).with_name("sql")
ENV = "OUTBOUND_WAREHOUSE"


def default_warehouse_path() -> Path:
    return Path(os.environ.get(ENV) or "outbound.duckdb")


@functools.cache
def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@dataclass
class Warehouse:
    path: Path
    con: duckdb.DuckDBPyConnection

    def close(self) -> None:
        self.con.close()

    # --- exports ------------------------------------------------------------------------------

    def has_export(self, processor: str, sha: str) -> bool:
        row = self.con.execute(sql("export_exists"), {"processor": processor, "sha": sha}).fetchone()
        return bool(row and row[0])

    def record_export(
        self,
        export: ExportRecord,
        labels: tuple[ColumnLabel, ...],
        person_rows: pd.DataFrame,
        row_ids: pd.DataFrame,
    ) -> bool:
        """Record one export atomically. Returns False (and changes nothing) if it is known already.

        person_rows: columns row_no, sensitive. row_ids: columns row_no, entity, id_hash.
        """
        with self.transaction():
            if self.has_export(export.processor, export.content_sha256):
                return False
            self.con.execute(
                sql("insert_export"),
                {
                    "processor": export.processor,
                    "sha": export.content_sha256,
                    "exported_on": export.exported_on,
                    "recipient": export.recipient,
                    "path": export.path,
                    "format": export.format,
                    "rows": export.rows,
                    "scanned_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                },
            )
            keys = {"processor": export.processor, "content_sha256": export.content_sha256}
            staged_labels = pd.DataFrame(
                [
                    {
                        **keys,
                        "column_name": lab.column,
                        "entity": lab.entity,
                        "category": lab.category.value if lab.category else None,
                        "score": lab.score,
                        "matched_share": lab.matched_share,
                        "entities": list(lab.entities),
                    }
                    for lab in labels
                ],
                columns=[*keys, "column_name", "entity", "category", "score", "matched_share", "entities"],
            )
            self._insert("staged_labels", staged_labels, "insert_labels")
            self._insert("staged_rows", person_rows.assign(**keys), "insert_person_rows")
            self._insert("staged_ids", row_ids.assign(**keys), "insert_row_identifiers")
            return True

    def delete_export(self, processor: str, sha: str) -> bool:
        with self.transaction():
            if not self.has_export(processor, sha):
                return False
            # DuckDB binds parameters in one statement at a time
            for statement in filter(str.strip, sql("delete_export").split(";")):
                self.con.execute(statement, {"processor": processor, "sha": sha})
            return True

    def _insert(self, view: str, frame: pd.DataFrame, statement: str) -> None:
        if frame.empty:
            return
        self.con.register(view, frame)
        try:
            self.con.execute(sql(statement))
        finally:
            self.con.unregister(view)

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
        row = self.con.execute(sql("processor_profile"), {"processor": processor}).fetchone()
        if row is None:
            return Profile(processor)
        return Profile(processor=row[0], zone=row[1], industry=row[2], ciio=bool(row[3]),
                       declared_grounds=tuple(row[4]))

    def year_labels(self, processor: str, year: int) -> tuple[ColumnLabel, ...]:
        rows = self.con.execute(sql("year_labels"), {"processor": processor, "year": year}).fetchall()
        return tuple(
            ColumnLabel(name, entity, Category(cat) if cat else None, score, share, (entity,))
            for name, entity, cat, score, share in rows
        )

    def processors(self) -> list[str]:
        return [r[0] for r in self.con.execute(sql("processors")).fetchall()]

    def window_rows(
        self, processor: str, start: dt.date, end: dt.date
    ) -> Iterator[tuple[str, int, bool, str | None]]:
        """PI-carrying rows exported from `start` to `end` (both inclusive), with their identifiers."""
        cur = self.con.execute(sql("year_rows"), {"processor": processor, "start": start, "end": end})
        while batch := cur.fetchmany(50_000):
            yield from batch

    def years(self, processor: str) -> list[int]:
        return [r[0] for r in self.con.execute(sql("processor_years"), {"processor": processor}).fetchall()]

    def known_processor(self, processor: str) -> bool:
        return processor in self.processors()

    def important_data_in_year(self, processor: str, year: int) -> bool:
        row = self.con.execute(sql("important_in_year"), {"processor": processor, "year": year}).fetchone()
        return bool(row and row[0])

    def year_rows_by_date(self, processor: str, year: int) -> Iterator[tuple[dt.date, str, int, bool, str | None]]:
        cur = self.con.execute(sql("year_rows_by_date"), {"processor": processor, "year": year})
        while batch := cur.fetchmany(50_000):
            yield from batch

    def query(self, statement: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(statement, params or {}).fetchall()

    # --- alerts -------------------------------------------------------------------------------

    def upsert_alert(self, alert: Alert) -> bool:
        """Record an alert once per (processor, year, kind, rule); True when it is new."""
        key = {"processor": alert.processor, "year": alert.year, "kind": alert.kind, "rule_id": alert.rule_id}
        with self.transaction():
            row = self.con.execute(sql("alert_exists"), key).fetchone()
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


def open_warehouse(path: Path | None = None, *, read_only: bool = False) -> Warehouse:
    """Open (and create) the warehouse; DuckDB allows one writing process per file."""
    path = Path(path or default_warehouse_path())
    if read_only and not path.exists():
        raise WarehouseError(f"warehouse {path} does not exist; run `outbound scan` first or pass --warehouse")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseBusy(str(path)) from exc
        raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc
    if not read_only:
        con.execute(sql("schema"))
    return Warehouse(path=path, con=con)
