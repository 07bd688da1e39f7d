"""Distinct persons per processor and counting window.

A person is a connected component of identifiers: identifiers seen on one row belong to one person,
so a mobile-only export links to an ID export through any row that carried both. Rows with
personal information but no identifier (a name, an address) cannot be linked; each such row counts
as one person (the conservative reading near a legal threshold) and is reported separately.

Union-find in Python over keyed hashes is fine at skeleton scale; the full-pass, SQL-side version
comes with the counting issue.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator

from outbound.common.records import YearlyCounts
from outbound.warehouse.store import Warehouse


class PersonAccumulator:
    """Union-find over identifier hashes that keeps its totals as rows are added.

    Totals: components, components holding a sensitive row, and unlinked rows (no identifier).
    """

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._sensitive: dict[str, bool] = {}
        self._components = 0
        self._sensitive_components = 0
        self.unlinked = 0
        self._unlinked_sensitive = 0

    @property
    def persons(self) -> int:
        return self._components + self.unlinked

    @property
    def sensitive_persons(self) -> int:
        return self._sensitive_components + self._unlinked_sensitive

    def add_row(self, ids: list[str], sensitive: bool) -> None:
        if not ids:
            self.unlinked += 1
            self._unlinked_sensitive += int(sensitive)
            return
        for other in ids[1:]:
            self._union(ids[0], other)
        root = self._find(ids[0])
        if sensitive and not self._sensitive[root]:
            self._sensitive[root] = True
            self._sensitive_components += 1

    def _find(self, x: str) -> str:
        if x not in self._parent:
            self._parent[x], self._sensitive[x] = x, False
            self._components += 1
            return x
        root = x
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[x] != root:  # path compression
            self._parent[x], x = root, self._parent[x]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        self._parent[rb] = ra
        self._components -= 1
        if self._sensitive[ra] and self._sensitive[rb]:
            self._sensitive_components -= 1
        self._sensitive[ra] = self._sensitive[ra] or self._sensitive[rb]


def grouped_rows(rows: Iterable[tuple]) -> Iterator[tuple[tuple, list[str], bool]]:  # type: ignore[type-arg]
    """(…key, sensitive, id_hash) rows, ordered by key → (key, identifier hashes, sensitive) per row."""
    for key, group in itertools.groupby(rows, key=lambda r: r[:-2]):
        members = list(group)
        yield key, [r[-1] for r in members if r[-1] is not None], bool(members[0][-2])


def yearly_counts(
    wh: Warehouse, processor: str, year: int, *, window_start: dt.date | None = None
) -> tuple[YearlyCounts, int]:
    """The year's counts, and how many of the persons are unlinked rows without identifiers.

    The window runs from 1 January of `year` (or `window_start`, for a regime that counted from
    1 January of the previous year) to 31 December of `year`.
    """
    acc = PersonAccumulator()
    start = window_start or dt.date(year, 1, 1)
    for _, ids, sensitive in grouped_rows(wh.window_rows(processor, start, dt.date(year, 12, 31))):
        acc.add_row(ids, sensitive)
    counts = YearlyCounts(processor, year, persons=acc.persons, sensitive_persons=acc.sensitive_persons)
    return counts, acc.unlinked
