"""Distinct persons per processor and calendar year.

A person is a connected component of identifiers: identifiers seen on one row belong to one person,
so a mobile-only export links to an ID export through any row that carried both. Rows with
personal information but no identifier (a name, an address) cannot be linked; each such row counts
as one person (the conservative reading near a legal threshold) and is reported separately.

Union-find in Python over keyed hashes is fine at skeleton scale; the full-pass, SQL-side version
comes with the counting issue.
"""

from __future__ import annotations

import datetime as dt

from outbound.common.records import YearlyCounts
from outbound.warehouse.store import Warehouse


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent.setdefault(x, x)
        root = x
        while parent != root:
            root, parent = parent, self.parent[parent]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def yearly_counts(
    wh: Warehouse, processor: str, year: int, *, window_start: dt.date | None = None
) -> tuple[YearlyCounts, int]:
    """The year's counts, and how many of the persons are unlinked rows without identifiers.

    The window runs from 1 January of `year` (or `window_start`, for a regime that counted from
    1 January of the previous year) to 31 December of `year`.
    """
    uf = _UnionFind()
    sensitive_ids: set[str] = set()
    unlinked = unlinked_sensitive = 0
    current: tuple[str, int] | None = None
    row_ids: list[str] = []
    row_sensitive = False

    def close_row() -> None:
        nonlocal unlinked, unlinked_sensitive
        if current is None:
            return
        if not row_ids:
            unlinked += 1
            unlinked_sensitive += int(row_sensitive)
            return
        first = row_ids[0]
        uf.find(first)
        for other in row_ids[1:]:
            uf.union(first, other)
        if row_sensitive:
            sensitive_ids.add(first)

    start = window_start or dt.date(year, 1, 1)
    for sha, row_no, sensitive, id_hash in wh.window_rows(processor, start, dt.date(year, 12, 31)):
        if (sha, row_no) != current:
            close_row()
            current, row_ids, row_sensitive = (sha, row_no), [], bool(sensitive)
        if id_hash is not None:
            row_ids.append(id_hash)
    close_row()

    roots = {uf.find(x) for x in list(uf.parent)}
    sensitive_roots = {uf.find(x) for x in sensitive_ids}
    counts = YearlyCounts(
        processor=processor,
        year=year,
        persons=len(roots) + unlinked,
        sensitive_persons=len(sensitive_roots) + unlinked_sensitive,
    )
    return counts, unlinked
