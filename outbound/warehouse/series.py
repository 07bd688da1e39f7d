"""The running cumulative series of distinct persons through a year, and a projection from it.

"When did we cross 100,000?" and "when will we, at this pace?" both read this series. Persons are
linked exactly as in `persons.yearly_counts` (connected components of identifiers), built up
export date by export date, so the last point equals the year's count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from outbound.warehouse.store import Warehouse


@dataclass(frozen=True, slots=True)
class Point:
    day: dt.date
    persons: int
    sensitive_persons: int


class _Components:
    """Union-find that keeps the number of components and of components with a sensitive row."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.sensitive: dict[str, bool] = {}
        self.count = 0
        self.sensitive_count = 0

    def find(self, x: str) -> str:
        if x not in self.parent:
            self.parent[x], self.sensitive[x] = x, False
            self.count += 1
            return x
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def mark(self, x: str) -> None:
        r = self.find(x)
        if not self.sensitive[r]:
            self.sensitive[r] = True
            self.sensitive_count += 1

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        self.parent[rb] = ra
        self.count -= 1
        if self.sensitive[ra] and self.sensitive[rb]:
            self.sensitive_count -= 1
        self.sensitive[ra] = self.sensitive[ra] or self.sensitive[rb]


def cumulative_series(wh: Warehouse, processor: str, year: int) -> list[Point]:
    """One point per export date: distinct persons (and sensitive ones) from 1 January to that date."""
    comps = _Components()
    unlinked = unlinked_sensitive = 0
    points: list[Point] = []
    day: dt.date | None = None
    key: tuple[str, int] | None = None
    ids: list[str] = []
    sensitive = False

    def close_row() -> None:
        nonlocal unlinked, unlinked_sensitive
        if key is None:
            return
        if not ids:
            unlinked += 1
            unlinked_sensitive += int(sensitive)
            return
        for other in ids[1:]:
            comps.union(ids[0], other)
        comps.find(ids[0])
        if sensitive:
            comps.mark(ids[0])

    def close_day() -> None:
        if day is not None:
            points.append(Point(day, comps.count + unlinked, comps.sensitive_count + unlinked_sensitive))

    for exported_on, sha, row_no, row_sensitive, id_hash in wh.year_rows_by_date(processor, year):
        if (sha, row_no) != key or exported_on != day:
            close_row()
            if exported_on != day:
                close_day()
                day = exported_on
            key, ids, sensitive = (sha, row_no), [], bool(row_sensitive)
        if id_hash is not None:
            ids.append(id_hash)
    close_row()
    close_day()
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
