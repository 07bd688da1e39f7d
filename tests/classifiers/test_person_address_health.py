"""Person names, addresses and health information: value tables, text, and column checks."""

from __future__ import annotations

import pytest
from faker import Faker
from hypothesis import given
from hypothesis import strategies as st

from outbound.classifiers.recognizers import AddressRecognizer, HealthInfoRecognizer, PersonNameRecognizer
from outbound.classifiers.recognizers.address import is_cn_address
from outbound.classifiers.recognizers.base import HEADER_ONLY_BELOW
from outbound.classifiers.recognizers.person_name import split_name

NAME, ADDR, HEALTH = PersonNameRecognizer(), AddressRecognizer(), HealthInfoRecognizer()
DECIDES, SHAPE, NO = "decides", "shape", "no"


def verdict(score: float) -> str:
    return DECIDES if score >= HEADER_ONLY_BELOW else SHAPE if score > 0 else NO


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("张伟", DECIDES, id="2-han"),
        pytest.param("王小明", DECIDES, id="3-han"),
        pytest.param("欧阳娜娜", DECIDES, id="compound-surname-4"),
        pytest.param("司马光", DECIDES, id="compound-surname-3"),
        pytest.param("买买提·艾力", DECIDES, id="middle-dot-minority"),
        pytest.param("迈克尔·杰克逊", DECIDES, id="middle-dot-transliterated"),
        pytest.param("王先生", DECIDES, id="surname-and-title"),
        pytest.param("张伟女士", DECIDES, id="name-and-title"),
        pytest.param("ZHANG San", DECIDES, id="pinyin-passport-style"),
        pytest.param("Ouyang Nana", DECIDES, id="pinyin-compound-surname"),
        pytest.param("Ryan Gallagher", SHAPE, id="english-first-last-needs-header"),
        pytest.param("Dr. Kimberly Dalton", SHAPE, id="english-with-title"),
        pytest.param("John O'Neil Jr.", SHAPE, id="english-suffix"),
        pytest.param("张", NO, id="one-han"),
        pytest.param("张三丰李四", NO, id="five-han"),
        pytest.param("张伟强国", NO, id="four-han-single-surname"),
        pytest.param("张伟1", NO, id="digit"),
        pytest.param("已完成", NO, id="status-not-a-surname"),
        pytest.param("待发货", NO, id="status-2"),
        pytest.param("黄石市", NO, id="city-stop-char"),
        pytest.param("高楼层", NO, id="room-note-stop-char"),
        pytest.param("北京市", NO, id="city"),
        pytest.param("华为平板", NO, id="product-4-chars"),
        pytest.param("zhangsan", NO, id="one-latin-word"),
        pytest.param("lake laura", NO, id="lower-case-words"),
        pytest.param("上官", NO, id="compound-surname-alone"),
    ],
)
def test_when_value_then_person_name_verdict_as_tabled(value: str, expected: str) -> None:
    assert verdict(NAME.whole_score(value)) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("联系人张伟，电话13812345678", "张伟", id="cue"),
        pytest.param("经办人：王芳", "王芳", id="cue-colon"),
        pytest.param("由李娜代收", "李娜", id="frame-particle"),
        pytest.param("客户来电；刘洋女士来电改期", "刘洋女士", id="title-in-text"),
        pytest.param("已发货，张伟", "张伟", id="after-punctuation"),
    ],
)
def test_when_name_inside_text_then_found(text: str, name: str) -> None:
    spans = [text[f.start : f.end] for f in NAME.find(text) if not f.needs_header]
    assert any(name in s for s in spans), spans


@pytest.mark.parametrize("text", ["请于周一来电", "已发货，无烟房", "客户要求延迟退房", "高楼层安静房间"])
def test_when_text_without_name_then_nothing_decided(text: str) -> None:
    assert [f for f in NAME.find(text) if not f.needs_header] == []


def test_when_faker_names_then_nearly_all_decide_and_split_on_a_surname() -> None:
    fake = Faker("zh_CN")
    fake.seed_instance(11)
    names = [fake.name() for _ in range(2000)]
    decided = [n for n in names if NAME.whole_score(n) >= HEADER_ONLY_BELOW]
    assert len(decided) / len(names) > 0.97  # a few rare surnames are not in 《百家姓》 or the top 100
    assert all(split_name(n) for n in decided if "·" not in n)


@pytest.mark.parametrize(
    ("values", "hinted", "fails"),
    [
        pytest.param([("张伟", 1), ("王芳", 1), ("李娜", 1), ("刘洋", 1)], False, False, id="common-surnames"),
        pytest.param([("石家庄", 3), ("马铃薯", 3), ("安静", 3), ("花生", 3), ("万份", 1)], False, False,
                     id="words-with-common-surname-chars-pass-this-check"),
        pytest.param([("水灵", 2), ("通透", 2), ("能干", 2), ("有时", 2), ("法力", 2)], False, True,
                     id="words-with-rare-surname-chars"),
        pytest.param([("水灵", 2), ("通透", 2), ("能干", 2)], True, False, id="header-hint-skips-the-check"),
    ],
)
def test_when_column_of_names_then_common_surname_check_as_tabled(
    values: list[tuple[str, int]], hinted: bool, fails: bool
) -> None:
    assert bool(NAME.column_check(values, hinted=hinted)) is fails


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("北京市朝阳区建国路88号", DECIDES, id="division-street-number"),
        pytest.param("河北省石家庄市正定县西柏坡村3组", DECIDES, id="village-group"),
        pytest.param("上海市浦东新区张江路1号2栋301室", DECIDES, id="building-room"),
        pytest.param("合山街F座", DECIDES, id="street-and-unit"),
        pytest.param("吉林省欣县淄川惠州街B座 674391", DECIDES, id="faker-style-with-postcode"),
        pytest.param("朝阳区建国路", DECIDES, id="district-and-street"),
        pytest.param("7631 Johnson Village Suite 690\nAdamsbury, OR 13900", DECIDES, id="us-street-city-zip"),
        pytest.param("123 Main St", DECIDES, id="us-street-abbreviation"),
        pytest.param("PSC 1234, Box 5678\nAPO AA 12345", DECIDES, id="us-military"),
        pytest.param("北京市", NO, id="city-only"),
        pytest.param("北京市朝阳区", NO, id="district-only"),
        pytest.param("上海XX科技有限公司", NO, id="company"),
        pytest.param("北京市朝阳区建国路88号某某有限公司", NO, id="company-with-address"),
        pytest.param("3号楼5层", NO, id="units-only"),
        pytest.param("朝阳公园南门附近", NO, id="landmark"),
        pytest.param("我们在城市道路上行驶", NO, id="sentence-with-市-and-路"),
        pytest.param("Lake Laura", NO, id="us-city"),
    ],
)
def test_when_value_then_address_verdict_as_tabled(value: str, expected: str) -> None:
    assert verdict(ADDR.whole_score(value)) == expected


def test_when_address_inside_text_then_found() -> None:
    text = "请改送至北京市朝阳区建国路88号，电话13812345678"
    (found,) = ADDR.find(text)
    assert "建国路88号" in text[found.start : found.end]
    assert is_cn_address(text[found.start : found.end])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("高血压", DECIDES, id="term"),
        pytest.param("2型糖尿病", DECIDES, id="term-with-type"),
        pytest.param("青霉素过敏", DECIDES, id="allergy"),
        pytest.param("无过敏史", DECIDES, id="negative-history-is-health-information"),
        pytest.param("慢性胃炎", DECIDES, id="ending-炎"),
        pytest.param("后遗症", DECIDES, id="ending-症"),
        pytest.param("E11.9 2型糖尿病", DECIDES, id="code-and-term"),
        pytest.param("Type 2 diabetes", DECIDES, id="english-term"),
        pytest.param("Hypertension", DECIDES, id="english-capitalised"),
        pytest.param("atopic dermatitis", DECIDES, id="english-ending-itis"),
        pytest.param("J45.9", SHAPE, id="icd10-code-needs-header"),
        pytest.param("I10", SHAPE, id="icd10-3-char"),
        pytest.param("已完成", NO, id="status"),
        pytest.param("毛病", NO, id="ordinary-word-ending-病"),
        pytest.param("炎热天气", NO, id="炎-not-an-ending"),
        pytest.param("病毒营销", NO, id="病-not-an-ending"),
        pytest.param("张伟", NO, id="name"),
        pytest.param("diploma", NO, id="english-oma-word"),
    ],
)
def test_when_value_then_health_verdict_as_tabled(value: str, expected: str) -> None:
    assert verdict(HEALTH.whole_score(value)) == expected


def test_when_health_term_inside_text_then_found() -> None:
    assert HEALTH.find("患者有高血压病史，电话13812345678")
    assert not HEALTH.find("客户要求延迟退房，电话13812345678")


def test_when_an_english_health_term_is_listed_then_it_has_three_letters_in_a_row() -> None:
    """`is_health_text` turns away a Latin text without three letters in a row (a GUID, a code)."""
    import re

    from outbound.classifiers.lexicon import entries

    assert all(re.search("[a-z]{3}", t.lower()) for t in entries("health_terms.txt", "en"))
    assert all(re.search("[a-z]{3}", e) for e in ("itis", "emia", "aemia", "pathy"))


@given(st.text(alphabet="路街巷大道街村苑小区花园张三0９a五号- ", max_size=12))
def test_when_street_endings_are_searched_first_then_they_are_found_as_the_look_behind_finds_them(text: str) -> None:
    import re

    from outbound.classifiers.recognizers.address import _NUM, HAN, has_street

    endings = "大道|大街|街道|胡同|小区|社区|花园|公寓|大厦|广场|新村|家园|苑|路|街|巷|弄|村|屯"
    assert has_street(text) == (re.search(f"(?<=[{HAN}{_NUM}])(?:{endings})", text) is not None)
