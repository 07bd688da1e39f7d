"""Header normalisation and hint lookup against rules/headers."""

from __future__ import annotations

import datetime as dt

import pytest

from outbound.classifiers.headers import header_evidence, hinted_entities
from outbound.common.naming import normalise_header
from outbound.regulation.rules import headers

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


@pytest.mark.parametrize(
    ("header", "entity"),
    [
        pytest.param(h, e, id=f"{e}-{h}")
        for e, headers_ in {
            "PERSON_NAME": ["姓名", "name", "xm", "xingming", "客户.姓名"],
            "CN_RESIDENT_ID": ["身份证号", "id_no", "sfzh", "zjhm"],
            "CN_MOBILE": ["手机号", "mobile", "sjh", "lxdh"],
            "EMAIL_ADDRESS": ["邮箱", "e-mail", "yx"],
            "ADDRESS": ["地址", "address", "dz", "zz", "收货地址"],
            "BANK_CARD": ["银行卡号", "card_no", "yhkh"],
            "PASSPORT_NUMBER": ["护照号", "passport", "hzhm"],
            "HK_MACAO_PERMIT": ["港澳通行证号", "gatxz"],
            "TAIWAN_PERMIT": ["台胞证号", "tbz"],
            "IP_ADDRESS": ["IP", "ip_addr", "登录IP"],
            "DEVICE_ID": ["IMEI", "设备号", "device_id", "sbh"],
            "LICENSE_PLATE": ["车牌号", "plate", "cph"],
            "GEO_COORDINATE": ["经纬度", "lat", "lon", "lng", "jd", "wd"],
            "DATE_OF_BIRTH": ["出生日期", "birthday", "dob", "csrq"],
            "HEALTH_INFO": ["诊断", "diagnosis", "zd", "jbmc"],
            "CN_USCC": ["统一社会信用代码", "uscc", "tyshxydm"],
        }.items()
        for h in headers_
    ],
)
def test_when_header_in_chinese_english_or_pinyin_then_it_hints_its_entity(header: str, entity: str) -> None:
    assert entity in hinted_entities(header, RULES)


@pytest.mark.parametrize("header", ["c01", "col_7", "f3", "x", "备注", "amount", "order_no", "sku"])
def test_when_header_is_obfuscated_or_unrelated_then_it_hints_nothing(header: str) -> None:
    assert hinted_entities(header, RULES) == ()


def test_when_header_matches_then_evidence_names_the_rule_entry() -> None:
    evidence = header_evidence("Guest.SFZH", RULES)
    assert (evidence.header, evidence.hinted) == ("sfzh", ("CN_RESIDENT_ID",))
    assert evidence.refs == (f"{RULES.meta.id}#CN_RESIDENT_ID exact 'sfzh'",)
    assert header_evidence("联系电话", RULES).refs == (
        f"{RULES.meta.id}#CN_MOBILE contains '电话'", f"{RULES.meta.id}#PHONE_NUMBER contains '电话'"
    )
