"""The nightly scan's parts without Airflow: settings, shards and the zone view, failing files, alerts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from outbound.alerts.receiver import Receiver
from outbound.pipeline.night_report import alert_night
from outbound.pipeline.night_state import NightState, changed_counts
from outbound.pipeline.nightly_run import NightlyConfigError, resolve_config, scan_processor
from outbound.warehouse.shards import open_zone_view, shard_path
from tests.zones import one_export_zone

NO_VARIABLES = {}.get


def _zone_of_two(tmp_path: Path) -> Path:
    zone, export = one_export_zone(tmp_path)
    other = zone / "co2" / "exports" / "2026-03-02"
    other.mkdir(parents=True)
    (zone / "co2" / "processor.yaml").write_text("processor: {id: co2}\nrecipients: [{name: HQ}]\n", encoding="utf-8")
    (other / "orders.csv").write_text(export.read_text(encoding="utf-8"), encoding="utf-8")
    return zone


def test_when_the_zone_is_a_relative_path_then_the_run_fails_before_any_scan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one_export_zone(tmp_path)
    with pytest.raises(NightlyConfigError, match="relative path"):
        resolve_config({"zone": "zone", "warehouse": str(tmp_path / "w.duckdb")}, NO_VARIABLES)


def test_when_no_param_is_given_then_the_airflow_variables_decide(tmp_path):
    zone, _ = one_export_zone(tmp_path)
    variables = {"outbound_zone": str(zone), "outbound_warehouse": str(tmp_path / "w.duckdb")}
    cfg = resolve_config({"zone": "", "warehouse": ""}, variables.get)
    assert (cfg.folder, cfg.warehouse, cfg.sharded) == (zone, tmp_path / "w.duckdb", False)
    assert cfg.reports == tmp_path / "reports"


@pytest.mark.parametrize(("zone", "warehouse", "message"), [
    ("missing", "w.duckdb", "does not exist"),
    ("zone", "nowhere/w.duckdb", "warehouse folder"),
    ("", "w.duckdb", "no zone configured"),
])  # fmt: skip
def test_when_a_setting_is_wrong_then_the_error_names_it_and_the_fix(tmp_path, zone, warehouse, message):
    one_export_zone(tmp_path)
    params = {"zone": str(tmp_path / zone) if zone else "", "warehouse": str(tmp_path / warehouse)}
    with pytest.raises(NightlyConfigError, match=message):
        resolve_config(params, NO_VARIABLES)


def test_when_the_warehouse_is_a_folder_then_each_processor_has_its_shard_and_the_view_unites_them(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTBOUND_HASH_KEY", "unset afterwards")  # shards.use_zone_key sets it for the process
    monkeypatch.delenv("OUTBOUND_HASH_KEY")
    zone = _zone_of_two(tmp_path)
    shards_dir = tmp_path / "shards"
    shards_dir.mkdir()
    sharded = resolve_config({"zone": str(zone), "warehouse": f"{shards_dir}/"}, NO_VARIABLES)
    single = resolve_config({"zone": str(zone), "warehouse": str(tmp_path / "one.duckdb")}, NO_VARIABLES)
    assert sharded.sharded and not single.sharded
    a = {p: scan_processor(sharded, p) for p in ("co", "co2")}
    b = {p: scan_processor(single, p) for p in ("co", "co2")}
    assert {Path(r["warehouse"]) for r in a.values()} == {shard_path(shards_dir, "co"), shard_path(shards_dir, "co2")}
    counts = {p: [(e["year"], e["persons"], e["sensitive_persons"]) for e in r["evaluations"]] for p, r in a.items()}
    assert counts == {p: [(e["year"], e["persons"], e["sensitive_persons"]) for e in r["evaluations"]]
                      for p, r in b.items()}
    assert counts["co"][0][:2] == (2026, 30)
    view = open_zone_view(shards_dir)
    try:
        assert view.execute("SELECT processor, count(*) FROM exports GROUP BY ALL ORDER BY 1").fetchall() == [
            ("co", 1), ("co2", 1)]
        with pytest.raises(duckdb.Error):
            view.execute("DELETE FROM s0.exports")  # attached read-only
    finally:
        view.close()
    assert (shards_dir / "zone.key").is_file() and not list(shards_dir.glob("co*.duckdb.key"))
    assert scan_processor(sharded, "co")["outcomes"] == []  # a second night: nothing new


def test_when_counts_are_published_then_only_changed_processor_years_are_returned_again():
    state = NightState()
    ev = [{"processor": "co", "year": 2026, "persons": 5, "sensitive_persons": 1}]
    assert len(changed_counts(state, ev)) == 1
    assert changed_counts(state, ev) == []
    assert changed_counts(state, [{**ev[0], "persons": 6}])[0]["before"] == [5, 1]


def _failing_scan(processor: str, warehouse: Path) -> dict:
    bad = {"path": f"/z/{processor}/exports/2026-05-01/a.csv", "status": "failed", "rows": 0,
           "error": "a.csv: cannot read", "retryable": False}
    return {"processor": processor, "warehouse": str(warehouse), "outcomes": [bad], "evaluations": []}


def test_when_a_file_failed_the_policys_nights_running_then_one_alert_is_delivered(tmp_path, monkeypatch):
    zone, _ = one_export_zone(tmp_path)
    wh = tmp_path / "w.duckdb"
    cfg = resolve_config({"zone": str(zone), "warehouse": str(wh)}, NO_VARIABLES)
    with Receiver() as live:
        monkeypatch.setenv("OUTBOUND_ALERT_URLS", live.url)
        told = [alert_night(cfg, [_failing_scan("co", wh)], [], dt.date(2026, 5, day)) for day in (1, 2, 2)]
        assert [t["failing_nights"] for t in told] == [[], [], []] and live.bodies == []
        third = alert_night(cfg, [_failing_scan("co", wh)], [], dt.date(2026, 5, 3))
        bodies = "\n".join(f"{b['title']}\n{b['message']}" for b in live.bodies)
    assert third["failing_nights"] == [{"processor": "co", "file_name": "a.csv", "error_class": "unreadable",
                                         "nights": 3}]
    assert third["alerts"][0]["delivered"] and "a.csv" in bodies


def test_when_no_route_is_configured_then_failing_nights_still_count(tmp_path, monkeypatch):
    monkeypatch.delenv("OUTBOUND_ALERT_URLS", raising=False)
    monkeypatch.delenv("OUTBOUND_ALERT_CHANNELS", raising=False)
    zone, _ = one_export_zone(tmp_path)
    wh = tmp_path / "w.duckdb"
    cfg = resolve_config({"zone": str(zone), "warehouse": str(wh)}, NO_VARIABLES)
    for day in (1, 2):
        alert_night(cfg, [_failing_scan("co", wh)], [], dt.date(2026, 5, day))
    third = alert_night(cfg, [_failing_scan("co", wh)], [], dt.date(2026, 5, 3))
    assert third["failing_nights"][0]["nights"] == 3 and third["alerts"][0]["routes"] == 0


def test_when_the_zone_is_a_url_then_it_is_taken_as_given_and_other_schemes_are_refused(tmp_path):
    wh = str(tmp_path / "w.duckdb")
    cfg = resolve_config({"zone": "s3://zone-bucket/ftz", "warehouse": wh}, NO_VARIABLES)
    assert cfg.remote and cfg.zone == "s3://zone-bucket/ftz"
    with pytest.raises(NightlyConfigError, match="needs a local zone folder"):
        cfg.folder  # noqa: B018 - the zone report and drift check need one
    with pytest.raises(NightlyConfigError, match="s3:// or sftp://"):
        resolve_config({"zone": "ftp://host/zone", "warehouse": wh}, NO_VARIABLES)


def test_when_the_warehouse_ends_in_a_slash_then_a_folder_of_shards_is_meant(tmp_path):
    zone, _ = one_export_zone(tmp_path)
    assert not resolve_config({"zone": str(zone), "warehouse": f"{tmp_path}/wh"}, NO_VARIABLES).sharded
    with pytest.raises(NightlyConfigError, match=f"warehouse folder {tmp_path}/wh does not exist"):
        resolve_config({"zone": str(zone), "warehouse": f"{tmp_path}/wh/"}, NO_VARIABLES)
    (tmp_path / "wh").mkdir()
    cfg = resolve_config({"zone": str(zone), "warehouse": f"{tmp_path}/wh/"}, NO_VARIABLES)
    assert cfg.sharded and cfg.warehouse_for("co") == tmp_path / "wh" / "co.duckdb"
