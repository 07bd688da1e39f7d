"""The Presidio engine and the fast path agree: same validated spans, same scores, for every recognizer.

`engine.analyzer()` wraps each recognizer in a genuine Presidio PatternRecognizer (run by
`AnalyzerEngine.analyze` on the no-op NLP engine); the column vote calls the recognizers' own
`find` / `whole_score`. If these disagreed, the benchmark against Presidio would compare different
classifiers.
"""

from __future__ import annotations

import random

import pytest

from outbound.classifiers.engine import LANGUAGE, analyzer
from outbound.classifiers.recognizers import RECOGNIZERS

from .recognizers.generators import foreign, imei, landline, mac, plate, uscc
from .synthetic import card, grouped, guid, mobile, order_number, resident_id, sku, timestamp

RNG = random.Random(150)
RIC, MOB, CARD = resident_id(RNG), mobile(RNG), card(RNG, 16, "622848")
LAND, HK_PHONE, IMEI, MAC, PLATE, USCC = (
    landline(RNG),
    foreign(RNG, "HK"),
    imei(RNG),
    mac(RNG),
    plate(RNG),
    uscc(RNG),
)

TEXTS = [
    f"客户张三，身份证{RIC}，手机{MOB}，卡号{grouped(CARD)}，邮箱zhang@example.com。",
    f"前台{LAND[:3]}-{LAND[3:]}，香港{HK_PHONE}，传真02112345678",
    "护照E12345678/EA1234567，旧公务护照S12345678，港澳通行证C12345678，回乡证H1234567801，赴台T12345678",
    f"登录IP 10.0.0.8 与 2001:db8::1，设备{IMEI}，网卡{MAC}，广告ID {guid(RNG)}",
    f"车辆{PLATE}与沪AD12345停于39.904200,116.407400，粗略39.9,116.4",
    "坐标39°54'15\"N 116°24'27\"E，或北纬39.9042° 东经116.4074°，或N39.9042 E116.4074",
    f"出生日期1990年1月2日，统一社会信用代码{USCC}，首代证340524800101001",
    f"订单{order_number(RNG)}，商品{sku(RNG)}，时间{timestamp(RNG)}，金额12345.67，版本v1.2.3.4",
    "12345678",  # a whole cell: only the Taiwan compatriot-permit shape, at a low score
    "31.2304",
    "123456789",
    "1990-01-02",
    "",
]


def presidio_spans(text: str) -> set[tuple[str, int, int, float]]:
    results = analyzer().analyze(text=text, language=LANGUAGE)
    return {(r.entity_type, r.start, r.end, round(r.score, 6)) for r in results}


def fast_spans(text: str) -> set[tuple[str, int, int, float]]:
    return {(f.entity, f.start, f.end, round(f.score, 6)) for cls in RECOGNIZERS for f in cls().find(text)}


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_when_text_analyzed_then_presidio_and_find_report_the_same_spans_and_scores(text: str) -> None:
    assert presidio_spans(text) == fast_spans(text)


def test_when_tabled_texts_analyzed_then_every_entity_was_exercised_by_value() -> None:
    decided = {entity for text in TEXTS for entity, *_, score in fast_spans(text) if score == 1.0}
    header_only = {cls.ENTITY for cls in RECOGNIZERS if cls.NEEDS_HEADER}
    mine = {cls.ENTITY for cls in RECOGNIZERS} - {"PERSON_NAME", "ADDRESS", "HEALTH_INFO"}
    assert mine - header_only <= decided


@pytest.mark.parametrize(
    "cell",
    [
        RIC,
        MOB,
        CARD,
        LAND,
        HK_PHONE,
        IMEI,
        MAC,
        PLATE,
        USCC,
        "E12345678",
        "12345678",
        "31.2304",
        "1990-01-02",
        guid(RNG),
    ],
)
def test_when_whole_cell_then_its_presidio_score_is_the_fast_whole_score(cell: str) -> None:
    whole = {
        (r.entity_type, r.score)
        for r in analyzer().analyze(text=cell, language=LANGUAGE)
        if (r.start, r.end) == (0, len(cell))
    }
    fast = {(cls.ENTITY, cls().whole_score(cell)) for cls in RECOGNIZERS if cls().whole_score(cell) > 0}
    assert whole == fast
