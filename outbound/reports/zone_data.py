"""What the half-year zone report (Fujian measures Art. 17) says of each processor of a zone folder:
filing state, persons this year, obligations with the day each line was crossed, the half's
spot-check verdicts and alerts. Gathered from the zone folder (processor.yaml, filing.yaml) and
the warehouse; counts, ids and rule ids only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from outbound.common.errors import UsageError

HALF = re.compile(r"^(\d{4})-H([12])$")


@dataclass(frozen=True)
class Half:
    year: int
    half: int

    @classmethod
    def parse(cls, text: str) -> Half:
        m = HALF.match(text.strip())
        if not m:
            raise UsageError(f"--half {text!r}: give YYYY-H1 (January to June) or YYYY-H2 (July to December)")
        return cls(int(m[1]), int(m[2]))

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"


@dataclass
class ProcessorHalf:
    id: str
    name: str | None
    zone: str | None
    filing: dict[str, Any] | None = None  # filing_id, version, state, expires_on; None: no filing.yaml
    filing_problem: str | None = None
    persons: int = 0
    sensitive_persons: int = 0
    obligations: list[dict[str, Any]] = field(default_factory=list)
    next_lines: list[Any] = field(default_factory=list)
    verdicts: list[Any] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    series: list[Any] = field(default_factory=list)
    by_recipient: list[tuple[str, int, int]] = field(default_factory=list)
    by_month: list[tuple[str, int, int]] = field(default_factory=list)
    recorded: bool = False  # the warehouse has exports of this processor


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
    from outbound.warehouse.series import crossing_date, values

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
    from outbound import flow
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
    from outbound.warehouse.spot_checks import verdicts_between
    from outbound.warehouse.store import open_warehouse
    from outbound.zone import profiles

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
