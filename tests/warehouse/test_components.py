"""Component labels over identifier nodes agree with a plain union-find, whatever the edge order."""

from __future__ import annotations

import random

import numpy as np

from outbound.warehouse.components import labels


def _reference(n: int, edges: list[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    return [find(x) for x in range(n)]


def _same_partition(x: list[int] | np.ndarray, y: list[int] | np.ndarray) -> bool:
    pairs = set(zip((int(v) for v in x), (int(v) for v in y), strict=True))
    return len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})


def test_when_edges_point_either_way_then_components_are_the_undirected_ones():
    rng = random.Random(1)
    for n in (1, 2, 7, 50, 400):
        edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randrange(0, n + 1))]
        a = np.array([e[0] for e in edges], dtype=np.int64)
        b = np.array([e[1] for e in edges], dtype=np.int64)
        got = labels(n, a, b)
        assert len(got) == n
        assert _same_partition(got, _reference(n, edges)), n


def test_when_a_chain_is_given_backwards_then_it_is_still_one_component():
    a, b = np.array([3, 2, 1]), np.array([2, 1, 0])  # edges only ever point down: weak links
    assert len(set(labels(5, a, b)[:4].tolist())) == 1
    assert labels(5, a, b)[4] != labels(5, a, b)[0]
