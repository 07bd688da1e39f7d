"""BANK_CARD: issuer prefix, the scheme's lengths and Luhn decide; python-stdnum and Faker as oracles."""

from __future__ import annotations

import random

import pytest
import stdnum.luhn
from faker import Faker

from outbound.classifiers.recognizers import BankCardRecognizer

from ..synthetic import card, grouped, order_number, timestamp
from .generators import luhn_complete
from .tables import found, single_substitutions, verdict

REC = BankCardRecognizer()
UNIONPAY16 = card(random.Random(60), 16, "622202")
UNIONPAY19 = card(random.Random(61), 19, "621700")


def amex_grouped(number: str, sep: str = " ") -> str:
    return sep.join((number[:4], number[4:10], number[10:]))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(UNIONPAY16, "value", id="unionpay-16"),
        pytest.param(UNIONPAY19, "value", id="unionpay-19"),
        pytest.param(luhn_complete("8171" + "0" * 11 + "1"), "value", id="unionpay-81"),
        pytest.param("4111111111111111", "value", id="visa-16"),
        pytest.param(luhn_complete("4" + "1" * 17), "value", id="visa-19"),
        pytest.param("5555555555554444", "value", id="mastercard-5"),
        pytest.param("2223003122003222", "value", id="mastercard-2-series"),
        pytest.param("3530111333300000", "value", id="jcb"),
        pytest.param("378282246310005", "value", id="amex-15"),
        pytest.param(amex_grouped("378282246310005"), "value", id="amex-4-6-5"),
        pytest.param("36227206271667", "value", id="diners-14"),
        pytest.param("6011111111111117", "value", id="discover"),
        pytest.param(grouped(UNIONPAY16), "value", id="spaces-4-4-4-4"),
        pytest.param(grouped(UNIONPAY16, "-"), "value", id="hyphens-4-4-4-4"),
        pytest.param(grouped(UNIONPAY19), "value", id="spaces-4-4-4-4-3"),
        pytest.param(UNIONPAY16[:-1] + str((int(UNIONPAY16[-1]) + 1) % 10), "no", id="wrong-luhn"),
        pytest.param(card(random.Random(62), 15, "622202"), "no", id="unionpay-15-digits"),
        pytest.param(card(random.Random(63), 20, "622202"), "no", id="20-digits"),
        pytest.param(luhn_complete("4" + "1" * 13), "no", id="visa-15"),
        pytest.param(luhn_complete("51" + "0" * 15 + "1"), "no", id="mastercard-18"),
        pytest.param(card(random.Random(64), 16, "912345"), "no", id="first-digit-9"),
        pytest.param(card(random.Random(65), 16, "112345"), "no", id="first-digit-1"),
        pytest.param(luhn_complete("34052480010100"), "no", id="amex-shaped-first-generation-id"),
        pytest.param("4444444444444444", "no", id="filler-repeat"),
        pytest.param("0" * 16, "no", id="zeros"),
        pytest.param(
            f"{UNIONPAY16[:4]} {UNIONPAY16[4:8]}-{UNIONPAY16[8:12]} {UNIONPAY16[12:]}",
            "no",
            id="mixed-separators",
        ),
        pytest.param(order_number(random.Random(66)), "no", id="order-number"),
        pytest.param(timestamp(random.Random(67)), "no", id="timestamp-14-digits"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"卡号{UNIONPAY16}已绑定", [(UNIONPAY16, "value")], id="embedded-in-chinese"),
        pytest.param(
            f"尾号{grouped(UNIONPAY19)}。", [(grouped(UNIONPAY19), "value")], id="grouped-in-chinese"
        ),
        pytest.param(f"订单{UNIONPAY16}9", [], id="inside-longer-run"),
        pytest.param(f"金额{UNIONPAY16}.00", [], id="amount"),
    ],
)
def test_when_text_then_cards_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


@pytest.mark.parametrize(
    "card_type", ["visa16", "visa19", "mastercard", "amex", "discover", "diners", "jcb16"]
)
def test_when_faker_cards_then_decided_unless_outside_the_issuer_ranges(card_type: str) -> None:
    fake = Faker("en_US")
    fake.seed_instance(68)
    for _ in range(200):
        number = fake.credit_card_number(card_type=card_type)
        assert stdnum.luhn.is_valid(number)
        outside = card_type == "jcb16" and not "3528" <= number[:4] <= "3589"  # Faker draws all of 35…
        first_generation_id = card_type == "amex" and _reads_as_old_id(number)
        expected = "no" if outside or first_generation_id else "value"
        assert verdict(REC, number) == expected, number


def _reads_as_old_id(number: str) -> bool:
    import datetime as dt

    try:
        dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True


def test_when_any_single_digit_changes_then_rejected_like_stdnum() -> None:
    rng = random.Random(69)
    for value in [card(rng, rng.choice((16, 19)), "622848") for _ in range(30)]:
        for corrupt in single_substitutions(value, "0123456789"):
            assert verdict(REC, corrupt) == "no", corrupt
            assert not stdnum.luhn.is_valid(corrupt), corrupt
