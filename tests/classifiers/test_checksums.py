"""MOD 11-2 and Luhn, pinned against python-stdnum as an independent oracle."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import stdnum.cn.ric
import stdnum.luhn

from outbound.classifiers.checksums import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    luhn_check_digit,
    luhn_is_valid,
    ric_check_digit,
    ric_is_valid,
    ric_validate,
)

from .synthetic import card, resident_id, wrong_check

TODAY = dt.date(2026, 3, 1)
KNOWN = "11010519491231002X"  # the worked example of GB 11643-1999 (a fictional person)


def test_when_many_random_first17_then_check_digit_equals_stdnum() -> None:
    rng = random.Random(1)
    for _ in range(2000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        assert ric_check_digit(first17) == stdnum.cn.ric.calc_check_digit(first17 + "0")


def test_when_generated_ids_then_stdnum_agrees_they_are_valid() -> None:
    rng = random.Random(2)
    for _ in range(300):
        value = resident_id(rng)
        assert ric_is_valid(value, today=TODAY)
        assert stdnum.cn.ric.is_valid(value)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        pytest.param(KNOWN, True, id="gb11643-example"),
        pytest.param(KNOWN.lower(), True, id="lowercase-x"),
        pytest.param("110105 19491231 002X", True, id="spaces-6-8-4"),
        pytest.param("110105-19491231-002X", True, id="hyphens-6-8-4"),
        pytest.param(wrong_check(KNOWN), False, id="wrong-check-digit"),
        pytest.param(KNOWN[:-1], False, id="17-chars"),
        pytest.param(KNOWN + "1", False, id="19-chars"),
        pytest.param("01010519491231002" + ric_check_digit("01010519491231002"), False, id="region-starts-0"),
        pytest.param("11010519490230002" + ric_check_digit("11010519490230002"), False, id="feb-30"),
        pytest.param("11010518991231002" + ric_check_digit("11010518991231002"), False, id="born-1899"),
        pytest.param(
            "11010520260302002" + ric_check_digit("11010520260302002"), False, id="born-after-today"
        ),
        pytest.param("11010520260301002" + ric_check_digit("11010520260301002"), True, id="born-today"),
        pytest.param(
            "99010519491231002" + ric_check_digit("99010519491231002"), True, id="unknown-region-kept"
        ),
        pytest.param("1101051949123100XX", False, id="x-inside"),
        pytest.param("", False, id="empty"),
    ],
)
def test_when_resident_id_then_validity_as_tabled(value: str, valid: bool) -> None:
    assert ric_is_valid(value, today=TODAY) is valid


@pytest.mark.parametrize(
    ("value", "error"),
    [
        pytest.param("1101051949", InvalidLength, id="short"),
        pytest.param("11010519491231A02X", InvalidFormat, id="letter"),
        pytest.param(
            "11010519491331002" + ric_check_digit("11010519491331002"), InvalidComponent, id="month-13"
        ),
        pytest.param(wrong_check(KNOWN), InvalidChecksum, id="checksum"),
    ],
)
def test_when_resident_id_invalid_then_validate_names_the_failure(value: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        ric_validate(value, today=TODAY)


def test_when_unknown_region_then_stdnum_rejects_but_we_accept() -> None:
    value = "99010519491231002" + ric_check_digit("99010519491231002")
    assert not stdnum.cn.ric.is_valid(value)
    assert ric_is_valid(value, today=TODAY)


def test_when_random_digit_strings_then_luhn_equals_stdnum() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 20)))
        assert luhn_is_valid(digits) is stdnum.luhn.is_valid(digits)
        assert luhn_check_digit(digits) == stdnum.luhn.calc_check_digit(digits)


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        pytest.param(card(random.Random(4)), True, id="generated-card"),
        pytest.param("4111111111111111", True, id="visa-test-number"),
        pytest.param("4111111111111112", False, id="off-by-one"),
        pytest.param("", False, id="empty"),
        pytest.param("4111 1111 1111 1111", False, id="separators-not-compacted"),
        pytest.param("４１１１", False, id="fullwidth-digits"),
    ],
)
def test_when_luhn_input_then_validity_as_tabled(digits: str, valid: bool) -> None:
    assert luhn_is_valid(digits) is valid
