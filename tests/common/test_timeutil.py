from __future__ import annotations

import datetime as dt

import pytest

from outbound.common.timeutil import date_in_path, export_day, shanghai_date


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        (dt.datetime(2025, 12, 31, 15, 59, tzinfo=dt.UTC), dt.date(2025, 12, 31)),
        (dt.datetime(2025, 12, 31, 16, 0, tzinfo=dt.UTC), dt.date(2026, 1, 1)),
    ],
    ids=["31-Dec-23:59-Shanghai", "1-Jan-00:00-Shanghai"],
)
def test_when_a_moment_straddles_new_year_then_shanghai_calendar_decides(utc, expected):
    assert shanghai_date(utc) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [("exports/2026-03-01/a.csv", dt.date(2026, 3, 1)), ("x/2026-02-30/a.csv", None), ("a_20260301.csv", None)],
    ids=["iso-folder", "impossible-date", "compact-not-iso"],
)
def test_when_a_path_holds_an_iso_date_then_it_is_found(path, expected):
    assert date_in_path(path) == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-12-31", dt.date(2026, 12, 31)),
        ("2026-12-31T23:59:59", dt.date(2026, 12, 31)),  # no offset: Shanghai time
        ("2026-12-31T23:59:59+08:00", dt.date(2026, 12, 31)),
        ("2026-12-31T16:00:00Z", dt.date(2027, 1, 1)),  # 00:00 on 1 January in Shanghai
        ("2026-12-31T15:59:59Z", dt.date(2026, 12, 31)),
        ("2027-01-01T00:30:00+09:00", dt.date(2026, 12, 31)),  # 23:30 in Shanghai
    ],
)
def test_when_an_export_moment_is_given_then_its_shanghai_date_counts(text: str, day: dt.date):
    assert export_day(text) == day


def test_when_an_export_date_is_unreadable_then_the_error_says_what_is_accepted():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        export_day("03/01/2026")
