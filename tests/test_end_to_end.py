"""One real nightly run through Airflow (dag.test on a migrated SQLite DB) on the synthetic zone.

Checks the counts against the generator's truth, that the broken file failed alone, that a
second run is a no-op, and that no raw resident ID, phone number, e-mail or card number reaches
the warehouse, the Airflow metadata DB (XCom), the Airflow log or the run summary.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import yaml

from outbound.demo import generate_zone
from outbound.pipeline.airflow_runner import run_dag

YEAR = 2026


@pytest.fixture(scope="module")
def nightly(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("e2e")
    zone = root / "zone"
    manifest = generate_zone(zone, seed=11, year=YEAR)
    (zone / "sh-hotel" / "processor.yaml").write_text("processor: [broken\n", encoding="utf-8")
    retail = zone / "sh-retail" / "processor.yaml"  # the scenario comes from the profile, the DAG passes it on
    profile = yaml.safe_load(retail.read_text(encoding="utf-8"))
    profile["processor"]["scenario"] = "e-commerce"
    retail.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    home = root / "airflow"
    warehouse = root / "outbound.duckdb"
    conf = {"zone": str(zone), "warehouse": str(warehouse), "report": str(root / "summary1.json")}
    run_dag("outbound_nightly_scan", conf, home, root / "run.log")
    first = json.loads((root / "summary1.json").read_text(encoding="utf-8"))
    run_dag("outbound_nightly_scan", {**conf, "report": str(root / "summary2.json")}, home, root / "run.log")
    second = json.loads((root / "summary2.json").read_text(encoding="utf-8"))
    return manifest, root, warehouse, first, second


def _evaluations(summary: dict) -> dict[str, dict]:
    return {ev["processor"]: ev for ev in summary["evaluations"] if ev["year"] == YEAR}


def test_when_the_zone_is_scanned_then_only_the_broken_file_fails_and_says_why(nightly):
    manifest, _, _, first, _ = nightly
    broken = {b for t in manifest.processors for b in t.broken_files}
    all_files = {f for t in manifest.processors for f in t.files}
    assert first["files"] == len(all_files)
    assert first["recorded"] == len(all_files) - len(broken)
    assert {Path(f["path"]).name for f in first["failed"]} == {Path(b).name for b in broken}
    assert all("cannot read" in f["error"] for f in first["failed"])


def test_when_a_processor_profile_is_broken_then_the_run_goes_on_and_names_it(nightly):
    _, _, _, first, _ = nightly
    assert any("sh-hotel" in p and "processor.yaml" in p for p in first["problems"])
    assert "sh-hotel" in _evaluations(first)


def test_when_the_zone_is_scanned_then_person_counts_match_the_truth(nightly):
    manifest, _, _, first, _ = nightly
    evals = _evaluations(first)
    for truth in manifest.processors:
        ev = evals[truth.processor_id]
        assert (ev["persons"], ev["sensitive_persons"]) == (
            truth.persons_per_year[YEAR],
            truth.sensitive_persons_per_year[YEAR],
        ), truth.processor_id


def test_when_a_profile_names_a_scenario_then_its_exports_are_recorded_under_it(nightly):
    _, _, warehouse, _, _ = nightly
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = dict(con.execute("SELECT processor, list(DISTINCT scenario) FROM exports GROUP BY ALL").fetchall())
    finally:
        con.close()
    assert rows["sh-retail"] == ["e-commerce"]
    assert rows["sh-shipping"] == [None]


def test_when_sensitive_pi_left_then_a_standard_contract_alert_is_raised_once(nightly):
    _, _, warehouse, first, second = nightly
    evals = _evaluations(first)
    assert any(a["rule_id"] == "spi-standard-contract" for a in evals["sh-retail"]["new_alerts"])
    assert all(not ev["new_alerts"] for ev in second["evaluations"])
    con = duckdb.connect(str(warehouse), read_only=True)
    n = con.execute("SELECT count(*) FROM alerts WHERE processor='sh-retail' AND rule_id='spi-standard-contract'")
    assert n.fetchone()[0] == 1


def test_when_the_run_is_repeated_then_nothing_is_counted_twice(nightly):
    _, _, _, first, second = nightly
    assert second["recorded"] == 0
    a, b = _evaluations(first), _evaluations(second)
    assert {p: (e["persons"], e["sensitive_persons"]) for p, e in a.items()} == {
        p: (e["persons"], e["sensitive_persons"]) for p, e in b.items()
    }


def _all_text_values(warehouse: Path) -> list[str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    out: list[str] = []
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        for col in cols:
            out += [str(v) for (v,) in con.execute(f'SELECT DISTINCT CAST("{col}" AS VARCHAR) FROM {table}').fetchall()]
    con.close()
    return out


def test_when_the_run_is_over_then_no_raw_identifier_is_at_rest(nightly):
    manifest, root, warehouse, _, _ = nightly
    raw = manifest.raw_identifiers()
    assert len(raw) > 100
    values = "\n".join(_all_text_values(warehouse))
    blobs = {
        "warehouse values": values.encode(),
        "warehouse file": warehouse.read_bytes(),
        "airflow metadata db": (root / "airflow" / "airflow.db").read_bytes(),
        "airflow log": (root / "run.log").read_bytes(),
        "summary": (root / "summary1.json").read_bytes(),
    }
    for log in (root / "airflow").rglob("*.log"):
        blobs[str(log)] = log.read_bytes()
    for name, blob in blobs.items():
        leaked = [v for v in raw if v.encode() in blob]
        assert leaked == [], f"{len(leaked)} raw identifiers in {name}"
