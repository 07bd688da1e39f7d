"""Clopper-Pearson bounds, checked against the binomial distribution they invert."""

from __future__ import annotations

import pytest
from scipy.stats import binom

from outbound.expectations.bounds import rows_needed, share, upper_bound


@pytest.mark.parametrize(("k", "n"), [(0, 50), (0, 299), (3, 100), (17, 181), (99, 100)])
def test_when_the_upper_bound_is_the_true_share_then_seeing_k_or_fewer_has_probability_5_percent(k, n):
    p = upper_bound(k, n, 0.95)
    assert binom.cdf(k, n, p) == pytest.approx(0.05, abs=1e-9)
    assert p > k / n


def test_when_nothing_is_found_in_299_rows_then_the_share_is_below_1_percent_and_298_is_not_enough():
    assert upper_bound(0, 299, 0.95) < 0.01 < upper_bound(0, 298, 0.95)
    assert rows_needed(0.01, 0.95) == 299


def test_when_the_sample_is_the_whole_file_then_the_share_is_exact():
    s = share(8, 181, 0.95, population=181)
    assert s.exact and s.upper == s.point == 8 / 181
    assert not share(8, 181, 0.95, population=5000).exact


def test_when_k_exceeds_n_then_it_is_refused():
    with pytest.raises(ValueError):
        upper_bound(5, 4, 0.95)
