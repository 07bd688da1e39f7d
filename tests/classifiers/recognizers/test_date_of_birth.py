"""DATE_OF_BIRTH: any real date 1900-01-01..today in the common spellings, always needing a header."""

from __future__ import annotations

import datetime as dt

import pytest
from faker import Faker

from outbound.classifiers.recognizers import DateOfBirthRecognizer

from .tables import found, verdict

REC = DateOfBirthRecognizer()
TOMORROW = dt.date.today() + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("1990-01-02", "header", id="iso"),
        pytest.param("1990/1/2", "header", id="slashes-short"),
        pytest.param("1990.01.02", "header", id="dots"),
        pytest.param("1990年1月2日", "header", id="han"),
        pytest.param("1990年01月02", "header", id="han-without-ri"),
        pytest.param("19900102", "header", id="compact"),
        pytest.param("1990-01-02 00:00:00", "header", id="spreadsheet-midnight"),
        pytest.param("1900-01-01", "header", id="earliest"),
        pytest.param(dt.date.today().isoformat(), "header", id="today"),
        pytest.param(TOMORROW.isoformat(), "no", id="tomorrow"),
        pytest.param("1899-12-31", "no", id="before-1900"),
        pytest.param("1990-02-30", "no", id="february-30"),
        pytest.param("19901302", "no", id="month-13"),
        pytest.param("1990-01/02", "no", id="mixed-separators"),
        pytest.param("2024-05-01 12:30:00", "no", id="timestamp"),
        pytest.param("1714540800", "no", id="unix-timestamp"),
        pytest.param("12345.67", "no", id="amount"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("出生日期：1990年1月2日，籍贯", [("1990年1月2日", "header")], id="han-in-text"),
        pytest.param("生于1985-07-15。", [("1985-07-15", "header")], id="iso-in-text"),
        pytest.param("下单2024-05-01 12:30:00", [], id="timestamp-in-text"),
        pytest.param("版本v1990.01.02", [], id="glued-to-letter"),
    ],
)
def test_when_text_then_dates_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


def test_when_faker_birth_dates_then_always_header_only() -> None:
    fake = Faker("zh_CN")
    fake.seed_instance(120)
    for _ in range(300):
        born = fake.date_of_birth(minimum_age=0, maximum_age=110)
        for cell in (born.isoformat(), f"{born:%Y%m%d}", f"{born.year}年{born.month}月{born.day}日"):
            assert verdict(REC, cell) == "header", cell


def test_when_declared_then_no_value_decides_alone() -> None:
    assert DateOfBirthRecognizer.NEEDS_HEADER
