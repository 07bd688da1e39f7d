"""The alert ledger in the warehouse: conditions raised (`alert_notices`), every delivery
attempt (`alert_deliveries`) and the nights a file could not be read (`scan_failures`).

Tables are in `sql/schema.sql`, one statement per file beside it. `AlertLog` is what
`outbound.alerts.dispatch` records through (its `Ledger` protocol); rows are the plain records of
`outbound.common.alert_rows`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from outbound.common.alert_rows import DeliveryRow, NoticeRow, RaisedRow
from outbound.warehouse.store import Warehouse, sql

FAILURE_LOOKBACK = 366  # nights of a file's failures read to count how many ran in a row


class AlertLog:
    """The ledger tables of one open warehouse (the caller opens and closes it)."""

    def __init__(self, wh: Warehouse) -> None:
        self.wh = wh

    def has_tables(self) -> bool:
        """Whether the warehouse has the alert tables (one from before them, opened read-only, has not)."""
        return bool(self.wh.query("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'alert_deliveries'")[0][0])

    def raise_notices(self, rows: Sequence[NoticeRow], night: dt.date) -> None:
        """Record tonight's conditions; a worse level or new marks are kept, a lesser one never lowers."""
        with self.wh.transaction():
            for r in rows:
                self.wh.con.execute(sql("alert_notice_upsert"), {
                    "dedup_key": r.dedup_key, "kind": r.kind, "processor": r.processor, "year": r.year,
                    "level": r.level, "marks": sorted(r.marks), "notice": r.notice, "night": night,
                })

    def open_since(self, since: dt.date) -> list[RaisedRow]:
        """Conditions last seen on or after `since`, each with its latest notice."""
        rows = self.wh.con.execute(sql("alert_notices_open"), {"since": since}).fetchall()
        return [RaisedRow(r[0], r[1], r[2]) for r in rows]

    def delivered(self, route: str) -> dict[str, tuple[int, tuple[str, ...]]]:
        """dedup key → (highest level, all marks) delivered to `route` so far."""
        rows = self.wh.con.execute(sql("alert_delivered"), {"route": route}).fetchall()
        return {r[0]: (int(r[1]), tuple(r[2] or ())) for r in rows}

    def record_attempts(self, rows: Sequence[DeliveryRow], night: dt.date) -> None:
        at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self.wh.transaction():
            for a in rows:
                self.wh.con.execute(sql("alert_delivery_insert"), {
                    "dedup_key": a.dedup_key, "route": a.route, "level": a.level, "marks": sorted(a.marks),
                    "night": night, "attempt": a.attempt, "status": a.status, "error_class": a.error_class,
                    "digest": a.digest, "at": at,
                })

    def deliveries(self, since: dt.date) -> list[tuple[object, ...]]:
        """(night, route, dedup_key, level, attempt, status, error_class, digest, at) since `since`."""
        return [tuple(r) for r in self.wh.con.execute(sql("alert_deliveries_list"), {"since": since}).fetchall()]

    def record_scan_failure(self, processor: str, file_key: str, file_name: str, error_class: str,
                            night: dt.date) -> int:
        """Record that the file failed on `night` (`file_name` masked by the caller); returns how
        many nights running it has failed."""
        params = {"processor": processor, "file_key": file_key, "night": night}
        self.wh.con.execute(sql("scan_failure_record"), {**params, "file_name": file_name, "error_class": error_class})
        nights = [r[0] for r in self.wh.con.execute(sql("scan_failure_nights"),
                                                    {**params, "n": FAILURE_LOOKBACK}).fetchall()]
        running = 0
        for i, day in enumerate(nights):
            if day != night - dt.timedelta(days=i):
                break
            running += 1
        return running
