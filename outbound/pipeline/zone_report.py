"""The `outbound_zone_report` DAG's one door to the half-year zone report (Fujian measures Art. 17).

When `outbound.reports.zone_report` exists it renders the report (HTML + PDF, the reports issue);
until then, or for a warehouse of one file per processor, this writes `zone-report.json`: what the
report holds, per processor — filing and its validity, persons and sensitive persons of the year
up to the half's end, the obligation, the half's spot-check verdicts and the alerts raised in it.
Counts, ids, rule ids, verdicts and dates only.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

from outbound.common.errors import UsageError
from outbound.warehouse import shards

HALF = re.compile(r"^(\d{4})-H([12])$")


def half_before(day: dt.date) -> str:
    """The half year that ended before `day`: run on 1 July → YYYY-H1, on 1 January → (YYYY-1)-H2."""
    return f"{day.year}-H1" if day.month > 6 else f"{day.year - 1}-H2"


def half_bounds(half: str) -> tuple[dt.date, dt.date]:
    m = HALF.match(half.strip())
    if not m:
        raise UsageError(f"half {half!r}: give YYYY-H1 (January to June) or YYYY-H2 (July to December)")
    year, h = int(m[1]), int(m[2])
    return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if h == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))


def write_zone_report(zone: Path, half: str, warehouse: Path, out: Path, today: dt.date,
                      reports: Path | None = None) -> dict[str, Any]:
    """Render the half's zone report into `out`; returns what was written (paths, processors)."""
    half_bounds(half)  # a bad half fails before anything is read
    out.mkdir(parents=True, exist_ok=True)
    if _renderer() and not shards.is_shard_dir(warehouse):
        from outbound.reports.zone_data import Half
        from outbound.reports.zone_report import write

        html, pdf = write(zone, Half.parse(half), warehouse, out, today)
        return {"half": half, "rendered": True, "html": str(html), "pdf": str(pdf)}
    summary = summarise_half(zone, half, warehouse, today, reports)
    path = out / "zone-report.json"
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return {"half": half, "rendered": False, "json": str(path), "processors": len(summary["processors"])}


def _renderer() -> bool:
    try:
        return importlib.util.find_spec("outbound.reports.zone_report") is not None
    except ModuleNotFoundError:
        return False


def summarise_half(zone: Path, half: str, warehouse: Path, today: dt.date, reports: Path | None) -> dict[str, Any]:
    from outbound.pipeline.zone import profiles

    start, end = half_bounds(half)
    as_of = min(end, today)
    rows = [_processor(p.id, p.folder, warehouse, start, as_of, reports) for p in profiles(zone)]
    return {"half": half, "from": start.isoformat(), "to": end.isoformat(), "as_of": as_of.isoformat(),
            "zone": str(zone), "processors": rows,
            "totals": {"processors": len(rows), "persons": sum(r["persons"] or 0 for r in rows),
                       "sensitive_persons": sum(r["sensitive_persons"] or 0 for r in rows)}}


def _processor(pid: str, folder: Path, warehouse: Path, start: dt.date, as_of: dt.date,
               reports: Path | None) -> dict[str, Any]:
    wh = shards.shard_path(warehouse, pid) if shards.is_shard_dir(warehouse) else warehouse
    row: dict[str, Any] = {"processor": pid, "filing": _filing(folder / "filing.yaml", as_of),
                           "persons": None, "sensitive_persons": None, "obligation": None, "alerts": []}
    if wh.is_file():
        row.update(_counts(wh, pid, start, as_of))
    row["spot_checks"] = _verdicts(reports, pid, start, as_of) if reports else []
    return row


def _filing(path: Path, on: dt.date) -> dict[str, Any]:
    from outbound.common.errors import Terminal

    if not path.is_file():
        return {"state": "none"}
    try:
        from outbound.expectations.filing import load_filing
        from outbound.expectations.lifecycle import status

        filing = load_filing(path)
        life = status(filing, on)
    except Terminal as exc:
        return {"state": "unreadable", "error": str(exc).splitlines()[0][:300]}
    return {"state": life.state, "filing_id": filing.filing_id, "expires_on": life.to_json().get("expires_on")}


def _counts(warehouse: Path, pid: str, start: dt.date, as_of: dt.date) -> dict[str, Any]:
    from outbound.pipeline import flow
    from outbound.warehouse import open_warehouse

    con = open_warehouse(warehouse, read_only=True)
    try:
        if not con.known_processor(pid) or start.year not in con.years(pid):
            return {"persons": 0, "sensitive_persons": 0}
        alerts = con.query("SELECT kind, rule_id, measured, threshold, CAST(raised_at AS DATE) FROM alerts "
                           "WHERE processor = $p AND year = $y", {"p": pid, "y": start.year})
    finally:
        con.close()
    assessment, _ = flow.assess_year(warehouse, pid, start.year, on=as_of)
    first = assessment.obligations[0] if assessment.obligations else None
    return {
        "persons": assessment.counts.persons, "sensitive_persons": assessment.counts.sensitive_persons,
        "obligation": {"rule_id": first.rule_id, "mechanism": first.mechanism} if first else None,
        "alerts": [{"kind": k, "rule_id": r, "measured": m, "threshold": t, "raised_on": d.isoformat()}
                   for k, r, m, t, d in alerts if start <= d <= as_of],
    }


def _verdicts(reports: Path, pid: str, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Spot-check reports of the half under <reports>/spot-checks/<processor>/<date>[-manual]/."""
    found = []
    for report in sorted((reports / "spot-checks" / shards.shard_path(Path("."), pid).stem).glob("*/spot-check.json")):
        try:
            day = dt.date.fromisoformat(report.parent.name[:10])
            doc = json.loads(report.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            continue
        if start <= day <= end:
            found.append({"on": day.isoformat(), "verdict": doc.get("verdict"),
                          "kind": "manual" if report.parent.name.endswith("manual") else "nightly-drift"})
    return found
