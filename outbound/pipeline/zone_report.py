"""The `outbound_zone_report` DAG's one door to the half-year zone report (Fujian measures Art. 17),
rendered as HTML + PDF by `outbound.pipeline.reporting` (gather, then the renderer: as `outbound report
zone`): per processor, its filing and validity, persons and sensitive persons, the obligation, the
half's spot-check verdicts and the alerts raised in it.

A warehouse of one file per processor (`outbound.warehouse.shards`) gives ONE report for the zone:
each processor's half is gathered from its own shard, then all are rendered together.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from outbound.common.errors import UsageError
from outbound.warehouse import shards


def half_before(day: dt.date) -> str:
    """The half year that ended before `day`: run on 1 July → YYYY-H1, on 1 January → (YYYY-1)-H2."""
    return f"{day.year}-H1" if day.month > 6 else f"{day.year - 1}-H2"


def half_bounds(half: str) -> tuple[dt.date, dt.date]:
    from outbound.reports.zone_data import Half

    h = Half.parse(half)
    return h.start, h.end


def write_zone_report(zone: Path, half: str, warehouse: Path, out: Path, today: dt.date) -> dict[str, Any]:
    """Render the half's zone report into `out`; returns what was written (paths, processors)."""
    from outbound.pipeline import reporting
    from outbound.reports.zone_data import Half
    from outbound.reports.zone_report import write

    h = Half.parse(half)  # a bad half fails before anything is read
    if shards.is_shard_dir(warehouse):
        procs = _gathered_from_shards(zone, h, warehouse, today)
    elif warehouse.is_file():
        procs = reporting.gather(zone, h, warehouse, today)
    else:
        raise UsageError(f"warehouse {warehouse} does not exist; run the nightly scan first or fix 'warehouse'")
    out.mkdir(parents=True, exist_ok=True)
    html, pdf = write(zone, h, procs, today, reporting.basis(), out)
    return {"half": str(h), "rendered": True, "html": str(html), "pdf": str(pdf),
            "processors": len(procs), "recorded": sum(bool(p.recorded) for p in procs)}


def _gathered_from_shards(zone: Path, half: Any, folder: Path, today: dt.date) -> list[Any]:
    """Every processor of the zone, each from its own shard (one not scanned yet: not recorded)."""
    from outbound.pipeline import reporting

    found = shards.shards(folder)
    if not found:
        raise UsageError(f"no warehouse shard (*{shards.SUFFIX}) in {folder}; run the nightly scan first")
    by_shard = {path: {p.id: p for p in reporting.gather(zone, half, path, today)} for path in found}
    anyone = next(iter(by_shard.values()))
    return [by_shard.get(shards.shard_path(folder, pid), anyone)[pid] for pid in anyone]
