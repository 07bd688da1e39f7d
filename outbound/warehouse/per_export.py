"""Each export of a processor-year with its own counts: the rows of the outbound ledger (出境数据台账).

An export's persons are the distinct persons among its rows, persons linked over the whole year
as in `persons.compute_tally` (an identifier seen with another in any export of the year is one
person), plus its rows with PI but no identifier (one person each). So the same person sent on
three days is in three rows of the ledger, and once in the year's total.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from outbound.common.records import ExportLine
from outbound.warehouse.components import DistinctCounter, labels
from outbound.warehouse.store import Warehouse, sql


def export_lines(wh: Warehouse, processor: str, year: int) -> list[ExportLine]:
    """The year's exports in date order, each with its distinct persons and sensitive persons."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    window = wh.window(processor, start, end)
    nodes, edges = window["nodes"], window["edges"]
    node, owner = nodes["node"].astype(np.int64), nodes["export_id"].astype(np.int64)
    sensitive = nodes["sensitive"].astype(bool)
    size = int(node.max()) + 1 if len(node) else 0
    comp = labels(size, edges["a"].astype(np.int64), edges["b"].astype(np.int64))[node]
    counter = DistinctCounter(comp, size)
    unlinked = {int(e[0]): (int(e[4]), int(e[5])) for e in window["exports"]}
    out = []
    for row in wh.query(sql("ledger_exports"), {"processor": processor, "start": start, "end": end}):
        export_id = int(row[0])
        rows = np.arange(np.searchsorted(owner, export_id, "left"), np.searchsorted(owner, export_id, "right"))
        u, us = unlinked.get(export_id, (0, 0))
        out.append(ExportLine(row[1], row[2], row[3], int(row[4]), row[5], row[6], tuple(row[7] or ()),
                              tuple(row[8] or ()), counter.count(rows) + u, counter.count(rows[sensitive[rows]]) + us))
    return out
