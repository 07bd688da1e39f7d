"""Header normalisation and hint lookup against rules/headers."""

from __future__ import annotations

import datetime as dt

import pytest

from outbound.classifiers.headers import hinted_entities
from outbound.common.naming import normalise_header
from outbound.common.rules import headers

RULES = headers(dt.date(2026, 3, 1))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("ID_No", "idno", id="underscore-case"),
        pytest.param("Mobile-Phone", "mobilephone", id="hyphen"),
        pytest.param(" 身份证 号 ", "身份证号", id="han-with-spaces"),
        pytest.param("guest.id_no", "idno", id="dotted-last-segment"),
        pytest.param("guest.", "guest", id="trailing-dot"),
        pytest.param(7, "7", id="non-string"),
    ],
)
def test_when_header_then_normalised_as_tabled(header: object, expected: str) -> None:
    assert normalise_header(header) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("身份证号", ("CN_RESIDENT_ID",), id="han-contains"),
        pytest.param("ID_NO", ("CN_RESIDENT_ID",), id="english-exact"),
        pytest.param("sfzh", ("CN_RESIDENT_ID",), id="pinyin-initials"),
        pytest.param("guest.id_no", ("CN_RESIDENT_ID",), id="nested"),
        pytest.param("phone", ("CN_MOBILE", "PHONE_NUMBER"), id="phone-hints-two-in-file-order"),
        pytest.param("联系电话", ("CN_MOBILE", "PHONE_NUMBER"), id="han-phone"),
        pytest.param(
            "客户IP地址", ("ADDRESS", "IP_ADDRESS"), id="hint-entry-normalised-too-and-地址-also-hints"
        ),
        pytest.param("c01", (), id="obfuscated"),
        pytest.param("order_no", (), id="order-number"),
        pytest.param("idnumbers", (), id="exact-means-whole-header"),
        pytest.param("", (), id="empty"),
    ],
)
def test_when_header_then_hints_as_tabled(header: str, expected: tuple[str, ...]) -> None:
    assert hinted_entities(header, RULES) == expected
