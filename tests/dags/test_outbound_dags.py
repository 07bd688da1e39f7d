"""The three DAGs run for real with dag.test() on a private, migrated SQLite metadata DB.

One synthetic zone; the nightly scan runs twice, then the spot check (from the warehouse, and with
a broken filing), the zone report, and the nightly scan with a missing zone. Task states, XComs and
Asset events are read from the Airflow metadata DB itself.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from outbound.demo import generate_zone
from outbound.pipeline.airflow_runner import AirflowRunFailed, run_dag

YEAR = 2026


def _db(home: Path, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(home / "airflow.db")
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def _last_xcom(home: Path, dag_id: str, task_id: str) -> object:
    rows = _db(home, "SELECT value FROM xcom WHERE dag_id = ? AND task_id = ? ORDER BY timestamp DESC LIMIT 1",
               dag_id, task_id)
    value = rows[0][0]
    return json.loads(value) if isinstance(value, (str, bytes)) else value


@pytest.fixture(scope="module")
def zone_run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("dags")
    zone = root / "zone"
    manifest = generate_zone(zone, seed=11, year=YEAR)
    home, log = root / "airflow", root / "run.log"
    conf = {"zone": str(zone), "warehouse": str(root / "wh" / "outbound.duckdb"), "report": str(root / "s1.json")}
    (root / "wh").mkdir()
    run_dag("outbound_nightly_scan", conf, home, log)
    events_after_first = _db(home, "SELECT count(*) FROM asset_event")[0][0]
    run_dag("outbound_nightly_scan", {**conf, "report": str(root / "s2.json")}, home, log)
    return root, zone, home, log, conf, events_after_first, manifest


def test_when_the_nightly_scan_runs_then_each_task_stores_one_xcom(zone_run):
    _, _, home, _, _, _, _ = zone_run
    keys = _db(home, "SELECT DISTINCT key FROM xcom WHERE dag_id = 'outbound_nightly_scan'")
    assert keys == [("return_value",)]
    per_ti = _db(home, "SELECT task_id, map_index, dag_run_id, count(*) FROM xcom WHERE dag_id = 'outbound_nightly_scan' "
                       "GROUP BY task_id, map_index, dag_run_id HAVING count(*) > 1")
    assert per_ti == []


def test_when_counts_change_then_one_asset_per_processor_year_is_updated_and_not_when_they_stay(zone_run):
    root, _, home, _, _, first, _ = zone_run
    uris = {u for (u,) in _db(home, "SELECT a.uri FROM asset_event e JOIN asset a ON a.id = e.asset_id")}
    assert {f"outbound://counts/{p}/{YEAR}" for p in ("sh-hotel", "sh-retail", "sh-shipping")} <= uris
    assert _db(home, "SELECT count(*) FROM asset_event")[0][0] == first  # the second night changed nothing
    s1 = json.loads((root / "s1.json").read_text(encoding="utf-8"))
    s2 = json.loads((root / "s2.json").read_text(encoding="utf-8"))
    assert len(s1["counts_changed"]) >= 3 and s2["counts_changed"] == []


def test_when_a_processor_has_a_filing_then_the_night_checks_it_for_drift(zone_run):
    root, zone, _, _, _, _, _ = zone_run
    s1 = json.loads((root / "s1.json").read_text(encoding="utf-8"))
    filed = {d.parent.name for d in zone.glob("*/filing.yaml")}
    assert filed and {d["processor"] for d in s1["drift"]} == filed
    assert all(d["verdict"] in ("consistent", "inconsistent", "major-change") for d in s1["drift"])
    assert all(Path(d["report"]).is_file() for d in s1["drift"])


def test_when_the_spot_check_is_triggered_then_the_verdict_is_recorded_and_the_task_succeeds(zone_run):
    _, zone, home, log, conf, _, _ = zone_run
    run_dag("outbound_spot_check", {"processor": "sh-retail", "zone": str(zone), "warehouse": conf["warehouse"],
                                    "source": "warehouse", "rows": 200, "seed": 3}, home, log)
    result = _last_xcom(home, "outbound_spot_check", "spot_check")
    assert result["verdict"] in ("consistent", "inconsistent", "major-change")
    assert result["exit_code"] == {"consistent": 0, "inconsistent": 1, "major-change": 2}[result["verdict"]]
    assert Path(result["report"]).is_file()
    states = _db(home, "SELECT state FROM task_instance WHERE dag_id = 'outbound_spot_check'")
    assert states == [("success",)]


def test_when_the_filing_is_broken_then_the_spot_check_fails_at_once_and_says_why(zone_run):
    root, zone, home, log, conf, _, _ = zone_run
    bad = root / "bad-filing.yaml"
    bad.write_text("processor: [unclosed\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(AirflowRunFailed):
        run_dag("outbound_spot_check", {"processor": "sh-retail", "zone": str(zone), "warehouse": conf["warehouse"],
                                        "filing": str(bad)}, home, log)
    assert time.monotonic() - started < 240  # no retry with a five-minute delay
    rows = _db(home, "SELECT state, try_number FROM task_instance WHERE dag_id = 'outbound_spot_check' "
                     "ORDER BY start_date DESC LIMIT 1")
    assert rows == [("failed", 1)]
    assert f"spot check: filing {bad}" in log.read_text(encoding="utf-8", errors="replace")


def test_when_the_zone_report_runs_then_each_processor_has_its_half_year(zone_run):
    root, zone, home, log, conf, _, _ = zone_run
    run_dag("outbound_zone_report", {"half": f"{YEAR}-H2", "zone": str(zone), "warehouse": conf["warehouse"]},
            home, log)
    result = _last_xcom(home, "outbound_zone_report", "zone_report")
    s1 = json.loads((root / "s1.json").read_text(encoding="utf-8"))
    counts = {e["processor"]: (e["persons"], e["sensitive_persons"]) for e in s1["evaluations"] if e["year"] == YEAR}
    assert set(result["counts_changed_in_half"]) == {f"{p}/{YEAR}" for p in counts}
    assert result["rendered"] and Path(result["pdf"]).stat().st_size > 1000
    assert result["recorded"] == len(counts)
    html = Path(result["html"]).read_text(encoding="utf-8")
    assert all(f"{persons:,}" in html for persons, _ in counts.values())


def test_when_the_zone_folder_is_missing_then_the_nightly_scan_fails_at_once_without_retry(zone_run):
    root, _, home, log, conf, _, _ = zone_run
    with pytest.raises(AirflowRunFailed):
        run_dag("outbound_nightly_scan", {**conf, "zone": str(root / "no-such-zone")}, home, log)
    rows = _db(home, "SELECT state, try_number FROM task_instance WHERE dag_id = 'outbound_nightly_scan' "
                     "AND task_id = 'configure' ORDER BY start_date DESC LIMIT 1")
    assert rows == [("failed", 1)]
    assert "no-such-zone does not exist" in log.read_text(encoding="utf-8", errors="replace")


def test_when_every_dag_has_run_then_no_raw_identifier_is_in_xcom_logs_or_reports(zone_run):
    root, _, home, log, _, _, manifest = zone_run
    raw = manifest.raw_identifiers()
    assert len(raw) > 100
    blobs = {"airflow metadata db": (home / "airflow.db").read_bytes(), "run log": log.read_bytes()}
    reports = root / "wh" / "reports"
    for path in [*home.rglob("*.log"), *root.glob("s*.json"), *reports.rglob("*.json"), *reports.rglob("*.html")]:
        blobs[str(path)] = path.read_bytes()
    assert any(name.endswith("report.html") for name in blobs) and any("nightly-state" in name for name in blobs)
    for name, blob in blobs.items():
        leaked = [v for v in raw if v.encode() in blob]
        assert leaked == [], f"{len(leaked)} raw identifiers in {name}"


def test_when_no_processor_has_a_filing_then_the_night_finishes_without_drift_checks(tmp_path):
    from tests.zones import one_export_zone

    zone, _ = one_export_zone(tmp_path)
    run_dag("outbound_nightly_scan", {"zone": str(zone), "warehouse": str(tmp_path / "w.duckdb"),
                                      "report": str(tmp_path / "s.json")}, tmp_path / "airflow", tmp_path / "run.log")
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert (summary["recorded"], summary["drift"], summary["evaluations"][0]["persons"]) == (1, [], 30)
