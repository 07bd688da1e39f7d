"""The pace toward a legal line: when a cumulative count reached a line, and when it will at the
year's pace. Pure arithmetic over a series of (date, count) points (`warehouse.series` builds them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Point:
    day: dt.date
    persons: int
    sensitive_persons: int


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


def projected_date(series: list[tuple[dt.date, int]], line: int, as_of: dt.date | None = None) -> dt.date | None:
    """At the year's average pace up to `as_of` (per day since 1 January), the date `line` is
    reached; the date it was reached when the count by `as_of` is at or above it.

    `as_of` defaults to the last date of the series; exports dated after it do not count. None
    when there is no pace yet, or when the pace does not reach the line within the year (the
    counter resets on 1 January). A projection is never earlier than the day after `as_of`.
    """
    if as_of is not None:
        series = [(day, value) for day, value in series if day <= as_of]
    if not series:
        return None
    last_day, value = series[-1]
    if value >= line:
        return crossing_date(series, line)
    if value <= 0:
        return None
    since = as_of or last_day
    elapsed = (since - dt.date(since.year, 1, 1)).days + 1
    days_needed = max(1, -(-(line - value) * elapsed // value))  # ceiling division, integers only
    if days_needed > (dt.date(since.year, 12, 31) - since).days:  # not this year (nor past year 9999)
        return None
    return since + dt.timedelta(days=days_needed)
