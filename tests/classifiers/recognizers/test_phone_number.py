"""PHONE_NUMBER: landlines and foreign numbers that libphonenumber holds valid; never mainland mobiles."""

from __future__ import annotations

import random
from collections.abc import Callable

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType

from outbound.classifiers.recognizers import PhoneNumberRecognizer

from ..synthetic import amount, mobile, sku, timestamp
from .generators import foreign, landline
from .tables import found, verdict

REC = PhoneNumberRecognizer()
MOB = mobile(random.Random(50))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("010-12345678", "value", id="beijing-hyphen"),
        pytest.param("0755 8888 1234", "value", id="shenzhen-spaces"),
        pytest.param("(021)12345678", "value", id="brackets"),
        pytest.param("（021）12345678", "value", id="fullwidth-brackets"),
        pytest.param("021-1234-5678", "value", id="grouped-4-4"),
        pytest.param("010-12345678转8001", "value", id="extension-zhuan"),
        pytest.param("+86 10 12345678", "value", id="plus86-landline"),
        pytest.param("0086-10-12345678", "value", id="0086-landline"),
        pytest.param("+852 2345 6789", "value", id="hong-kong"),
        pytest.param("+85223456789", "value", id="hong-kong-compact"),
        pytest.param("+1 (201) 555-0123", "value", id="us-brackets"),
        pytest.param("+44 20 7946 0958", "value", id="uk"),
        pytest.param("00852 2345 6789", "value", id="00-international"),
        pytest.param("02112345678", "header", id="bare-national-digits"),
        pytest.param("(201) 555-0123", "header", id="nanp-without-country-code"),
        pytest.param("010-1234567", "no", id="beijing-too-short"),
        pytest.param("010-123456789", "no", id="beijing-too-long"),
        pytest.param(MOB, "no", id="mainland-mobile"),
        pytest.param(f"+86 {MOB}", "no", id="mainland-mobile-plus86"),
        pytest.param("400-810-8888", "no", id="hotline-400"),
        pytest.param("800-810-8888", "no", id="toll-free-800"),
        pytest.param("1714540800", "no", id="unix-timestamp"),
        pytest.param("2024-05-01 12:30:00", "no", id="datetime"),
        pytest.param("12345.67", "no", id="amount"),
        pytest.param("12345678", "no", id="local-number-without-area-code"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "前台电话010-12345678，传真010-87654321",
            [("010-12345678", "value"), ("010-87654321", "value")],
            id="two-in-chinese",
        ),
        pytest.param("香港办事处+852 2345 6789转分机", [("+852 2345 6789", "value")], id="hong-kong-in-text"),
        pytest.param(f"手机{MOB}", [], id="mobile-in-text"),
        pytest.param("订单号A010-12345678", [], id="glued-to-letter"),
    ],
)
def test_when_text_then_phones_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


@pytest.mark.parametrize("sep", ["-", " "])
def test_when_landlines_valid_for_libphonenumber_then_decided_with_separator_and_header_only_bare(
    sep: str,
) -> None:
    rng = random.Random(51)
    for _ in range(200):
        national = landline(rng)
        area_len = 3 if national[1] in "12" else 4
        assert verdict(REC, national[:area_len] + sep + national[area_len:]) == "value", national
        assert verdict(REC, national) == "header", national


@pytest.mark.parametrize("region", ["HK", "MO", "TW", "US", "GB", "JP", "SG", "DE", "AU"])
def test_when_foreign_numbers_in_international_format_then_decided_by_value(region: str) -> None:
    rng = random.Random(52)
    for _ in range(50):
        value = foreign(rng, region)
        assert verdict(REC, value) == "value", value


def test_when_random_candidates_then_verdict_agrees_with_libphonenumber() -> None:
    """Random 0-prefixed digit strings, written 0AA-NNNNNNNN: ours iff the oracle says a valid landline."""
    rng = random.Random(53)
    for _ in range(1000):
        area = "0" + str(rng.randrange(10, 1000))
        rest = str(rng.randrange(10**6, 10**8))
        number = phonenumbers.parse(area + rest, "CN")
        expected = phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
            PhoneNumberType.FIXED_LINE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        if len(rest) < 7 and expected:  # outside our 3-4 + 4 digit shape: not claimed either way
            continue
        assert (verdict(REC, f"{area}-{rest}") == "value") is expected, f"{area}-{rest}"


@pytest.mark.parametrize(
    "make", [sku, amount, timestamp, mobile], ids=["sku", "amount", "timestamp", "mobile"]
)
def test_when_decoy_then_never_decided_by_value(make: Callable[[random.Random], str]) -> None:
    rng = random.Random(54)
    for _ in range(300):
        value = make(rng)
        assert verdict(REC, value) != "value", value
