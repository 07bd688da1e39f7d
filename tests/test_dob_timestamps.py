"""A date of birth stored as a zoned timestamp (Parquet) still tells children apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from outbound import identifiers
from outbound.pipeline import flow

BIRTHS = [dt.date(2016, 3, 3), dt.date(2019, 12, 31), dt.date(2020, 1, 1), dt.date(1975, 2, 14), dt.date(1988, 7, 1)]


@pytest.mark.parametrize(("zone", "midnight_in"), [("Asia/Shanghai", "UTC"), ("UTC", "UTC"), ("UTC", "Asia/Shanghai")])
def test_when_dates_of_birth_are_zoned_timestamps_then_children_are_sensitive(
    tmp_path: Path, monkeypatch, zone: str, midnight_in: str
):
    """Dates written as midnight UTC and shown in Beijing time (08:00+0800), or as Beijing
    midnight shown in UTC (16:00Z the day before), are the dates themselves."""
    from zoneinfo import ZoneInfo

    monkeypatch.setenv(identifiers.KEY_ENV, "dob")
    moments = [dt.datetime.combine(b, dt.time(), ZoneInfo(midnight_in)) for b in BIRTHS]
    table = pa.table({
        "name": [f"张{i}" for i in range(len(BIRTHS))],
        "mobile": [f"1380000000{i}" for i in range(len(BIRTHS))],
        "birth_date": pa.array(moments, pa.timestamp("ms", tz=zone)),
    })  # fmt: skip
    path = tmp_path / "2026-06-30" / "guests.parquet"
    path.parent.mkdir()
    pq.write_table(table, path)
    warehouse = tmp_path / "w.duckdb"
    [outcome] = flow.scan([path], processor="p", warehouse=warehouse)
    assert {lab.column: lab.entity for lab in outcome.labels}["birth_date"] == "DATE_OF_BIRTH"
    counts, _ = flow.persons(warehouse, "p", 2026)
    assert (counts.persons, counts.sensitive_persons) == (5, 3)  # under 14 on 30 June 2026: born after 30 June 2012
