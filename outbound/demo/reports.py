"""The demo's reports (`make demo`): for the demo zone, a spot-check report per processor, the
half-year zone report of the current half and each processor's outbound ledger, in `out`:

    out/spot-check/<processor>/report.pdf, report.html, spot-check.json
    out/zone-<YYYY-H1|H2>/report.pdf, report.html
    out/ledger-<processor>-<year>.xlsx

Re-running replaces them (spot checks of the same day replace their warehouse rows).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROWS, SEED = 500, 7


def write_demo_reports(zone: Path, warehouse: Path, out: Path, on: dt.date) -> list[Path]:
    from outbound.pipeline.reporting import ledger
    from outbound.pipeline.reporting import zone_report as write_zone
    from outbound.pipeline.spot_check import Request, run
    from outbound.pipeline.zone import profiles
    from outbound.reports.zone_data import Half

    written: list[Path] = []
    processors = [p.id for p in profiles(zone) if (p.folder / "filing.yaml").is_file()]
    for pid in processors:
        folder = out / "spot-check" / pid
        run(Request(pid, zone / pid / "filing.yaml", samples=(zone / pid / "exports",), warehouse=warehouse,
                    rows=ROWS, seed=SEED, out=folder, year=on.year, on=on, data_docs=False))
        written.append(folder / "report.pdf")
    half = Half(on.year, 1 if on.month <= 6 else 2)
    written.append(write_zone(zone, half, warehouse, out / f"zone-{half}", on)[1])
    written += [ledger(warehouse, pid, on.year, out / f"ledger-{pid}-{on.year}.xlsx") for pid in processors]
    return written
