"""LICENSE_PLATE: province, office letter, 5 (ordinary) or 6 (new energy) characters, or a suffix plate."""

from __future__ import annotations

import random

import pytest
from faker import Faker

from outbound.classifiers.recognizers import LicensePlateRecognizer

from .generators import plate
from .tables import found, verdict

REC = LicensePlateRecognizer()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("粤B12345", "value", id="ordinary"),
        pytest.param("京A·AB123", "value", id="middle-dot-and-letters"),
        pytest.param("粤B 12345", "value", id="space"),
        pytest.param("蒙S-14177", "value", id="hyphen-as-faker-writes"),
        pytest.param("京a12345", "value", id="lowercase-office"),
        pytest.param("沪AD12345", "value", id="new-energy-small"),
        pytest.param("粤BFA1234", "value", id="new-energy-small-letter-second"),
        pytest.param("沪A12345D", "value", id="new-energy-large"),
        pytest.param("粤Z1234港", "value", id="hong-kong-suffix"),
        pytest.param("京A1234学", "value", id="learner-suffix"),
        pytest.param("京A1234警", "value", id="police-suffix"),
        pytest.param("京AI1234", "no", id="letter-i-in-serial"),
        pytest.param("京AO1234", "no", id="letter-o-in-serial"),
        pytest.param("京AABCDE", "no", id="serial-without-digits"),
        pytest.param("京A1234", "no", id="serial-too-short"),
        pytest.param("沪AD123456", "no", id="serial-too-long"),
        pytest.param("沪AA12345", "no", id="six-chars-not-new-energy"),
        pytest.param("A12345", "no", id="no-province"),
        pytest.param("港A12345", "no", id="not-a-province"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("车牌粤B12345停在地库", [("粤B12345", "value")], id="embedded-in-chinese"),
        pytest.param("新能源沪AD12345充电", [("沪AD12345", "value")], id="new-energy-in-text"),
        pytest.param("粤B123456", [], id="longer-serial"),
    ],
)
def test_when_text_then_plates_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


@pytest.mark.parametrize("kind", ["ordinary", "small-ev", "large-ev", "suffix"])
@pytest.mark.parametrize("sep", ["", "·", " "])
def test_when_generated_plates_then_decided_by_value(kind: str, sep: str) -> None:
    rng = random.Random(100)
    for _ in range(100):
        value = plate(rng, kind, sep)
        assert verdict(REC, value) == "value", value


def test_when_faker_plates_then_decided_by_value() -> None:
    fake = Faker("zh_CN")
    fake.seed_instance(101)
    for _ in range(300):
        value = fake.license_plate()  # 粤B-12345; Faker's office letter may be any letter
        assert verdict(REC, value) == "value", value
