"""CN_MOBILE: 11 digits 1[3-9]…, with +86/0086, separators, not inside longer numbers."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from faker import Faker
from phonenumbers import PhoneNumberType

from outbound.classifiers.recognizers import CnMobileRecognizer

from ..synthetic import mobile, sku
from .tables import found, verdict

REC = CnMobileRecognizer()
MOB = mobile(random.Random(30))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(MOB, "value", id="valid"),
        pytest.param(f"{MOB[:3]}-{MOB[3:7]}-{MOB[7:]}", "value", id="hyphens-3-4-4"),
        pytest.param(f"{MOB[:3]} {MOB[3:7]} {MOB[7:]}", "value", id="spaces-3-4-4"),
        pytest.param(f"+86 {MOB}", "value", id="plus86"),
        pytest.param(f"+86-{MOB[:3]}-{MOB[3:7]}-{MOB[7:]}", "value", id="plus86-grouped"),
        pytest.param(f"0086{MOB}", "value", id="0086"),
        pytest.param(f"(+86){MOB}", "value", id="bracketed-86"),
        pytest.param(f"（+86）{MOB}", "value", id="fullwidth-brackets"),
        pytest.param("12812345678", "no", id="second-digit-2"),
        pytest.param(MOB[:-1], "no", id="10-digits"),
        pytest.param(MOB + "0", "no", id="12-digits"),
        pytest.param(f"{MOB[:3]}-{MOB[3:7]} {MOB[7:]}", "no", id="mixed-separators"),
        pytest.param(sku(random.Random(31)), "no", id="sku"),
        pytest.param("1714540800123", "no", id="ms-timestamp"),
        pytest.param(f"{MOB}.00", "no", id="amount"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"请联系{MOB}谢谢", [(MOB, "value")], id="embedded-in-chinese"),
        pytest.param(f"{MOB},{MOB}", [(MOB, "value"), (MOB, "value")], id="comma-list"),
        pytest.param(f"订单2026030{MOB}", [], id="inside-18-digit-order-number"),
        pytest.param(f"{MOB}@qq.com", [], id="email-local-part"),
        pytest.param(f"0.{MOB}", [], id="decimal-fraction"),
        pytest.param(f"金额{MOB}.00元", [], id="amount-in-text"),
    ],
)
def test_when_text_then_mobiles_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


def test_when_faker_mobiles_then_all_decided_and_libphonenumber_calls_them_mobile() -> None:
    fake = Faker("zh_CN")
    fake.seed_instance(32)
    for _ in range(300):
        value = fake.phone_number()
        assert verdict(REC, value) == "value", value
        number = phonenumbers.parse(value, "CN")
        assert phonenumbers.number_type(number) == PhoneNumberType.MOBILE, value
