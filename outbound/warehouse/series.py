"""The running cumulative series of distinct persons through a year (its projection: regulation.pace).

"When did we cross 100,000?" and "when will we, at this pace?" both read this series. Persons are
linked exactly as in `persons.yearly_counts` (connected components of identifiers), built up
export by export in date order with what was known by then (two identifiers counted apart in
January and linked in March count as two persons until March), so the last point equals the
year's count.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from outbound.regulation.pace import Point
from outbound.warehouse.components import RunningPersons
from outbound.warehouse.store import Warehouse


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
