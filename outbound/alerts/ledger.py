"""The warehouse side of alerts: the conditions raised (`alert_notices`), every delivery attempt
(`alert_deliveries`) and the nights a file could not be read (`scan_failures`).

Tables are in `warehouse/sql/schema.sql`; statements one per file beside it. Rows hold dedup
keys, route names, levels, counts and masks: never a URL, a secret or a raw value.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from outbound.alerts.kinds import Notice, stable_json
from outbound.warehouse.store import Warehouse, sql

OPEN_DAYS = 31  # a condition not seen for this long is closed: a new route is not told of it


@dataclass(frozen=True, slots=True)
class Raised:
    """A condition as the ledger holds it: its notice and the nights it was first and last seen."""

    notice: Notice
    first_night: dt.date
    last_night: dt.date


@dataclass(frozen=True, slots=True)
class Attempt:
    dedup_key: str
    route: str
    level: int
    marks: tuple[str, ...]
    status: str  # delivered | failed
    error_class: str | None
    attempt: int
    digest: bool


def raise_notices(wh: Warehouse, notices: list[Notice], night: dt.date) -> None:
    """Record tonight's conditions; a worse level or new marks are kept, a lesser one never lowers."""
    with wh.transaction():
        for n in notices:
            wh.con.execute(sql("alert_notice_upsert"), {
                "dedup_key": n.dedup_key, "kind": n.kind.value, "processor": n.processor, "year": n.year,
                "level": n.level, "marks": sorted(n.marks), "notice": stable_json(n.to_json()), "night": night,
            })


def has_ledger(wh: Warehouse) -> bool:
    """Whether the warehouse has the alert tables (one from before them, opened read-only, has not)."""
    return bool(wh.query("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'alert_deliveries'")[0][0])


def open_notices(wh: Warehouse, night: dt.date) -> list[Raised]:
    """Conditions seen in the last `OPEN_DAYS` nights, each with its latest facts."""
    since = night - dt.timedelta(days=OPEN_DAYS)
    rows = wh.con.execute(sql("alert_notices_open"), {"since": since}).fetchall()
    return [Raised(Notice.from_json(json.loads(r[0])), r[1], r[2]) for r in rows]


def delivered(wh: Warehouse, route: str) -> dict[str, tuple[int, tuple[str, ...]]]:
    """dedup key → (highest level, all marks) delivered to `route` so far."""
    rows = wh.con.execute(sql("alert_delivered"), {"route": route}).fetchall()
    return {r[0]: (int(r[1]), tuple(r[2] or ())) for r in rows}


def record_attempts(wh: Warehouse, attempts: list[Attempt], night: dt.date) -> None:
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with wh.transaction():
        for a in attempts:
            wh.con.execute(sql("alert_delivery_insert"), {
                "dedup_key": a.dedup_key, "route": a.route, "level": a.level, "marks": sorted(a.marks),
                "night": night, "attempt": a.attempt, "status": a.status, "error_class": a.error_class,
                "digest": a.digest, "at": at,
            })


def deliveries(wh: Warehouse, since: dt.date) -> list[tuple[object, ...]]:
    """(night, route, dedup_key, level, attempt, status, error_class, digest, at) since `since`."""
    return [tuple(r) for r in wh.con.execute(sql("alert_deliveries_list"), {"since": since}).fetchall()]


def record_scan_failure(wh: Warehouse, processor: str, file_key: str, file_name: str, error_class: str,
                        night: dt.date) -> int:
    """Record that the file failed on `night`; returns how many nights running it has failed."""
    params = {"processor": processor, "file_key": file_key, "night": night}
    wh.con.execute(sql("scan_failure_record"), {**params, "file_name": file_name, "error_class": error_class})
    nights = [r[0] for r in wh.con.execute(sql("scan_failure_nights"), {**params, "n": 366}).fetchall()]
    running = 0
    for i, day in enumerate(nights):
        if day != night - dt.timedelta(days=i):
            break
        running += 1
    return running
