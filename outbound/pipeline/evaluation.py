"""Evaluate: what the warehouse knows of a processor-year → counts, obligations, alerts.

Counts, labelled columns and the profile of one processor-year (`YearFacts`) go through the same
`assess()` for `outbound obligations` and the nightly alerts, so the two never disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outbound.common.errors import UsageError
from outbound.common.records import Alert, ColumnLabel, Obligation, Profile, YearlyCounts
from outbound.pipeline.clock import today

if TYPE_CHECKING:
    from outbound.regulation.assessment import Assessment
    from outbound.regulation.pace import Point
    from outbound.warehouse.persons import PersonTally
    from outbound.warehouse.store import Warehouse

log = logging.getLogger("outbound.pipeline.flow")


@dataclass(frozen=True)
class Evaluation:
    counts: YearlyCounts
    unlinked_persons: int
    obligations: tuple[Obligation, ...]
    alerts: tuple[Alert, ...]
    new_alerts: tuple[Alert, ...]


def evaluate_processors(warehouse: Path, processors: Sequence[str], *, on: dt.date | None = None) -> list[Evaluation]:
    """Evaluate every year in which each processor has exports."""
    from outbound.warehouse import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        years = {p: wh.years(p) for p in processors}
    finally:
        wh.close()
    return [evaluate(warehouse, p, y, on=on) for p in processors for y in years[p]]


@dataclass(frozen=True)
class YearFacts:
    """What the warehouse knows of one processor-year: counts, labelled columns, profile."""

    counts: YearlyCounts
    unlinked: int
    labels: tuple[ColumnLabel, ...]
    profile: Profile


def _as_of(year: int, on: dt.date | None) -> dt.date:
    return min(on or today(), dt.date(year, 12, 31))


def _year_facts(wh: Warehouse, processor: str, year: int, as_of: dt.date, *, given: bool) -> YearFacts:
    """What had left by `as_of`. `given`: the caller asked about that day (--as-of), so exports
    dated after it do not count ("累计" up to the day assessed); by default (today) the year's
    exports all count, an export recorded with a later date included."""
    from outbound.regulation import rules
    from outbound.warehouse import yearly_counts

    # the regime in force decides the window: Order 16 counts from 1 January of this year,
    # Order 11 counted from 1 January of the previous year
    window = rules.thresholds(as_of).counting.window_start
    start = dt.date(year - 1 if window == "previous_year" else year, 1, 1)
    until = as_of if given else None
    counts, unlinked = yearly_counts(wh, processor, year, window_start=start, until=until)
    counts = dataclasses.replace(counts, important_data=wh.important_data_in_year(processor, year, until))
    return YearFacts(counts, unlinked, wh.year_labels(processor, year, until), wh.profile(processor))


def assess_year(
    warehouse: Path,
    processor: str,
    year: int,
    *,
    on: dt.date | None = None,
    profile_file: Path | None = None,
) -> tuple[Assessment, list[Point]]:
    """Counts, labels and profile of one processor-year → every obligation with its citation.

    A `profile_file` (processor.yaml) replaces the profile the warehouse holds.
    """
    from outbound.regulation.assessment import assess
    from outbound.warehouse import open_warehouse
    from outbound.warehouse.series import cumulative_series

    as_of = _as_of(year, on)
    wh = open_warehouse(warehouse, read_only=True)
    try:
        if not wh.known_processor(processor):
            raise UsageError(f"processor {processor!r} has no exports in {warehouse}; see `outbound scan`")
        facts = _year_facts(wh, processor, year, as_of, given=on is not None)
        series = [p for p in cumulative_series(wh, processor, year) if on is None or p.day <= as_of]
    finally:
        wh.close()
    profile = facts.profile
    if profile_file is not None:
        from outbound.pipeline.zone import load_profile_file

        profile = dataclasses.replace(load_profile_file(profile_file).profile, processor=processor)
    return assess(profile, facts.counts, facts.labels, as_of), series


def persons(warehouse: Path, processor: str, year: int) -> tuple[YearlyCounts, int]:
    tally = person_tally(warehouse, processor, year)
    counts = YearlyCounts(processor, year, persons=tally.persons, sensitive_persons=tally.sensitive_persons)
    return counts, tally.unlinked


def person_tally(warehouse: Path, processor: str, year: int) -> PersonTally:
    """The year's persons with breakdowns by recipient, month and scenario (cached at scan time)."""
    from outbound.warehouse.persons import person_tally as tally
    from outbound.warehouse.store import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        if not wh.known_processor(processor):
            known = ", ".join(wh.processors()) or "none yet"
            raise UsageError(f"processor {processor!r} has no exports in {warehouse}; known processors: {known}")
        return tally(wh, processor, year)
    finally:
        wh.close()


def person_series(warehouse: Path, processor: str, year: int) -> list[Point]:
    """The year's running totals, one point per export date (see `warehouse.series`)."""
    from outbound.warehouse.series import cumulative_series
    from outbound.warehouse.store import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        return cumulative_series(wh, processor, year)
    finally:
        wh.close()


def evaluate(warehouse: Path, processor: str, year: int, *, on: dt.date | None = None) -> Evaluation:
    """The year's assessment → alerts, recorded once per rule in the warehouse.

    Alerts come from the same `assess()` as `outbound obligations`, so the nightly alert and the
    command never disagree (zone list, declared grounds and zone volume rules included).
    """
    from outbound.regulation.assessment import assess
    from outbound.reports.alerts import alerts_for
    from outbound.warehouse import open_warehouse

    as_of = _as_of(year, on)
    wh = open_warehouse(warehouse)
    try:
        facts = _year_facts(wh, processor, year, as_of, given=on is not None)
        assessment = assess(facts.profile, facts.counts, facts.labels, as_of)
        alerts = alerts_for(assessment.counts, assessment.obligations, assessment.approaching)
        new = tuple(a for a in alerts if wh.upsert_alert(a))
    finally:
        wh.close()
    counts = assessment.counts
    log.info("evaluated %s %d: %d persons, %d sensitive, %d alerts (%d new)", processor, year,
             counts.persons, counts.sensitive_persons, len(alerts), len(new))
    return Evaluation(counts, facts.unlinked, assessment.obligations, alerts, new)


def evaluation_json(ev: Evaluation) -> dict[str, object]:
    return {
        "processor": ev.counts.processor,
        "year": ev.counts.year,
        "persons": ev.counts.persons,
        "sensitive_persons": ev.counts.sensitive_persons,
        "unlinked_persons": ev.unlinked_persons,
        "obligations": [{"rule_id": o.rule_id, "mechanism": o.mechanism, "summary": o.summary,
                         "source": o.source} for o in ev.obligations],
        "alerts": [dataclasses.asdict(a) for a in ev.alerts],
        "new_alerts": [dataclasses.asdict(a) for a in ev.new_alerts],
    }
