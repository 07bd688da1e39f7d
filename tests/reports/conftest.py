"""A scanned synthetic zone shared by the report tests: the demo zone (seed 7, 2026), every export
recorded in a real DuckDB warehouse, alerts evaluated, one spot check recorded. Fictional people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

YEAR, ON = 2026, dt.date(2026, 4, 1)


@dataclass(frozen=True)
class ScannedZone:
    zone: Path
    warehouse: Path
    spot_check_out: Path  # the spot check of sh-hotel, with --warehouse (so its verdict is recorded)


def build_zone(root: Path) -> ScannedZone:
    from outbound import flow
    from outbound.demo import generate_zone
    from outbound.spot_check import Request, run
    from outbound.zone import pending_exports

    zone, wh = root / "zone", root / "outbound.duckdb"
    generate_zone(zone, seed=7, year=YEAR)
    flow.register_zone(zone, wh)
    for p in pending_exports(zone):
        flow.scan([Path(p.path)], processor=p.processor, warehouse=wh, recipient=p.recipient, scenario=p.scenario)
    for pid in ("sh-hotel", "sh-retail", "sh-shipping"):
        flow.evaluate(wh, pid, YEAR, on=ON)
    out = root / "spot-check"
    run(Request("sh-hotel", zone / "sh-hotel" / "filing.yaml", samples=(zone / "sh-hotel" / "exports",),
                warehouse=wh, rows=300, seed=7, out=out, year=YEAR, on=ON, data_docs=False))
    return ScannedZone(zone, wh, out)


@pytest.fixture(scope="session")
def scanned_zone(tmp_path_factory: pytest.TempPathFactory) -> ScannedZone:
    return build_zone(tmp_path_factory.mktemp("zone-reports"))
