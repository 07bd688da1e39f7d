"""Ages and birth dates: the under-14 line of PIPL Art. 28 lives in rules, the arithmetic here."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbound.classifiers import birth_date_from_resident_id, is_minor, parse_birth_date
from outbound.identifiers.birthdates import (
    date_may_be_minor,
    is_date_at_midnight,
    minor_cutoff,
    resident_id_may_be_minor,
)
from outbound.regulation.rules import entities

D = dt.date


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        pytest.param(D(2012, 3, 2), D(2026, 3, 1), True, id="13y364d-minor"),
        pytest.param(D(2012, 3, 1), D(2026, 3, 1), False, id="14th-birthday-not-minor"),
        pytest.param(D(2012, 3, 1), D(2026, 2, 28), True, id="day-before-14th-birthday"),
        pytest.param(D(2012, 2, 29), D(2026, 2, 28), True, id="feb29-common-year-feb28-still-13"),
        pytest.param(D(2012, 2, 29), D(2026, 3, 1), False, id="feb29-common-year-mar1-is-14"),
        pytest.param(D(2014, 2, 28), D(2028, 2, 29), False, id="feb28-birthday-in-leap-year"),
        pytest.param(D(2016, 2, 29), D(2030, 2, 28), True, id="feb29-born-leap-14th-in-2030-not-yet"),
        pytest.param(D(1990, 1, 1), D(2026, 3, 1), False, id="adult"),
        pytest.param(D(2026, 3, 1), D(2026, 3, 1), True, id="born-today"),
    ],
)
def test_when_birth_and_date_then_minor_as_tabled(birth: dt.date, on: dt.date, expected: bool) -> None:
    assert is_minor(birth, on, 14) is expected


def test_when_age_line_read_from_rules_then_it_is_14() -> None:
    assert entities(D(2026, 3, 1)).minor_age_below == 14


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("11010520120302002X", D(2012, 3, 2), id="valid"),
        pytest.param("110105 20120302 002x", D(2012, 3, 2), id="grouped-lowercase"),
        pytest.param("110105201202300021", None, id="feb-30"),
        pytest.param("11010520120302002", None, id="17-chars"),
        pytest.param("1101052012030200AX", None, id="letter-in-body"),
    ],
)
def test_when_resident_id_then_birth_date_as_tabled(value: str, expected: dt.date | None) -> None:
    assert birth_date_from_resident_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2015-03-04", D(2015, 3, 4), id="iso"),
        pytest.param("2015/3/4", D(2015, 3, 4), id="slashes-short"),
        pytest.param("2015.03.04", D(2015, 3, 4), id="dots"),
        pytest.param("20150304", D(2015, 3, 4), id="compact"),
        pytest.param("2015年3月4日", D(2015, 3, 4), id="han"),
        pytest.param("2015年03月04", D(2015, 3, 4), id="han-without-ri"),
        pytest.param(" 2015-03-04 00:00:00", D(2015, 3, 4), id="spreadsheet-datetime"),
        pytest.param("2015-03-04 08:00:00.000+0800", D(2015, 3, 4), id="zoned-timestamp-column"),
        pytest.param("2015-03-04T00:00:00Z", D(2015, 3, 4), id="utc-designator"),
        pytest.param("2015-03-04 00:00:00+00", D(2015, 3, 4), id="duckdb-timestamptz"),
        pytest.param("2015-03-03 16:00:00Z", D(2015, 3, 4), id="beijing-midnight-shown-in-utc"),
        pytest.param("2015-03-03 19:00:00-05", D(2015, 3, 4), id="utc-midnight-shown-elsewhere"),
        pytest.param("2015-03-04 13:45:00+08:00", D(2015, 3, 4), id="another-time-reads-as-written"),
        pytest.param("2015-03-04+0800", None, id="zone-without-time"),
        pytest.param("04/03/2015", D(2015, 3, 4), id="day-first-slashes"),
        pytest.param("4.3.2015", D(2015, 3, 4), id="day-first-dots-short"),
        pytest.param("03/31/2015", D(2015, 3, 31), id="month-first-when-the-day-cannot-be-one"),
        pytest.param("31/13/2015", None, id="neither-day-nor-month-first"),
        pytest.param("04/03.2015", None, id="day-first-mixed-separators"),
        pytest.param("2015-02-29", None, id="feb29-common-year"),
        pytest.param("2015-3/4", None, id="mixed-separators"),
        pytest.param("20260301123045", None, id="timestamp-14-digits"),
        pytest.param("出生于2015-03-04", None, id="embedded-in-text"),
        pytest.param("", None, id="empty"),
    ],
)
def test_when_date_text_then_parsed_as_tabled(value: str, expected: dt.date | None) -> None:
    assert parse_birth_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-03-04", True),
        ("20150304", True),
        ("04/03/2015", True),  # day first
        ("2015-03-04 00:00:00", True),
        ("2015-03-04 08:00:00.000+0800", True),  # UTC midnight in Beijing time
        ("2015-03-03 16:00:00Z", True),  # Beijing midnight in UTC
        ("2015-03-04 00:00:00+08:00", True),
        ("2015-03-04 13:45:00", False),
        ("2015-03-04 08:00:00", False),  # no zone: 08:00 is a time of day
        ("2015-03-04 08:00:00+0900", False),  # midnight in neither zone
        ("2015-03-04 00:00:00.250", False),
        ("订单2015-03-04", False),
    ],
)
def test_when_a_date_carries_a_time_then_only_a_midnight_is_a_date(value: str, expected: bool) -> None:
    assert is_date_at_midnight(value) is expected


def test_when_a_zoned_timestamp_column_holds_dates_then_the_dob_recognizer_accepts_it() -> None:
    from outbound.classifiers.recognizers.date_of_birth import DateOfBirthRecognizer

    recognizer = DateOfBirthRecognizer()
    assert recognizer.validate_result("2016-03-03 08:00:00.000+0800") is None  # not rejected: a header decides
    assert recognizer.validate_result("2016-03-03 09:30:00.000+0800") is False


@given(st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
       st.integers(1, 20))
def test_when_birth_dates_are_compared_as_text_then_minors_are_those_after_the_cutoff(
    birth: dt.date, on: dt.date, age_below: int
) -> None:
    assert is_minor(birth, on, age_below) == (f"{birth:%Y%m%d}" > minor_cutoff(on, age_below))


@given(st.text(alphabet="0123456789Xx -１", min_size=6, max_size=6), st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
       st.text(alphabet="0123456789Xx -", min_size=4, max_size=4), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
def test_when_a_resident_id_is_ruled_out_as_a_minors_by_its_digits_then_its_birth_date_agrees(
    region: str, birth: dt.date, tail: str, on: dt.date
) -> None:
    value, cutoff = f"{region}{birth:%Y%m%d}{tail}", minor_cutoff(on, 14)
    read = birth_date_from_resident_id(value)
    if read is not None and is_minor(read, on, 14):
        assert resident_id_may_be_minor(value, cutoff)


def test_when_a_childs_resident_id_is_seen_then_it_may_be_a_minors() -> None:
    on = dt.date(2026, 3, 1)
    assert resident_id_may_be_minor("110101201503071234", minor_cutoff(on, 14))
    assert not resident_id_may_be_minor("110101199003071234", minor_cutoff(on, 14))


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y", "%Y年%m月%d日",
                 "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S+0800", "%Y-%m-%d %H:%M:%S-0500")


@given(st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2030, 12, 31)), st.sampled_from(_DATE_FORMATS),
       st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), st.integers(1, 20))
def test_when_a_date_is_ruled_out_as_a_minors_by_its_year_then_its_parse_agrees(
    moment: dt.datetime, fmt: str, on: dt.date, age_below: int
) -> None:
    value = moment.strftime(fmt)
    born = parse_birth_date(value)
    if born is not None and is_minor(born, on, age_below):
        assert date_may_be_minor(value, minor_cutoff(on, age_below)), value


@given(st.text(alphabet="0123456789-/. T:+Z", min_size=8, max_size=12))
def test_when_a_date_is_read_without_the_regex_then_it_is_the_regexs_reading(text: str) -> None:
    from outbound.identifiers.birthdates import _parse_written

    assert parse_birth_date(text) == _parse_written(text.strip())


@given(st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 31)), st.sampled_from("-/."))
def test_when_a_date_is_spelt_with_separators_then_it_reads_back(day: dt.date, sep: str) -> None:
    assert parse_birth_date(f"{day.year:04d}{sep}{day.month:02d}{sep}{day.day:02d}") == day
