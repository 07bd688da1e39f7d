"""The running cumulative series of distinct persons through a year, and a projection from it.

"When did we cross 100,000?" and "when will we, at this pace?" both read this series. Persons are
linked exactly as in `persons.yearly_counts` (connected components of identifiers), built up
export by export in date order with what was known by then (two identifiers counted apart in
January and linked in March count as two persons until March), so the last point equals the
year's count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from outbound.warehouse.components import RunningPersons
from outbound.warehouse.store import Warehouse


@dataclass(frozen=True, slots=True)
class Point:
    day: dt.date
    persons: int
    sensitive_persons: int


def cumulative_series(wh: Warehouse, processor: str, year: int) -> list[Point]:
    """One point per export date: distinct persons (and sensitive ones) from 1 January to that date."""
    window = wh.window(processor, dt.date(year, 1, 1), dt.date(year, 12, 31))
    exports, nodes, edges = window["exports"], window["nodes"], window["edges"]
    node, sensitive = nodes["node"].astype(np.int64), nodes["sensitive"].astype(bool)
    a, b = edges["a"].astype(np.int64), edges["b"].astype(np.int64)
    ids = np.array([int(e[0]) for e in exports], dtype=np.int64)
    node_lo, node_hi = (np.searchsorted(nodes["export_id"], ids, side) for side in ("left", "right"))
    edge_lo, edge_hi = (np.searchsorted(edges["export_id"], ids, side) for side in ("left", "right"))
    running = RunningPersons(int(node.max()) + 1 if len(node) else 0)
    unlinked = unlinked_sensitive = 0
    points: list[Point] = []
    for i, export in enumerate(exports):
        day = export[1]
        n_rows, e_rows = slice(node_lo[i], node_hi[i]), slice(edge_lo[i], edge_hi[i])
        running.add(node[n_rows], sensitive[n_rows], a[e_rows], b[e_rows])
        unlinked += int(export[4])
        unlinked_sensitive += int(export[5])
        point = Point(day, running.persons + unlinked, running.sensitive_persons + unlinked_sensitive)
        if points and points[-1].day == day:
            points[-1] = point
        else:
            points.append(point)
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
