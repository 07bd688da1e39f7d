"""Spot-check verdicts kept in the warehouse, for the half-year zone report (Fujian measures Art. 17).

`outbound spot-check ... --warehouse FILE` records one row per check: the verdict and its counts,
never a finding's evidence. The table is created on first use, so an older warehouse gains it
when a spot check first records into it; read-only, a warehouse without it has no verdicts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outbound.warehouse.store import Warehouse, open_warehouse, sql

TABLE = "spot_checks"


@dataclass(frozen=True, slots=True)
class SpotCheckVerdict:
    processor: str
    checked_on: dt.date
    filing_id: str
    filing_version: int
    verdict: str
    major: int
    minor: int
    files: int
    report_sha256: str


def verdict_of(doc: dict[str, Any]) -> SpotCheckVerdict:
    """The row a spot-check JSON report (`expectations.report.build`) is kept as."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return SpotCheckVerdict(
        doc["processor"]["id"], dt.date.fromisoformat(doc["checked_on"]), doc["filing"]["filing_id"],
        int(doc["filing"]["version"]), doc["verdict"], int(doc["drift"]["major"]), int(doc["drift"]["minor"]),
        len(doc["sampling_plan"]["files"]), hashlib.sha256(text).hexdigest(),
    )  # fmt: skip


def record(warehouse: Path, doc: dict[str, Any]) -> SpotCheckVerdict:
    """Keep the verdict of one spot check (idempotent: the same check again replaces its row)."""
    v = verdict_of(doc)
    wh = open_warehouse(warehouse)
    try:
        wh.con.execute(sql("spot_checks_schema"))
        params = {**{k: getattr(v, k) for k in SpotCheckVerdict.__slots__},
                  "recorded_at": dt.datetime.now(dt.UTC).replace(tzinfo=None)}
        wh.con.execute(sql("record_spot_check"), params)
    finally:
        wh.close()
    return v


def verdicts_between(wh: Warehouse, start: dt.date, end: dt.date) -> list[SpotCheckVerdict]:
    """Every recorded verdict checked from `start` to `end` (inclusive), by processor and day."""
    tables = {r[0] for r in wh.query("SELECT table_name FROM duckdb_tables() WHERE NOT temporary")}
    if TABLE not in tables:
        return []
    rows = wh.query(sql("spot_checks_between"), {"start": start, "end": end})
    return [SpotCheckVerdict(*r) for r in rows]
