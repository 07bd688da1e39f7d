"""PASSPORT_NUMBER: mainland and SAR formats by value; old official and foreign formats need a header."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from outbound.classifiers.recognizers import PassportRecognizer

from .generators import imo, mmsi, passport
from .tables import found, verdict

REC = PassportRecognizer()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("E12345678", "value", id="e-passport-e8"),
        pytest.param("EA1234567", "value", id="e-passport-letter"),
        pytest.param("ef1234567", "value", id="lowercase"),
        pytest.param("G12345678", "value", id="old-ordinary-g8"),
        pytest.param("DE1234567", "value", id="diplomatic"),
        pytest.param("SE1234567", "value", id="service"),
        pytest.param("PE1234567", "value", id="official-ordinary"),
        pytest.param("K12345678", "value", id="hong-kong-sar"),
        pytest.param("KJ1234567", "value", id="hong-kong-sar-kj"),
        pytest.param("MA1234567", "value", id="macao-sar"),
        pytest.param("EI1234567", "header", id="e-with-letter-i"),
        pytest.param("EO1234567", "header", id="e-with-letter-o"),
        pytest.param("P1234567", "header", id="old-official-p7"),
        pytest.param("S12345678", "header", id="old-official-s8"),
        pytest.param("141234567", "header", id="old-ordinary-14"),
        pytest.param("123456789", "header", id="foreign-9-digits"),
        pytest.param("TR1234567", "header", id="foreign-2-letters-7-digits"),
        pytest.param("E1234567", "header", id="e-7-digits-foreign-shape"),
        pytest.param("E123456789", "no", id="e-9-digits"),
        pytest.param("ABCDEFGHI", "no", id="letters-only"),
        pytest.param("000000000", "no", id="zeros"),
        pytest.param("EA123456789CN", "no", id="ems-tracking-number"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("护照号E12345678，有效期", [("E12345678", "value")], id="embedded-in-chinese"),
        pytest.param("旧公务护照S12345678", [("S12345678", "header")], id="old-official-in-text"),
        pytest.param("外籍护照123456789", [], id="foreign-shape-never-inside-text"),
        pytest.param("单号EA123456789CN", [], id="tracking-number"),
        pytest.param("XE12345678", [], id="glued-to-letter"),
    ],
)
def test_when_text_then_passports_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


@pytest.mark.parametrize("kind", ["e8", "e-letter", "g8", "official", "hk", "macao"])
def test_when_generated_mainland_and_sar_passports_then_decided_by_value(kind: str) -> None:
    rng = random.Random(70)
    for _ in range(100):
        value = passport(rng, kind)
        assert verdict(REC, value) == "value", value


@pytest.mark.parametrize("make", [imo, mmsi], ids=["imo", "mmsi"])
def test_when_ship_numbers_then_at_most_a_header_shape(make: Callable[[random.Random], str]) -> None:
    rng = random.Random(71)
    for _ in range(200):
        assert verdict(REC, make(rng)) != "value"
