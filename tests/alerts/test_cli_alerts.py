"""`outbound alerts list|send|test` and `outbound scan` delivering to $OUTBOUND_ALERT_URLS, through a
real subprocess and real loopback receivers."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from outbound.alerts.receiver import Receiver
from outbound.demo.identifiers import make_bank_card
from outbound.warehouse import open_warehouse


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("OUTBOUND_ALERT_")} | (env or {})
    return subprocess.run([sys.executable, "-m", "outbound", *args], capture_output=True, text=True, env=full,
                          timeout=300)


@pytest.mark.parametrize("command", ["list", "send", "test"])
def test_when_an_alerts_command_is_asked_for_help_then_it_shows_an_example(command):
    out = run("alerts", command, "--help")
    assert out.returncode == 0
    assert "Example" in out.stdout and f"outbound alerts {command}" in out.stdout


def _export(tmp_path: Path) -> Path:
    rng = random.Random(5)
    path = tmp_path / "2026-03-01" / "orders.csv"
    path.parent.mkdir()
    path.write_text("email,card_no\n" + "".join(f"user{i}@example.com,{make_bank_card(rng)}\n" for i in range(30)),
                    encoding="utf-8")
    return path


def test_when_scan_runs_with_alert_urls_then_every_url_is_told_and_a_dead_one_does_not_fail_the_scan(tmp_path):
    wh = str(tmp_path / "w.duckdb")
    with Receiver() as live, Receiver() as broken:
        broken.status = 502
        urls = f"{live.url}  {broken.url}"
        done = run("scan", str(_export(tmp_path)), "--processor", "p", "--warehouse", wh,
                   env={"OUTBOUND_ALERT_URLS": urls})
        assert done.returncode == 0, done.stderr
        titles = sorted(b["title"] for b in live.bodies)
        assert [t.split(" — ")[0] for t in titles] == ["已越过申报线，需履行出境机制", "本年度首次出境敏感个人信息"]
        assert "not delivered to env-2-json" in done.stderr and str(broken.port) not in done.stderr

        again = run("alerts", "send", "--warehouse", wh, env={"OUTBOUND_ALERT_URLS": urls})
        assert again.returncode == 1  # the broken route is still not told
        assert len(live.bodies) == 2  # the live one was told already: nothing twice

        broken.status = 200
        third = run("alerts", "send", "--warehouse", wh, env={"OUTBOUND_ALERT_URLS": urls})
        assert third.returncode == 0, third.stderr
        assert len(live.bodies) == 2 and len(broken.bodies) == 3 * 2 + 3 * 2 + 2  # 2 runs × 3 attempts × 2, then 2

    listed = run("alerts", "list", "--warehouse", wh, "--json")
    assert listed.returncode == 0, listed.stderr
    doc = json.loads(listed.stdout)
    assert {a["dedup_key"] for a in doc["alerts"]} == {"crossed:p:2026:spi-standard-contract",
                                                       "first_sensitive:p:2026:sensitive_pi"}
    assert {d["route"] for d in doc["deliveries"]} == {"env-1-json", "env-2-json"}
    assert "127.0.0.1" not in listed.stdout


def test_when_a_spot_check_report_is_sent_then_its_drift_reaches_the_route_with_masked_evidence(tmp_path):
    report = tmp_path / "spot-check.json"
    report.write_text(json.dumps({
        "processor": {"id": "sh-retail", "name": "示例零售", "zone": "shanghai-ftz"},
        "filing": {"filing_id": "F-1", "version": 2}, "year": 2026, "verdict": "major-change",
        "action": "file a change", "drift": {"major": 1, "minor": 0},
        "findings": [{"kind": "undeclared_field", "drift": "major", "reason": "passport numbers not filed",
                      "filing_ref": "datasets.orders.fields", "evidence": [{"masked_examples": ["E12*****78"]}]}],
        "volumes": {"persons": 120, "sensitive_persons": 3}, "lifecycle": {"state": "valid"},
    }, ensure_ascii=False), encoding="utf-8")
    wh = str(tmp_path / "w.duckdb")
    open_warehouse(Path(wh)).close()  # the deliveries are recorded in it
    with Receiver() as live:
        done = run("alerts", "send", "--warehouse", wh, "--spot-check", str(report),
                   env={"OUTBOUND_ALERT_URLS": live.url})
        assert done.returncode == 0, done.stderr
        (body,) = live.bodies
    assert body["title"] == "出境情况与备案不一致 — 示例零售 2026"
    assert "major" in body["message"] and "`E12*****78`" in body["message"] and "F-1 v2" in body["message"]
    assert "undeclared_field (major): passport numbers not filed [datasets.orders.fields]" in body["message"]
    assert "file a change" in body["message"]


def test_when_the_spot_check_file_is_not_a_report_then_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{}", encoding="utf-8")
    done = run("alerts", "send", "--warehouse", str(tmp_path / "w.duckdb"), "--spot-check", str(bad))
    assert done.returncode == 2
    assert done.stderr.startswith("error: spot-check report") and len(done.stderr.strip().splitlines()) == 1
