"""A scanned synthetic zone shared by the report tests: the demo zone (seed 7, 2026), every export
recorded in a real DuckDB warehouse, alerts evaluated, and one spot check run through the CLI with
--warehouse (so its verdict is recorded) and --out (the contract: report.html and report.pdf).
All persons are fictional."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

YEAR, ON = 2026, dt.date(2026, 4, 1)
PROCESSORS = ("sh-hotel", "sh-retail", "sh-shipping")


@dataclass(frozen=True)
class ScannedZone:
    zone: Path
    warehouse: Path
    spot_check_out: Path  # `outbound spot-check` of sh-retail with --warehouse and --out
    spot_check_exit: int
    raw_values: frozenset[str]  # every identifier the generator wrote into the exports


def outbound(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outbound", *args], capture_output=True, text=True, timeout=600)


def build_zone(root: Path) -> ScannedZone:
    from outbound.demo import generate_zone
    from outbound.pipeline import flow
    from outbound.pipeline.zone import pending_exports

    zone, wh = root / "zone", root / "outbound.duckdb"
    truth = generate_zone(zone, seed=7, year=YEAR)
    flow.register_zone(zone, wh)
    for p in pending_exports(zone):
        flow.scan([Path(p.path)], processor=p.processor, warehouse=wh, recipient=p.recipient, scenario=p.scenario)
    for pid in PROCESSORS:
        flow.evaluate(wh, pid, YEAR, on=ON)
    with duckdb.connect(str(wh)) as con:  # as if the nightly scan had raised them on the day assessed
        con.execute("UPDATE alerts SET raised_at = $t", {"t": dt.datetime.combine(ON, dt.time(2))})
    out = root / "spot-check"
    done = outbound("spot-check", "--processor", "sh-retail", "--filing", str(zone / "sh-retail" / "filing.yaml"),
                    "--sample", str(zone / "sh-retail" / "exports"), "--warehouse", str(wh), "--rows", "300",
                    "--seed", "7", "--on", ON.isoformat(), "--out", str(out))
    assert done.returncode in (0, 1), done.stderr
    raw = frozenset(v for p in truth.processors for values in p.identifiers.values() for v in values)
    return ScannedZone(zone, wh, out, done.returncode, raw)


@pytest.fixture(scope="session")
def scanned_zone(tmp_path_factory: pytest.TempPathFactory) -> ScannedZone:
    return build_zone(tmp_path_factory.mktemp("zone-reports"))
