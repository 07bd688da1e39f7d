"""The running cumulative series of distinct persons through a year, and a projection from it.

"When did we cross 100,000?" and "when will we, at this pace?" both read this series. Persons are
linked exactly as in `persons.yearly_counts` (connected components of identifiers), built up
export date by export date, so the last point equals the year's count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from outbound.warehouse.persons import PersonAccumulator, grouped_rows
from outbound.warehouse.store import Warehouse


@dataclass(frozen=True, slots=True)
class Point:
    day: dt.date
    persons: int
    sensitive_persons: int


def cumulative_series(wh: Warehouse, processor: str, year: int) -> list[Point]:
    """One point per export date: distinct persons (and sensitive ones) from 1 January to that date."""
    acc = PersonAccumulator()
    points: list[Point] = []
    for (day, _sha, _row), ids, sensitive in grouped_rows(wh.year_rows_by_date(processor, year)):
        acc.add_row(ids, sensitive)
        if points and points[-1].day == day:
            points[-1] = Point(day, acc.persons, acc.sensitive_persons)
        else:
            points.append(Point(day, acc.persons, acc.sensitive_persons))
    return points


def values(points: list[Point], counter: str) -> list[tuple[dt.date, int]]:
    """The series of one counter of the threshold rules: pi_non_sensitive_persons or spi_persons."""
    if counter == "spi_persons":
        return [(p.day, p.sensitive_persons) for p in points]
    if counter == "pi_non_sensitive_persons":
        return [(p.day, p.persons - p.sensitive_persons) for p in points]
    return [(p.day, p.persons) for p in points]


def crossing_date(series: list[tuple[dt.date, int]], line: int) -> dt.date | None:
    """The first export date on which the cumulative count reached `line` (以上: inclusive).

    Only meaningful for monotone counters; pi_non_sensitive_persons can fall when a person later
    shows a sensitive item, so the first date it reached the line is reported.
    """
    for day, value in series:
        if value >= line:
            return day
    return None


def projected_date(series: list[tuple[dt.date, int]], line: int) -> dt.date | None:
    """At the year's average pace so far (per day since 1 January), the date `line` is reached.

    None when there is no pace yet, or when the pace does not reach the line within the year
    (the counter resets on 1 January).
    """
    if not series:
        return None
    last_day, value = series[-1]
    if value >= line:
        return crossing_date(series, line)
    if value <= 0:
        return None
    elapsed = (last_day - dt.date(last_day.year, 1, 1)).days + 1
    days_needed = -(-(line - value) * elapsed // value)  # ceiling division, integers only
    when = last_day + dt.timedelta(days=days_needed)
    return when if when.year == last_day.year else None
