"""The half-year zone report (Fujian measures Art. 17: the zone reports to the province every six
months on the measures and the zone's outbound data): one section per processor and zone totals,
with charts, as HTML and PDF. Counts, ids, rule ids and dates only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from outbound.reports.charts import COUNTERS, breakdown_chart, cumulative_chart, lines_from_rules
from outbound.reports.render import svg_uri, write_report
from outbound.reports.spot_check_report import LIFECYCLE_ZH, VERDICT_ZH
from outbound.reports.zone_data import Half, ProcessorHalf

HTML_NAME, PDF_NAME = "report.html", "report.pdf"
MECHANISM_ZH = {
    "security_assessment": "数据出境安全评估",
    "standard_contract_or_certification": "个人信息出境标准合同或认证",
    "exempt": "免予申报",
}


def _charts(p: ProcessorHalf, half: Half, as_of: dt.date) -> dict[str, str]:
    if not p.recorded:
        return {}
    return {"cumulative": svg_uri(cumulative_chart(p.series, lines_from_rules(as_of), half.year, as_of)),
            "breakdown": svg_uri(breakdown_chart(p.by_recipient, p.by_month))}


def totals(procs: list[ProcessorHalf]) -> dict[str, Any]:
    owed = Counter(o["mechanism"] for p in procs for o in p.obligations[:1])  # the most severe one each
    return {
        "processors": len(procs),
        "with_exports": sum(p.recorded for p in procs),
        "filed": sum(p.filing is not None for p in procs),
        "filing_states": dict(Counter(p.filing["state"] for p in procs if p.filing)),
        "persons": sum(p.persons for p in procs),
        "sensitive_persons": sum(p.sensitive_persons for p in procs),
        "owed": {m: owed.get(m, 0) for m in MECHANISM_ZH},
        "spot_checks": sum(len(p.verdicts) for p in procs),
        "verdicts": dict(Counter(v.verdict for p in procs for v in p.verdicts)),
        "alerts": sum(len(p.alerts) for p in procs),
    }


def context(zone: Path, half: Half, procs: list[ProcessorHalf], today: dt.date, basis: dict[str, str]) -> dict[str, Any]:
    as_of = min(half.end, today)
    zones = Counter(p.zone for p in procs if p.zone)
    return {"zone": zones.most_common(1)[0][0] if zones else zone.name, "half": str(half), "start": half.start,
            "end": half.end, "as_of": as_of, "procs": procs, "totals": totals(procs),
            "charts": {p.id: _charts(p, half, as_of) for p in procs}, "counters": COUNTERS,
            "mechanism_zh": MECHANISM_ZH, "verdict_zh": VERDICT_ZH, "lifecycle_zh": LIFECYCLE_ZH, "basis": basis}


def write(zone: Path, half: Half, procs: list[ProcessorHalf], today: dt.date, basis: dict[str, str],
          out: Path) -> tuple[Path, Path]:
    """report.html and report.pdf of the zone's half year in `out`; `basis`: the article asking for it."""
    return write_report("zone.html", context(zone, half, procs, today, basis), out / HTML_NAME, out / PDF_NAME)
