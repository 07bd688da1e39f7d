"""`outbound obligations` and `outbound rules` through a real subprocess for issue 26: a processor in
the certification band is told which route is open and why; `rules list` shows the new files."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outbound", *args], capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def band(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str], Path]:
    """A warehouse where processor `co` sent 6 persons' bank cards (SPI: 1 to 9,999 → the band)."""
    from outbound.demo.identifiers import make_bank_card

    root = tmp_path_factory.mktemp("band")
    rng = random.Random(26)
    (root / "2026-03-02").mkdir()
    (root / "2026-03-02" / "cards.csv").write_text(
        "email,card_no\n" + "".join(f"u{i}@example.com,{make_bank_card(rng)}\n" for i in range(6)), encoding="utf-8")
    wh, env = str(root / "w.duckdb"), {**os.environ, "OUTBOUND_HASH_KEY": "issue-26"}
    out = run("scan", str(root / "2026-03-02"), "--processor", "co", "--warehouse", wh, env=env)
    assert out.returncode == 0, out.stderr
    return wh, env, root


def test_when_a_processor_is_in_the_band_then_obligations_say_which_route_is_open_and_why(band):
    wh, env, _ = band
    out = run("obligations", "--processor", "co", "--year", "2026", "--warehouse", wh, "--as-of", "2026-06-30",
              env=env)
    assert out.returncode == 0, out.stderr
    assert "spi-standard-contract" in out.stdout
    assert "certification / 个人信息保护认证: open — non-CIIO, no important data, spi_persons 6 in [1, 10,000)" in out.stdout
    assert "standard_contract / 个人信息出境标准合同: open" in out.stdout
    assert "cannot be observed in one processor's data" in out.stdout
    data = json.loads(run("obligations", "--processor", "co", "--year", "2026", "--warehouse", wh, "--as-of",
                          "2026-06-30", "--json", env=env).stdout)
    assert {r["route"]: r["open"] for r in data["routes"]} == {"standard_contract": True, "certification": True}
    assert "flags" not in data  # 6 persons: no Art. 28 line reached, no key added
    assert "u0@example.com" not in out.stdout  # counts and rule ids only, never values


def test_when_legal_duty_is_declared_in_the_filing_then_the_band_is_exempt_under_art35(band):
    wh, env, root = band
    profile = root / "processor.yaml"
    profile.write_text("processor: {id: co}\n", encoding="utf-8")
    (root / "filing.yaml").write_text("scenarios: [{id: tax, exemption_ground: legal_duty}]\n", encoding="utf-8")
    out = run("obligations", "--processor", "co", "--year", "2026", "--warehouse", wh, "--as-of", "2026-06-30",
              "--profile", str(profile), "--json", env=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [o["rule_id"] for o in data["obligations"]] == ["exempt-legal_duty"]
    assert data["obligations"][0]["source"] == "cn-sc-ndsr-2024 Art. 35(6)"


def test_when_rules_are_checked_and_listed_then_the_new_files_validate_and_show():
    check = run("rules", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    ids = {r["id"] for r in json.loads(run("rules", "list", "--json").stdout)}
    assert {"cn-sc-ndsr-2024", "cn-cac-samr-order20-2025", "cn-cac-assessment-guide-2025",
            "cn-cq-negative-list-2025", "cn-gx-ftz-negative-list-2025", "cn-js-ftz-negative-list-2025"} <= ids
