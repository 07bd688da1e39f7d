"""Contract: the nightly DAG delivers to $OUTBOUND_ALERT_URLS (one real run through Airflow's
dag.test on the synthetic zone, a real loopback receiver) and a dead URL does not fail the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outbound.alerts.receiver import Receiver
from outbound.demo import generate_zone
from outbound.pipeline.airflow_runner import run_dag


def test_when_the_nightly_dag_runs_then_every_alert_url_is_told_and_the_run_succeeds(tmp_path, monkeypatch):
    generate_zone(tmp_path / "zone", seed=3, year=2026)
    with Receiver() as live, Receiver() as dead:
        dead.status = 500
        monkeypatch.setenv("OUTBOUND_ALERT_URLS", f"{live.url} {dead.url}")
        conf = {"zone": str(tmp_path / "zone"), "warehouse": str(tmp_path / "w.duckdb"),
                "report": str(tmp_path / "summary.json")}
        run_dag("outbound_nightly_scan", conf, tmp_path / "airflow", tmp_path / "run.log")  # raises if the run failed
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    crossed = {a["processor"] for ev in summary["evaluations"] for a in ev["alerts"] if a["kind"] == "triggered"}
    told = "\n".join(f"{b['title']}\n{b['message']}" for b in live.bodies)  # a digest when there are many
    assert crossed and all(_name(p, tmp_path) in told for p in crossed)
    assert "已越过申报线" in told and live.bodies
    assert len(dead.bodies) == 3 * len(live.bodies)  # each message tried three times, the run still succeeded
    log = (tmp_path / "run.log").read_text(encoding="utf-8", errors="replace")
    assert str(dead.port) not in log and str(live.port) not in log  # routes are named, URLs never logged


def _name(processor: str, root: Path) -> str:
    """The processor's name in its filing."""
    import yaml

    return str(yaml.safe_load((root / "zone" / processor / "filing.yaml").read_text(encoding="utf-8"))["processor"]["name"])


pytestmark = pytest.mark.timeout(900)
