"""Confidence bounds for shares estimated from a sample (exact binomial, Clopper-Pearson).

The agency must be able to defend its sample size: with k of n sampled rows showing something,
the one-sided upper bound at confidence c is the c-quantile of Beta(k + 1, n - k). With k = 0 it
is 1 - (1 - c)^(1/n) — "none in 299 rows" bounds the share below 1 % at 95 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Share:
    k: int
    n: int
    point: float
    upper: float  # one-sided upper bound at `confidence`
    confidence: float
    exact: bool  # the sample is the whole file: no sampling error

    def to_json(self) -> dict[str, object]:
        return {"rows": self.k, "of_sampled": self.n, "share": round(self.point, 6),
                "upper_bound": round(self.upper, 6), "confidence": self.confidence,
                "method": "whole file, exact" if self.exact else "Clopper-Pearson, one-sided"}


def upper_bound(k: int, n: int, confidence: float) -> float:
    if not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    if n == 0 or k == n:
        return 1.0
    from scipy.stats import beta

    return float(beta.ppf(confidence, k + 1, n - k))


def share(k: int, n: int, confidence: float, population: int | None = None) -> Share:
    """k of n sampled rows; when n covers the whole population the share is exact."""
    exact = population is not None and n >= population
    point = k / n if n else 0.0
    return Share(k, n, point, point if exact else upper_bound(k, n, confidence), confidence, exact)


def rows_needed(target: float, confidence: float) -> int:
    """Smallest n for which finding nothing bounds the share below `target`."""
    if not 0 < target < 1:
        raise ValueError(f"target share must be in (0, 1), got {target}")
    return math.ceil(math.log(1 - confidence) / math.log(1 - target))
