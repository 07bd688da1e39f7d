"""Distinct persons per processor and counting window, with breakdowns.

A person is a connected component of keyed identifiers: identifiers seen on one row belong to one
person, so a mobile-only export links to an ID export through any row that carried both, in any
export of the window. Names never link. A row with personal information but no identifier (a
name, an address, an identifier cell that is a placeholder) cannot be linked: each such row counts
as one person (the conservative reading near a legal threshold) and is reported as "unlinked".

Breakdowns count distinct persons within each group (a person sent to two recipients counts once
under each, once in the total). The tally is cached in the warehouse per processor, year and
window start, and recomputed when the processor's exports change: a whole year's from the year's
linking state (`outbound.warehouse.linking`, merged export by export as they are recorded), any
other window by connected components over its identifiers (`compute_tally`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from outbound.common.records import YearlyCounts
from outbound.warehouse import linking
from outbound.warehouse.store import Warehouse

DIMENSIONS = ("recipient", "month", "scenario")
# More identifiers than one person plausibly has (an ID, a few phones and e-mails, a passport): a
# person this large is several people merged by an identifier they share on their rows (an
# agency's phone on every guest's row, a placeholder that passed the shape checks). The same-row
# rule still counts them as one; the tally says how many such persons there are, to be checked.
CROWDED_IDENTIFIERS = linking.CROWDED_OVER  # 10; the year's kept state counts them too


@dataclass(frozen=True, slots=True)
class Group:
    key: str | None  # recipient name, "YYYY-MM", scenario; None when the exports did not say
    persons: int
    sensitive_persons: int
    unlinked: int


@dataclass(frozen=True)
class PersonTally:
    persons: int
    sensitive_persons: int
    unlinked: int  # of `persons`, rows without an identifier counted one person each
    unlinked_sensitive: int
    by: dict[str, tuple[Group, ...]] = field(default_factory=dict)
    crowded: int = 0  # persons holding more than CROWDED_IDENTIFIERS identifiers (see there)
    largest: int = 0  # identifiers of the largest person

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> PersonTally:
        d: dict[str, Any] = json.loads(text)
        by = {k: tuple(Group(**g) for g in v) for k, v in d.pop("by").items()}
        return cls(**d, by=by)


def person_tally(
    wh: Warehouse, processor: str, year: int, *, window_start: dt.date | None = None, until: dt.date | None = None
) -> PersonTally:
    """Counts from `window_start` (default 1 January of `year`) to `until` (default 31 December
    of `year`). Whole-year tallies are cached; one up to an earlier day is computed each time."""
    start = window_start or dt.date(year, 1, 1)
    end = dt.date(year, 12, 31)
    if until is not None and until < end:
        return compute_tally(wh.window(processor, start, until))
    stamp = wh.exports_stamp(processor)
    cached = wh.cached_tally(processor, year, start, stamp)
    if cached is not None:
        return PersonTally.from_json(cached)
    kept = year_state_tally(wh, processor, year) if start == dt.date(year, 1, 1) else None
    tally = kept or compute_tally(wh.window(processor, start, end))
    wh.store_tally(processor, year, start, stamp, tally.to_json())
    return tally


def year_state_tally(wh: Warehouse, processor: str, year: int) -> PersonTally | None:
    """The year's tally from its linking state (`outbound.warehouse.linking`), rebuilt first when
    stale; None when it is stale and cannot be rebuilt (a read-only warehouse): count it then."""
    if not linking.fresh(wh.con, processor, year):
        if wh.read_only:
            return None
        with wh.transaction():
            linking.rebuild(wh.con, processor, year, wh.window(processor, dt.date(year, 1, 1), dt.date(year, 12, 31)))
    rows = linking.tally_rows(wh.con, processor, year)
    total, unlinked_sensitive, (crowded, largest) = Group(None, 0, 0, 0), 0, rows[0][6:] if rows else (0, 0)
    groups: dict[str, list[Group]] = {d: [] for d in DIMENSIONS}
    for dim, key, n, s, u, us, *_ in rows:
        if dim == "total":
            total, unlinked_sensitive = Group(None, n + u, s + us, u), us
        else:
            groups[dim].append(Group(key or None, n + u, s + us, u))
    by = {d: tuple(sorted(gs, key=lambda g: (g.key is None, g.key or ""))) for d, gs in groups.items()}
    return PersonTally(total.persons, total.sensitive_persons, total.unlinked, unlinked_sensitive, by, crowded, largest)


def yearly_counts(
    wh: Warehouse, processor: str, year: int, *, window_start: dt.date | None = None, until: dt.date | None = None
) -> tuple[YearlyCounts, int]:
    """The year's counts, and how many of the persons are unlinked rows without identifiers.

    The window runs from 1 January of `year` (or `window_start`, for a regime that counted from
    1 January of the previous year) to 31 December of `year` (or `until`: an assessment as of an
    earlier day counts what had left by then).
    """
    t = person_tally(wh, processor, year, window_start=window_start, until=until)
    return YearlyCounts(processor, year, persons=t.persons, sensitive_persons=t.sensitive_persons), t.unlinked


def _export_keys(exports: list[tuple[Any, ...]]) -> dict[str, list[str | None]]:
    """Per export (in window order), its key in each dimension."""
    return {
        "recipient": [e[2] or None for e in exports],
        "month": [f"{e[1]:%Y-%m}" for e in exports],
        "scenario": [e[3] or None for e in exports],
    }


def compute_tally(window: dict[str, Any]) -> PersonTally:
    """Totals and breakdowns of one window (`Warehouse.window`: node rows ordered by export)."""
    import numpy as np  # here, not at the top: reading a cached tally needs no numpy

    from outbound.warehouse.components import DistinctCounter, labels

    exports, nodes, edges = window["exports"], window["nodes"], window["edges"]
    node, export_of_row = nodes["node"].astype(np.int64), nodes["export_id"].astype(np.int64)
    sensitive = nodes["sensitive"].astype(bool)
    size = int(node.max()) + 1 if len(node) else 0
    label = labels(size, edges["a"].astype(np.int64), edges["b"].astype(np.int64))
    comp = label[node]
    present = np.zeros(size, bool)
    present[node] = True  # nodes of this window (the processor's other years' are not)
    sizes = np.bincount(label[present]) if len(node) else np.zeros(1, np.int64)
    counter = DistinctCounter(comp, size)
    export_ids = np.array([int(e[0]) for e in exports], dtype=np.int64)
    lo = np.searchsorted(export_of_row, export_ids, "left")
    hi = np.searchsorted(export_of_row, export_ids, "right")
    unlinked = [int(e[4]) for e in exports]
    unlinked_sensitive = [int(e[5]) for e in exports]

    def group(key: str | None, members: list[int]) -> Group:
        rows = np.concatenate([np.arange(lo[j], hi[j]) for j in members]) if members else node[:0]
        u, us = sum(unlinked[j] for j in members), sum(unlinked_sensitive[j] for j in members)
        return Group(key, counter.count(rows) + u, counter.count(rows[sensitive[rows]]) + us, u)

    total = group(None, list(range(len(exports))))
    by: dict[str, tuple[Group, ...]] = {}
    for dimension, keys in _export_keys(exports).items():
        names = sorted(set(keys), key=lambda k: (k is None, k or ""))
        if len(names) == 1:  # one group holds every export: it is the total
            by[dimension] = (Group(names[0], total.persons, total.sensitive_persons, total.unlinked),)
            continue
        by[dimension] = tuple(group(name, [j for j, k in enumerate(keys) if k == name]) for name in names)
    crowded, largest = int((sizes > CROWDED_IDENTIFIERS).sum()), int(sizes.max())
    return PersonTally(total.persons, total.sensitive_persons, sum(unlinked), sum(unlinked_sensitive), by, crowded, largest)
