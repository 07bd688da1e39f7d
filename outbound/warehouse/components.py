"""Persons as connected components of identifiers, over the warehouse's per-processor node numbers.

Identifiers seen on one row are one person, so a person is a connected component of the graph
whose nodes are keyed identifiers and whose edges join identifiers of one row. The yearly count
is one `scipy.sparse.csgraph.connected_components` call; the running series (persons up to each
export date, linked with what was known by then) is an incremental union-find, vectorised per
export date with numpy rather than per identifier in Python.
"""

from __future__ import annotations

import numpy as np


def labels(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Component label of each node 0..n-1, given undirected edges a[i]-b[i]."""
    if len(a) == 0:
        return np.arange(n, dtype=np.int64)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    # float64 weights are what csgraph works on (int8 would be copied); weakly connected components
    # of the directed graph are the undirected ones without building its transpose (measured 25 % less)
    graph = csr_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    return connected_components(graph, directed=True, connection="weak")[1]


class DistinctCounter:
    """Distinct values among subsets of one array of labels, in time linear in the subset.

    `last[v]` remembers the position that wrote label v last; a position whose label still points
    at it is the one representative of that label in the subset. Positions are unique across
    calls, so nothing needs resetting between subsets.
    """

    def __init__(self, values: np.ndarray, size: int) -> None:
        self.values = values
        self.last = np.full(max(size, 1), -1, dtype=np.int64)

    def count(self, positions: np.ndarray) -> int:
        if len(positions) == 0:
            return 0
        v = self.values[positions]
        self.last[v] = positions
        return int(np.count_nonzero(self.last[v] == positions))


class RunningPersons:
    """Persons (and sensitive ones) as exports are added in date order: union-find in numpy.

    `parent` points towards a component's root; `sensitive_root[r]` says whether component r holds
    a sensitive occurrence. Each step unites the roots an export date's edges touch (a small
    connected-components problem over those roots) and counts merges instead of recounting.
    """

    def __init__(self, n: int) -> None:
        self.parent = np.arange(n, dtype=np.int64)
        self.seen = np.zeros(n, dtype=bool)
        self.sensitive_root = np.zeros(n, dtype=bool)
        self.persons = 0
        self.sensitive_persons = 0

    def find(self, x: np.ndarray) -> np.ndarray:
        root = self.parent[x]
        while True:
            up = self.parent[root]
            if np.array_equal(up, root):
                break
            root = up
        self.parent[x] = root  # path compression for the nodes asked about
        return root

    def add(self, nodes: np.ndarray, sensitive: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
        new = np.unique(nodes[~self.seen[nodes]])
        self.seen[new] = True
        self.persons += len(new)
        if len(a):
            self._unite(self.find(a), self.find(b))
        marked = np.unique(self.find(nodes[sensitive])) if sensitive.any() else nodes[:0]
        fresh = marked[~self.sensitive_root[marked]]
        self.sensitive_root[fresh] = True
        self.sensitive_persons += len(fresh)

    def _unite(self, ra: np.ndarray, rb: np.ndarray) -> None:
        apart = ra != rb
        if not apart.any():
            return
        roots, inverse = np.unique(np.concatenate([ra[apart], rb[apart]]), return_inverse=True)
        half = len(inverse) // 2
        label = labels(len(roots), inverse[:half], inverse[half:])
        count = int(label.max()) + 1
        rep = np.full(count, np.iinfo(np.int64).max)
        np.minimum.at(rep, label, roots)
        was_sensitive = self.sensitive_root[roots]
        now_sensitive = np.zeros(count, dtype=bool)
        np.logical_or.at(now_sensitive, label, was_sensitive)
        self.persons -= len(roots) - count
        self.sensitive_persons += int(now_sensitive.sum()) - int(was_sensitive.sum())
        self.parent[roots] = rep[label]
        self.sensitive_root[rep] = now_sensitive
