"""Conditions → notices: an assessment (lines approaching and crossed, first sensitive PI or
important data this year, negative-list items), a filing's lifecycle, a spot-check report
(drift), a file failing nights running. Pure functions over what they are given: reading the
warehouse and the filings is outbound.pipeline.alerting's work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from outbound.alerts.kinds import Kind, Notice, Severity
from outbound.common.masking import redact
from outbound.common.records import Category, ColumnLabel, Obligation

if TYPE_CHECKING:
    from outbound.regulation.assessment import Assessment
    from outbound.regulation.pace import Point

# a mechanism the filing registers covers these obligations (certification is the contract's alternative)
COVERS = {"standard_contract_or_certification": {"standard_contract_or_certification", "certification",
                                                 "security_assessment"},
          "security_assessment": {"security_assessment"}}


@dataclass(frozen=True)
class Context:
    """What is known of a processor beyond its counts: its identity, its filing, its report."""

    name: str | None = None
    uscc: str | None = None
    zone: str | None = None
    filing_id: str | None = None
    filing_version: int | None = None
    registered: frozenset[str] = field(default_factory=frozenset)  # mechanisms of an approved filing
    report: str | None = None  # path or link of the processor's report

    def facts(self) -> dict[str, Any]:
        return {k: v for k, v in {"processor_name": self.name, "uscc": self.uscc, "zone": self.zone,
                                  "filing_id": self.filing_id, "filing_version": self.filing_version,
                                  "report": self.report}.items() if v is not None}

    def covers(self, mechanism: str) -> bool:
        return bool(COVERS.get(mechanism, {mechanism}) & self.registered)


def _counter_value(counter: str, p: Point) -> int | None:
    return {"pi_non_sensitive_persons": p.persons - p.sensitive_persons, "spi_persons": p.sensitive_persons,
            "pi_persons": p.persons}.get(counter)


def crossed_on(o: Obligation, series: Sequence[Point]) -> str | None:
    """The first export date on which the obligation's counter reached its line."""
    for p in series:
        value = _counter_value(o.counter, p)
        if value is not None and o.threshold is not None and value >= o.threshold:
            return p.day.isoformat()
    return None


def _line_facts(o: Obligation) -> dict[str, Any]:
    return {"rule_id": o.rule_id, "counter": o.counter, "measured": o.measured, "line": o.threshold,
            "share": round(o.share, 4) if o.share is not None else None, "obligation": o.mechanism,
            "obligation_zh": o.summary_zh, "obligation_en": o.summary, "article": o.source}


def threshold_notices(a: Assessment, series: Sequence[Point], ctx: Context, shares: Sequence[float]) -> list[Notice]:
    """A crossed notice per mechanism now owed, an approaching one per line in a share band."""
    c = a.counts
    base = {**ctx.facts(), "persons": c.persons, "sensitive_persons": c.sensitive_persons}
    out = []
    for o in a.obligations:
        if o.mechanism == "exempt":
            continue
        facts = {**base, **_line_facts(o), "crossed_on": crossed_on(o, series),
                 "mechanism_registered": ctx.covers(o.mechanism)}
        out.append(Notice(Kind.CROSSED, c.processor, c.year, o.rule_id, 1, Severity.CRITICAL, (), facts))
    for o in a.approaching:
        band = max((s for s in shares if o.share is not None and o.share >= s), default=None)
        if band is not None:
            out.append(Notice(Kind.APPROACHING, c.processor, c.year, o.rule_id, round(band * 1000),
                              Severity.WARNING, (), {**base, **_line_facts(o), "band": band}))
    return out


def first_time_notices(a: Assessment, series: Sequence[Point], labels: Sequence[ColumnLabel],
                       ctx: Context) -> list[Notice]:
    """Sensitive PI, important data: told the first time either leaves in a year."""
    c = a.counts
    base = {**ctx.facts(), "persons": c.persons, "sensitive_persons": c.sensitive_persons}
    out = []
    if c.sensitive_persons > 0:
        first = next((p.day.isoformat() for p in series if p.sensitive_persons > 0), None)
        kinds = sorted({lab.entity for lab in labels if lab.entity and lab.category is Category.SENSITIVE})
        out.append(Notice(Kind.FIRST_SENSITIVE, c.processor, c.year, "sensitive_pi", 1, Severity.WARNING,
                          tuple(kinds), {**base, "first_on": first, "entities": kinds}))
    if c.important_data:
        kinds = sorted({lab.entity for lab in labels if lab.entity and lab.category is Category.IMPORTANT})
        out.append(Notice(Kind.FIRST_IMPORTANT, c.processor, c.year, "important_data", 1, Severity.CRITICAL,
                          tuple(kinds), {**base, "entities": kinds}))
    return out


def list_notices(a: Assessment, ctx: Context) -> list[Notice]:
    """One notice per negative list with a column inside it; a new entry is a worsening."""
    out = []
    for m in a.list_matches:
        if m.get("list_kind") != "negative":
            continue
        inside = [c for c in m["columns"] if c["verdict"] == "inside"]
        if not inside:
            continue
        cols = [{"column": redact(c["column"]), "entries": sorted({h["entry"] for h in c["hits"]})} for c in inside]
        entries = tuple(sorted({e for c in cols for e in c["entries"]}))
        out.append(Notice(Kind.NEGATIVE_LIST, a.counts.processor, a.counts.year, m["list_id"], 1, Severity.CRITICAL,
                          entries, {**ctx.facts(), "list_id": m["list_id"], "columns": cols}))
    return out


class Lifecycle(Protocol):
    """Where a filing stands on a day (outbound.expectations.lifecycle.status gives one)."""

    @property
    def state(self) -> str: ...
    @property
    def expires_on(self) -> dt.date | None: ...
    @property
    def window_opens_on(self) -> dt.date | None: ...
    @property
    def window_last_day(self) -> dt.date | None: ...
    @property
    def working_days_left(self) -> int | None: ...
    @property
    def source(self) -> str: ...


def filing_notice(processor: str, filing_id: str, life: Lifecycle, on: dt.date, ctx: Context) -> Notice | None:
    """Renewal window open (level 1) or expired (level 2); nothing while the filing is valid."""
    level = {"renewal-window-open": 1, "expired": 2}.get(life.state)
    if level is None:
        return None
    facts = {**ctx.facts(), "state": life.state, "expires_on": str(life.expires_on),
             "window_opens_on": str(life.window_opens_on), "window_last_day": str(life.window_last_day),
             "working_days_left": life.working_days_left, "source": life.source}
    severity = Severity.CRITICAL if level == 2 else Severity.WARNING
    return Notice(Kind.FILING, processor, on.year, filing_id, level, severity, (), facts)


def drift_notices(doc: dict[str, Any], ctx: Context | None = None) -> list[Notice]:
    """A spot-check report (`outbound spot-check`'s JSON) → a drift notice, and a filing notice
    when its lifecycle says the renewal window is open or the filing expired."""
    proc, filing = doc["processor"], doc["filing"]
    facts = {"processor_name": proc.get("name"), "zone": proc.get("zone"), "filing_id": filing["filing_id"],
             "filing_version": filing["version"], **(ctx.facts() if ctx else {})}
    year, out = int(doc["year"]), []
    found = doc.get("findings") or []
    if found:
        major = any(f["drift"] == "major" for f in found)
        evidence = [m for f in found for e in f.get("evidence", []) for m in _masks(e)][:5]
        findings = [{"kind": f["kind"], "drift": f["drift"], "reason": f["reason"], "filing_ref": f["filing_ref"]}
                    for f in found]
        out.append(Notice(Kind.DRIFT, proc["id"], year, filing["filing_id"], 2 if major else 1,
                          Severity.CRITICAL if major else Severity.WARNING, tuple(sorted({f["kind"] for f in found})),
                          {**facts, "drift": "major" if major else "minor", "major": doc["drift"]["major"],
                           "minor": doc["drift"]["minor"], "findings": findings, "evidence": evidence,
                           "action": doc.get("action"), "persons": doc["volumes"]["persons"],
                           "sensitive_persons": doc["volumes"]["sensitive_persons"]}))
    life = doc.get("lifecycle") or {}
    level = {"renewal-window-open": 1, "expired": 2}.get(life.get("state", ""))
    if level:
        out.append(Notice(Kind.FILING, proc["id"], year, filing["filing_id"], level,
                          Severity.CRITICAL if level == 2 else Severity.WARNING, (),
                          {**facts, **{k: life.get(k) for k in ("state", "expires_on", "window_opens_on",
                                                                 "window_last_day", "working_days_left", "source")}}))
    return out


def _masks(evidence: dict[str, Any]) -> list[str]:
    return [redact(str(m)) for m in evidence.get("masked_examples", [])]


def failure_class(error: str) -> str:
    """What kind of failure a scan's error text tells (never the text itself: it may name a file)."""
    return "internal" if "internal error" in error else "unreadable"


def scan_failure_notice(processor: str, year: int, file_key: str, file_name: str, error_class: str,
                        nights: int, ctx: Context) -> Notice:
    return Notice(Kind.SCAN_FAILURE, processor, year, file_key, 1, Severity.WARNING, (),
                  {**ctx.facts(), "file_name": redact(file_name), "error_class": error_class, "nights": nights})


def escalation(n: Notice, days: int) -> Notice:
    """The escalated form of a crossed notice: its own dedup key, told to escalation routes."""
    return Notice(n.kind, n.processor, n.year, f"{n.subject}:escalated", n.level, Severity.CRITICAL, n.marks,
                  {**n.facts, "escalated_after_days": days})
