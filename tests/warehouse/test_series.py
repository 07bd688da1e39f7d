"""The cumulative series ("when did we cross 100,000?") and the projection at the current pace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from outbound.regulation.pace import crossing_date, projected_date, values
from outbound.warehouse import open_warehouse
from outbound.warehouse.series import cumulative_series
from tests.warehouse.test_persons import _record


@pytest.fixture
def wh(tmp_path: Path):
    w = open_warehouse(tmp_path / "w.duckdb")
    yield w
    w.close()


def test_when_persons_recur_and_link_later_then_the_series_counts_each_once(wh):
    _record(wh, "a", dt.date(2026, 1, 5), [([("CN_MOBILE", "m1")], False), ([("CN_MOBILE", "m2")], False)])
    _record(wh, "b", dt.date(2026, 2, 1), [([("CN_MOBILE", "m1"), ("EMAIL_ADDRESS", "e1")], True)])
    _record(wh, "c", dt.date(2026, 3, 1), [([("EMAIL_ADDRESS", "e1")], False), ([("EMAIL_ADDRESS", "e3")], False)])
    points = cumulative_series(wh, "p", 2026)
    assert [(p.day.month, p.persons, p.sensitive_persons) for p in points] == [(1, 2, 0), (2, 2, 1), (3, 3, 1)]


def test_when_two_sensitive_persons_turn_out_to_be_one_then_sensitive_count_merges(wh):
    _record(wh, "a", dt.date(2026, 1, 5), [([("CN_MOBILE", "m1")], True), ([("EMAIL_ADDRESS", "e1")], True)])
    _record(wh, "b", dt.date(2026, 1, 6), [([("CN_MOBILE", "m1"), ("EMAIL_ADDRESS", "e1")], False)])
    points = cumulative_series(wh, "p", 2026)
    assert [(p.persons, p.sensitive_persons) for p in points] == [(2, 2), (1, 1)]


@pytest.mark.parametrize(
    ("series", "line", "expected"),
    [
        ([(dt.date(2026, 1, 10), 10)], 20, dt.date(2026, 1, 20)),
        ([(dt.date(2026, 1, 10), 10)], 10, dt.date(2026, 1, 10)),
        ([(dt.date(2026, 12, 1), 10)], 100, None),
        ([(dt.date(2026, 1, 10), 0)], 1, None),
        ([], 1, None),
        ([(dt.date(2026, 11, 24), 1)], 1_000_000, None),  # 1 person by late November: past year 9999
        ([(dt.date(2026, 12, 30), 1)], 2, None),
        ([(dt.date(2026, 12, 30), 364)], 365, dt.date(2026, 12, 31)),  # the last day still counts
    ],
    ids=["doubling-pace", "already-reached-inclusive", "beyond-year-end-resets", "no-pace", "no-data",
         "beyond-any-date", "one-day-short", "on-the-last-day"],
)
def test_when_projecting_at_the_current_pace_then_date_or_none(series, line, expected):
    assert projected_date(series, line) == expected


def test_when_projecting_as_of_a_later_day_then_the_pace_runs_to_that_day_and_the_date_follows_it():
    """8,000 by 1 March, asked on 30 June: the pace is 8,000 in 181 days, so 10,000 comes in
    46 more days (never a date before the day asked about)."""
    series = [(dt.date(2026, 3, 1), 8000)]
    assert projected_date(series, 10_000, dt.date(2026, 6, 30)) == dt.date(2026, 6, 30) + dt.timedelta(days=46)
    assert projected_date(series, 10_000) == dt.date(2026, 3, 16)  # as of the last export: 60 days → 15 more


def test_when_projecting_as_of_an_earlier_day_then_later_exports_do_not_count():
    series = [(dt.date(2026, 1, 10), 10), (dt.date(2026, 3, 1), 30)]
    assert projected_date(series, 30, dt.date(2026, 2, 1)) == dt.date(2026, 2, 1) + dt.timedelta(days=2 * 32)
    assert projected_date(series, 30, dt.date(2026, 3, 5)) == dt.date(2026, 3, 1)  # reached by then


def test_when_the_line_was_crossed_then_the_crossing_date_is_the_first_at_or_above():
    series = [(dt.date(2026, 1, 1), 5), (dt.date(2026, 2, 1), 10), (dt.date(2026, 3, 1), 12)]
    assert crossing_date(series, 10) == dt.date(2026, 2, 1)


def test_when_reading_the_non_sensitive_counter_then_sensitive_persons_are_excluded(wh):
    _record(wh, "a", dt.date(2026, 1, 5), [([("CN_MOBILE", "m1")], True), ([("CN_MOBILE", "m2")], False)])
    assert values(cumulative_series(wh, "p", 2026), "pi_non_sensitive_persons") == [(dt.date(2026, 1, 5), 1)]
