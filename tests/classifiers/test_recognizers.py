"""Each recognizer through the offline Presidio engine: what it finds, and what it must not."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from typing import Any

import pytest

from outbound.classifiers.engine import LANGUAGE, analyzer
from outbound.classifiers.recognizers import (
    RECOGNIZERS,
    BankCardRecognizer,
    CnMobileRecognizer,
    CnResidentIdRecognizer,
    EmailRecognizer,
)
from outbound.classifiers.recognizers.base import HEADER_ONLY_BELOW
from outbound.regulation.rules import entities

from .synthetic import card, grouped, mobile, order_number, resident_id, wrong_check

RIC = resident_id(random.Random(10))
CARD16 = card(random.Random(11), 16, "622202")
CARD19 = card(random.Random(12), 19, "621700")
MOB = mobile(random.Random(13))


def found(text: str, entity: str) -> list[str]:
    """The substrings Presidio reports for `entity` in `text`."""
    return [
        text[r.start : r.end] for r in analyzer().analyze(text=text, language=LANGUAGE, entities=[entity])
    ]


def test_when_engine_built_then_it_has_exactly_our_recognizers() -> None:
    registered = sorted(e for r in analyzer().registry.recognizers for e in r.supported_entities)
    assert registered == sorted(cls.ENTITY for cls in RECOGNIZERS)
    assert analyzer() is analyzer()


@pytest.mark.parametrize("cls", RECOGNIZERS, ids=lambda c: c.ENTITY)
def test_when_recognizer_declared_then_patterns_and_context_are_class_constants(cls: Any) -> None:
    assert cls.PATTERNS and cls.CONTEXT and cls.ENTITY


def test_when_recognizers_package_imported_then_presidio_and_spacy_are_not() -> None:
    code = (
        "import sys, outbound.classifiers.recognizers as r; r.RECOGNIZERS;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('presidio_analyzer', 'spacy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("cls", RECOGNIZERS, ids=lambda c: c.ENTITY)
def test_when_needs_header_declared_then_it_matches_the_pattern_scores(cls: Any) -> None:
    assert cls.NEEDS_HEADER is all(p.score < HEADER_ONLY_BELOW for p in cls.PATTERNS)
    assert 1 <= cls.MIN_LEN <= cls.MAX_LEN


@pytest.mark.parametrize("on", [dt.date(2024, 6, 1), dt.date(2026, 3, 1)], ids=["gbt-35273", "gbt-45574"])
def test_when_registered_then_each_entity_once_and_in_the_rules_in_force(on: dt.date) -> None:
    names = [cls.ENTITY for cls in RECOGNIZERS]
    assert len(names) == len(set(names))
    assert set(names) <= set(entities(on).entities)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(RIC, [RIC], id="valid"),
        pytest.param(RIC[:-1] + RIC[-1].lower(), [RIC[:-1] + RIC[-1].lower()], id="lowercase-check"),
        pytest.param("11010519491231002x", ["11010519491231002x"], id="lowercase-x"),
        pytest.param(f"{RIC[:6]} {RIC[6:14]} {RIC[14:]}", [f"{RIC[:6]} {RIC[6:14]} {RIC[14:]}"], id="spaces"),
        pytest.param(
            f"{RIC[:6]}-{RIC[6:14]}-{RIC[14:]}", [f"{RIC[:6]}-{RIC[6:14]}-{RIC[14:]}"], id="hyphens"
        ),
        pytest.param(f"身份证号码{RIC}，请核对", [RIC], id="embedded-in-chinese"),
        pytest.param(wrong_check(RIC), [], id="wrong-check-digit"),
        pytest.param(RIC[:-1], [], id="too-short"),
        pytest.param(RIC + "7", [], id="too-long"),
        pytest.param("A" + RIC, [], id="glued-to-letters"),
        pytest.param(order_number(random.Random(14)), [], id="order-number"),
    ],
)
def test_when_text_then_resident_ids_found_as_tabled(text: str, expected: list[str]) -> None:
    assert found(text, CnResidentIdRecognizer.ENTITY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(MOB, [MOB], id="valid"),
        pytest.param(f"{MOB[:3]}-{MOB[3:7]}-{MOB[7:]}", [f"{MOB[:3]}-{MOB[3:7]}-{MOB[7:]}"], id="hyphens"),
        pytest.param(f"{MOB[:3]} {MOB[3:7]} {MOB[7:]}", [f"{MOB[:3]} {MOB[3:7]} {MOB[7:]}"], id="spaces"),
        pytest.param(f"+86 {MOB}", [f"+86 {MOB}"], id="plus86"),
        pytest.param(f"0086-{MOB}", [f"0086-{MOB}"], id="0086"),
        pytest.param(f"86{MOB}", [f"86{MOB}"], id="bare-86"),
        pytest.param(f"请联系{MOB}谢谢", [MOB], id="embedded-in-chinese"),
        pytest.param("12812345678", [], id="second-digit-2"),
        pytest.param(MOB[:-1], [], id="too-short"),
        pytest.param(MOB + "0", [], id="too-long"),
        pytest.param(f"{MOB[:3]}-{MOB[3:7]} {MOB[7:]}", [], id="mixed-separators"),
        pytest.param(f"2026030{MOB}", [], id="inside-18-digit-order-number"),
        pytest.param("23812345678", [], id="sku-starting-2"),
        pytest.param(f"{MOB}@qq.com", [], id="email-local-part"),
        pytest.param(f"0.{MOB}", [], id="decimal-fraction"),
        pytest.param(f"{MOB}.00", [], id="amount"),
    ],
)
def test_when_text_then_mobiles_found_as_tabled(text: str, expected: list[str]) -> None:
    assert found(text, CnMobileRecognizer.ENTITY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("zhang@example.com", ["zhang@example.com"], id="valid"),
        pytest.param("联系张三zhang@example.com", ["zhang@example.com"], id="han-before-local-part"),
        pytest.param(
            "邮箱：zhang.san+cn@mail.example.com.cn，谢谢",
            ["zhang.san+cn@mail.example.com.cn"],
            id="embedded",
        ),
        pytest.param("13812345678@qq.com", ["13812345678@qq.com"], id="digits-local-part"),
        pytest.param("张三@example.com", [], id="han-local-part"),
        pytest.param("zhang@localhost", [], id="no-tld"),
        pytest.param("zhang@example.c", [], id="one-letter-tld"),
        pytest.param("zhang@-example.com", [], id="label-starts-with-hyphen"),
        pytest.param("a..b@example.com", [], id="double-dot"),
        pytest.param("zhang at example.com", [], id="no-at"),
    ],
)
def test_when_text_then_emails_found_as_tabled(text: str, expected: list[str]) -> None:
    assert found(text, EmailRecognizer.ENTITY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(CARD16, [CARD16], id="unionpay-16"),
        pytest.param(CARD19, [CARD19], id="unionpay-19"),
        pytest.param("4111111111111111", ["4111111111111111"], id="visa"),
        pytest.param(grouped(CARD16), [grouped(CARD16)], id="spaces-4-4-4-4"),
        pytest.param(grouped(CARD16, "-"), [grouped(CARD16, "-")], id="hyphens-4-4-4-4"),
        pytest.param(grouped(CARD19), [grouped(CARD19)], id="spaces-19-digits"),
        pytest.param(f"卡号{CARD16}已绑定", [CARD16], id="embedded-in-chinese"),
        pytest.param(CARD16[:-1] + str((int(CARD16[-1]) + 1) % 10), [], id="wrong-luhn"),
        pytest.param(card(random.Random(15), 15, "622202"), [], id="15-digits"),
        pytest.param(card(random.Random(16), 20, "622202"), [], id="20-digits"),
        pytest.param(card(random.Random(17), 16, "912345"), [], id="first-digit-9"),
        pytest.param(card(random.Random(18), 16, "112345"), [], id="first-digit-1"),
        pytest.param("4444444444444448", ["4444444444444448"], id="luhn-valid-repeat-with-tail"),
        pytest.param("0" * 16, [], id="zeros"),
        pytest.param(f"{CARD16[:4]} {CARD16[4:8]}-{CARD16[8:12]} {CARD16[12:]}", [], id="mixed-separators"),
    ],
)
def test_when_text_then_cards_found_as_tabled(text: str, expected: list[str]) -> None:
    assert found(text, BankCardRecognizer.ENTITY) == expected
