"""The spot-check DAG's form → the library's Request, and the zone report's half years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from outbound.common.errors import Terminal
from outbound.pipeline.spot_check_run import build_request
from outbound.pipeline.zone_report import half_before, half_bounds, write_zone_report
from tests.zones import one_export_zone

DAY = dt.date(2026, 5, 4)


def test_when_only_a_processor_is_chosen_then_filing_and_reports_come_from_the_variables(tmp_path):
    zone, _ = one_export_zone(tmp_path)
    variables = {"outbound_zone": str(zone), "outbound_warehouse": str(tmp_path / "w.duckdb")}
    req = build_request({"processor": "co", "source": "warehouse", "rows": 50, "seed": 4}, variables.get, DAY)
    assert req.filing == zone / "co" / "filing.yaml" and req.from_warehouse and req.warehouse == tmp_path / "w.duckdb"
    assert (req.rows, req.seed, req.on, req.year) == (50, 4, DAY, 2026)
    assert req.out == tmp_path / "reports" / "spot-checks" / "co" / "2026-05-04-manual"


def test_when_a_sample_is_checked_then_the_processor_exports_are_the_default_and_as_of_is_kept(tmp_path):
    zone, _ = one_export_zone(tmp_path)
    req = build_request({"processor": "co", "source": "sample", "zone": str(zone), "as_of": "2026-03-31"},
                        {}.get, DAY)
    assert req.samples == (zone / "co" / "exports",) and not req.from_warehouse
    assert req.on == dt.date(2026, 3, 31)


@pytest.mark.parametrize(("params", "message"), [
    ({}, "choose a processor"),
    ({"processor": "co", "filing": "filing.yaml"}, "relative path"),
    ({"processor": "co", "source": "sample", "sample": "/no/such/folder"}, "does not exist"),
    ({"processor": "co", "source": "anything"}, "choose one of"),
])  # fmt: skip
def test_when_the_form_is_wrong_then_the_task_fails_naming_the_field(tmp_path, params, message):
    zone, _ = one_export_zone(tmp_path)
    with pytest.raises(Terminal, match=message):
        build_request({"zone": str(zone), **params}, {"outbound_warehouse": str(tmp_path / "w.duckdb")}.get, DAY)


@pytest.mark.parametrize(("day", "half"), [
    (dt.date(2026, 7, 1), "2026-H1"), (dt.date(2027, 1, 1), "2026-H2"), (dt.date(2026, 12, 31), "2026-H1"),
])  # fmt: skip
def test_when_the_report_runs_on_its_day_then_it_covers_the_half_that_just_ended(day, half):
    assert half_before(day) == half
    start, end = half_bounds(half)
    assert start < end < day


def test_when_the_half_is_malformed_then_nothing_is_written(tmp_path):
    with pytest.raises(Terminal, match="YYYY-H1"):
        write_zone_report(tmp_path, "2026-H3", tmp_path / "w.duckdb", tmp_path / "out", DAY)
    assert not (tmp_path / "out").exists()


def test_when_nothing_was_scanned_then_the_report_names_the_missing_warehouse(tmp_path):
    zone, _ = one_export_zone(tmp_path)
    with pytest.raises(Terminal, match=f"warehouse {tmp_path / 'none.duckdb'} does not exist; run the nightly scan"):
        write_zone_report(zone, "2026-H1", tmp_path / "none.duckdb", tmp_path / "out", DAY)
    shards = tmp_path / "shards"
    shards.mkdir()
    with pytest.raises(Terminal, match="no warehouse shard"):
        write_zone_report(zone, "2026-H1", shards, tmp_path / "out", DAY)


def test_when_the_warehouse_is_a_folder_of_shards_then_one_report_covers_the_zone(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTBOUND_HASH_KEY", "unset afterwards")  # shards.use_zone_key sets it for the process
    monkeypatch.delenv("OUTBOUND_HASH_KEY")
    from outbound.pipeline.nightly_run import resolve_config, scan_processor

    zone, export = one_export_zone(tmp_path)
    (zone / "co2" / "exports" / "2026-03-02").mkdir(parents=True)
    (zone / "co2" / "processor.yaml").write_text("processor: {id: co2}\nrecipients: [{name: HQ}]\n", encoding="utf-8")
    shards = tmp_path / "shards"
    shards.mkdir()
    scan_processor(resolve_config({"zone": str(zone), "warehouse": f"{shards}/"}, {}.get), "co")
    result = write_zone_report(zone, "2026-H1", shards, tmp_path / "out", DAY)
    assert (result["processors"], result["recorded"]) == (2, 1)
    assert Path(result["pdf"]).stat().st_size > 1000
    assert "co2" in Path(result["html"]).read_text(encoding="utf-8")
