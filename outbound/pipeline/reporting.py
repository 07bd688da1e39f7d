"""What the filed reports need, gathered from the zone folder and the warehouse, then rendered by
`outbound.reports`: the half-year zone report (Fujian measures Art. 17) and the outbound ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from outbound.common.errors import UsageError
from outbound.reports.zone_data import Half, ProcessorHalf


def zone_report(zone: Path, half: Half, warehouse: Path, out: Path, today: dt.date) -> tuple[Path, Path]:
    """report.html and report.pdf of the zone's half year in `out`."""
    from outbound.reports.zone_report import write

    return write(zone, half, gather(zone, half, warehouse, today), today, basis(), out)


def basis() -> dict[str, str]:
    """The article that asks for this report, from rules/procedures (the fact zone_report_interval)."""
    from outbound.expectations.policy import load_policy
    from outbound.regulation import rules
    from outbound.regulation.rule_facts import ProcedureFile

    file_id = load_policy().basis.procedures
    for f in rules.load_kind("procedures"):
        if isinstance(f, ProcedureFile) and f.meta.id == file_id:
            fact = f.fact("zone_report_interval")
            return {"title": str(f.meta.title["zh"]), "id": file_id, "article": fact.article,
                    "zh": fact.summary["zh"], "en": fact.summary["en"]}
    return {"title": file_id, "id": file_id, "article": "?", "zh": "", "en": "procedures file not found"}


def ledger(warehouse: Path, processor: str, year: int, out: Path) -> Path:
    """The processor-year's ledger from the warehouse into `out` (.xlsx)."""
    from outbound.warehouse.per_export import export_lines
    from outbound.warehouse.persons import person_tally
    from outbound.warehouse.store import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        if not wh.known_processor(processor):
            known = ", ".join(wh.processors()) or "none yet"
            raise UsageError(f"processor {processor!r} has no exports in {warehouse}; known processors: {known}")
        lines = export_lines(wh, processor, year)
        tally = person_tally(wh, processor, year)
        rows = wh.query("SELECT name FROM processors WHERE processor = $p", {"p": processor})
    finally:
        wh.close()
    from outbound.reports.ledger import write_ledger

    return write_ledger(lines, processor, rows[0][0] if rows else None, year, (tally.persons, tally.sensitive_persons), out)


def _filing(folder: Path, on: dt.date) -> tuple[dict[str, Any] | None, str | None]:
    from outbound.expectations.filing import FilingError, load_filing
    from outbound.expectations.lifecycle import status

    path = folder / "filing.yaml"
    if not path.is_file():
        return None, None
    try:
        f = load_filing(path)
    except FilingError as exc:
        return None, str(exc).replace(str(folder), folder.name)
    life = status(f, on)
    return {"filing_id": f.filing_id, "version": f.version, "state": life.state,
            "approved_on": f.approved_on, "expires_on": life.expires_on, "name": f.processor.name}, None


def _obligations(assessment: Any, series: list[Any]) -> list[dict[str, Any]]:
    from outbound.regulation.pace import crossing_date, values

    out = []
    for o in assessment.obligations:
        crossed = None
        if o.mechanism != "exempt" and o.threshold and o.counter in ("pi_non_sensitive_persons", "spi_persons"):
            crossed = crossing_date(values(series, o.counter), o.threshold)
        out.append({"rule_id": o.rule_id, "mechanism": o.mechanism, "counter": o.counter, "measured": o.measured,
                    "threshold": o.threshold, "crossed_on": crossed, "source": o.source,
                    "summary": o.summary, "summary_zh": o.summary_zh})
    return out


def _alerts(wh: Any, pid: str, half: Half) -> list[dict[str, Any]]:
    from outbound.warehouse.store import sql

    rows = wh.query(sql("alerts_between"), {"processor": pid, "year": half.year, "start": half.start, "end": half.end})
    keys = ("kind", "rule_id", "measured", "threshold", "message", "raised_at")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def _counts(p: ProcessorHalf, wh: Any, warehouse: Path, half: Half, as_of: dt.date) -> None:
    from outbound.pipeline import flow
    from outbound.reports.charts import lines_from_rules, next_lines
    from outbound.warehouse.persons import person_tally

    assessment, p.series = flow.assess_year(warehouse, p.id, half.year, on=as_of)
    tally = person_tally(wh, p.id, half.year, until=as_of)
    p.persons, p.sensitive_persons = tally.persons, tally.sensitive_persons
    p.obligations = _obligations(assessment, p.series)
    p.next_lines = next_lines(p.series, lines_from_rules(as_of), as_of)
    p.by_recipient = [(g.key or "—", g.persons, g.sensitive_persons) for g in tally.by.get("recipient", ())]
    months = {g.key: g for g in tally.by.get("month", ())}
    p.by_month = [(f"{m:02d}月", months[k].persons if k in months else 0, months[k].sensitive_persons if k in months else 0)
                  for m in range(1, as_of.month + 1) for k in [f"{half.year}-{m:02d}"]]
    p.alerts = _alerts(wh, p.id, half)


def gather(zone: Path, half: Half, warehouse: Path, today: dt.date) -> list[ProcessorHalf]:
    """Every processor of the zone folder, as of the half's end (or `today`, if earlier)."""
    from outbound.pipeline.zone import profiles
    from outbound.warehouse.spot_checks import verdicts_between
    from outbound.warehouse.store import open_warehouse

    as_of = min(half.end, today)
    found = profiles(zone)
    if not found:
        raise UsageError(f"zone folder {zone} holds no <processor>/processor.yaml; see docs/zone.md")
    wh = open_warehouse(warehouse, read_only=True)
    try:
        verdicts = verdicts_between(wh, half.start, half.end)
        known = set(wh.processors())
        out = []
        for prof in found:
            filing, problem = _filing(prof.folder, as_of)
            p = ProcessorHalf(prof.id, (filing or {}).get("name") or prof.name, prof.profile.zone, filing, problem,
                              verdicts=[v for v in verdicts if v.processor == prof.id], recorded=prof.id in known)
            if p.recorded:
                _counts(p, wh, warehouse, half, as_of)
            out.append(p)
    finally:
        wh.close()
    return out
