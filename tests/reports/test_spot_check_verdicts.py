"""Spot-check verdicts kept in the warehouse: recorded by `spot-check --warehouse`, once per check."""

from __future__ import annotations

import datetime as dt
import json

from outbound.warehouse.spot_checks import record, verdicts_between
from outbound.warehouse.store import open_warehouse


def test_when_a_spot_check_runs_with_a_warehouse_then_its_verdict_is_recorded_once(scanned_zone, tmp_path):
    doc = json.loads((scanned_zone.spot_check_out / "spot-check.json").read_text(encoding="utf-8"))
    record(scanned_zone.warehouse, doc)  # the same check again: replaces, never duplicates
    wh = open_warehouse(scanned_zone.warehouse, read_only=True)
    try:
        found = verdicts_between(wh, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
        later = verdicts_between(wh, dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    finally:
        wh.close()
    assert [(v.processor, v.verdict, v.major, v.checked_on) for v in found] == [
        ("sh-retail", doc["verdict"], doc["drift"]["major"], dt.date(2026, 4, 1))]
    assert later == []


def test_when_a_warehouse_has_no_verdict_table_then_it_has_no_verdicts(tmp_path):
    open_warehouse(tmp_path / "w.duckdb").close()
    wh = open_warehouse(tmp_path / "w.duckdb", read_only=True)
    try:
        assert verdicts_between(wh, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []
    finally:
        wh.close()
