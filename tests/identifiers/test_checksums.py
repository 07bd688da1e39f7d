"""MOD 11-2 and Luhn, pinned against python-stdnum as an independent oracle."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import stdnum.cn.ric
import stdnum.cn.uscc
import stdnum.luhn

from outbound.identifiers.checksums import (
    USCC_ALPHABET,
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    luhn_check_digit,
    luhn_is_valid,
    org_code_check_char,
    ric15_plausible,
    ric_check_digit,
    ric_is_valid,
    ric_validate,
    uscc_check_char,
    uscc_is_valid,
    uscc_validate,
)
from tests.classifiers.synthetic import card, resident_id, wrong_check

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


def test_when_many_random_first17_then_uscc_check_char_equals_stdnum() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        first17 = "".join(rng.choice("0123456789") for _ in range(8)) + "".join(
            rng.choice(USCC_ALPHABET) for _ in range(9)
        )
        assert uscc_check_char(first17) == stdnum.cn.uscc.calc_check_digit(first17)


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        # Codes as published by their organisations; stdnum's example first.
        pytest.param("91110000600037341L", True, id="stdnum-example"),
        pytest.param("9144030071526726XG", True, id="org-check-x"),
        pytest.param("91310000MA1FW1BXX2", True, id="ma-organisation-code"),
        pytest.param("91440300MA5DLQQW0F", True, id="org-check-0"),
        pytest.param("91 110000 600037341L", True, id="spaces"),
        pytest.param("91110000600037341M", False, id="mod31-wrong"),
        pytest.param("91110000600037351L", False, id="org-code-digit-changed"),
        pytest.param("91010000600037341L", False, id="province-01"),
        pytest.param("9111000060003734IL", False, id="letter-i"),
        pytest.param("91110000600037341", False, id="17-chars"),
    ],
)
def test_when_uscc_then_validity_as_tabled(code: str, valid: bool) -> None:
    assert uscc_is_valid(code) is valid


@pytest.mark.parametrize(
    ("code", "error"),
    [
        pytest.param("9111000060003734", InvalidLength, id="short"),
        pytest.param("91A10000600037341L", InvalidFormat, id="letter-in-region"),
        pytest.param("91010000600037341L", InvalidComponent, id="province"),
        pytest.param("91110000600037351L", InvalidChecksum, id="org-check"),
        pytest.param("91110000600037341M", InvalidChecksum, id="mod31"),
    ],
)
def test_when_uscc_invalid_then_validate_names_the_failure(code: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        uscc_validate(code)


@pytest.mark.parametrize(
    ("first8", "check"),
    [("60003734", "1"), ("71526726", "X"), ("MA1FW1BX", "X"), ("MA5DLQQW", "0"), ("71610585", "2")],
)
def test_when_organisation_code_then_gb11714_check_char_as_published(first8: str, check: str) -> None:
    assert org_code_check_char(first8) == check


@pytest.mark.parametrize(
    ("value", "plausible"),
    [
        pytest.param("340524800101001", True, id="old-id"),
        pytest.param("340524800229001", True, id="leap-day-1980"),
        pytest.param("340524810229001", False, id="no-leap-day-1981"),
        pytest.param("340524801301001", False, id="month-13"),
        pytest.param("740524800101001", False, id="region-7"),
        pytest.param("34052480010100", False, id="14-digits"),
        pytest.param("34052480010100X", False, id="letter"),
    ],
)
def test_when_15_digits_then_first_generation_shape_as_tabled(value: str, plausible: bool) -> None:
    assert ric15_plausible(value) is plausible
