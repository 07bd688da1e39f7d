"""The column vote, end to end through classify_frame and classify_source."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from faker import Faker

from outbound.classifiers import classify_frame, classify_source
from outbound.common.records import Category, ColumnLabel
from outbound.regulation.rules import entities

from .synthetic import (
    ON,
    amount,
    birth_date,
    card,
    grouped,
    guid,
    mobile,
    order_number,
    resident_id,
    sku,
    timestamp,
    wrong_check,
)

ROWS = 50
RULES = entities(ON)


Column = Callable[[random.Random], list[str | None]]


def each(make: Callable[[random.Random], str]) -> Column:
    return lambda rng: [make(rng) for _ in range(ROWS)]


def faker_column(method: str, locale: str = "zh_CN") -> Column:
    """ROWS values from a Faker (zh_CN unless told) seeded from the column's rng."""

    def column(rng: random.Random) -> list[str | None]:
        f = Faker(locale)
        f.seed_instance(rng.randrange(2**32))
        return [getattr(f, method)() for _ in range(ROWS)]

    return column


def label(header: str, column: Column, seed: int = 0) -> ColumnLabel:
    frame = pd.DataFrame({header: column(random.Random(seed))}, dtype=object)
    (result,) = classify_frame(frame, on=ON)
    return result


def mixed(valid: int, make: Callable[[random.Random], str], filler: Callable[[random.Random], str]) -> Column:
    """`valid` cells from `make` among ROWS, the rest from `filler`, shuffled."""

    def column(rng: random.Random) -> list[str | None]:
        cells = [make(rng) for _ in range(valid)] + [filler(rng) for _ in range(ROWS - valid)]
        rng.shuffle(cells)
        return list(cells)

    return column


def pinyin_name(rng: random.Random) -> str:
    """A romanised Chinese name as passports write it: ZHANG Xiaoming, Wang Wei."""
    surname = rng.choice(["ZHANG", "Wang", "LI", "Chen", "LIU", "Huang", "Zhou", "WU"])
    given = "".join(rng.choice(["xiao", "ming", "wei", "fang", "jun", "hua", "li", "na", "qiang"]) for _ in range(2))
    return f"{surname} {given.capitalize()}"


def note(rng: random.Random) -> str:
    return rng.choice(["已发货", "待付款", "退货中", "已签收", "加急"])


@pytest.mark.parametrize(
    ("header", "column", "entity", "category"),
    [
        pytest.param("身份证号", each(resident_id), "CN_RESIDENT_ID", Category.PERSONAL, id="ric-han-header"),
        pytest.param(
            "id_no", each(resident_id), "CN_RESIDENT_ID", Category.PERSONAL, id="ric-english-header"
        ),
        pytest.param("sfzh", each(resident_id), "CN_RESIDENT_ID", Category.PERSONAL, id="ric-pinyin-header"),
        pytest.param(
            "c01", each(resident_id), "CN_RESIDENT_ID", Category.PERSONAL, id="ric-obfuscated-header"
        ),
        pytest.param(
            "guest.id_no", each(resident_id), "CN_RESIDENT_ID", Category.PERSONAL, id="ric-nested-header"
        ),
        pytest.param("手机号", each(mobile), "CN_MOBILE", Category.PERSONAL, id="mobile"),
        pytest.param(
            "phone", each(lambda r: mobile(r, "-")), "CN_MOBILE", Category.PERSONAL, id="mobile-hyphens-phone"
        ),
        pytest.param(
            "c02",
            each(lambda r: "+86 " + mobile(r, " ")),
            "CN_MOBILE",
            Category.PERSONAL,
            id="mobile-obfuscated",
        ),
        pytest.param("邮箱", faker_column("email"), "EMAIL_ADDRESS", Category.PERSONAL, id="email"),
        pytest.param("c03", faker_column("email"), "EMAIL_ADDRESS", Category.PERSONAL, id="email-obfuscated"),
        pytest.param("银行卡号", each(card), "BANK_CARD", Category.SENSITIVE, id="card"),
        pytest.param(
            "c04",
            each(lambda r: grouped(card(r, 19))),
            "BANK_CARD",
            Category.SENSITIVE,
            id="card-grouped-obfuscated",
        ),
        pytest.param("姓名", faker_column("name"), "PERSON_NAME", Category.PERSONAL, id="name-faker"),
        pytest.param("xm", faker_column("name"), "PERSON_NAME", Category.PERSONAL, id="name-pinyin-header"),
        pytest.param("c05", faker_column("name"), "PERSON_NAME", Category.PERSONAL, id="name-obfuscated"),
        pytest.param("name", faker_column("name", "en_US"), "PERSON_NAME", Category.PERSONAL, id="name-english"),
        pytest.param("c07", each(pinyin_name), "PERSON_NAME", Category.PERSONAL, id="name-pinyin-obfuscated"),
        pytest.param("地址", faker_column("address"), "ADDRESS", Category.PERSONAL, id="address-faker"),
        pytest.param("c06", faker_column("address"), "ADDRESS", Category.PERSONAL, id="address-obfuscated"),
        pytest.param("c08", faker_column("address", "en_US"), "ADDRESS", Category.PERSONAL, id="address-english-obfuscated"),
        pytest.param("c09", each(lambda r: r.choice(["高血压", "2型糖尿病", "支气管哮喘", "青霉素过敏", "慢性胃炎"])),
                     "HEALTH_INFO", Category.SENSITIVE, id="health-obfuscated"),
        pytest.param("icd10", each(lambda r: r.choice(["J45.9", "I10", "E11.9", "K29.7"])), "HEALTH_INFO",
                     Category.SENSITIVE, id="icd-codes-under-header"),
        pytest.param(
            "出生日期",
            each(lambda r: f"{r.randint(1950, 2015)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"),
            "DATE_OF_BIRTH",
            Category.PERSONAL,
            id="dob",
        ),
        pytest.param(
            "诊断",
            each(lambda r: r.choice(["高血压", "糖尿病", "青霉素过敏"])),
            "HEALTH_INFO",
            Category.SENSITIVE,
            id="health",
        ),
        pytest.param(
            "客户IP地址",
            each(lambda r: f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}"),
            "IP_ADDRESS",
            Category.PERSONAL,
            id="ip",
        ),
        pytest.param(
            "经纬度",
            each(lambda r: f"{r.uniform(20, 45):.6f},{r.uniform(100, 125):.6f}"),
            "GEO_COORDINATE",
            Category.SENSITIVE,
            id="geo",
        ),
        pytest.param("c10", each(lambda r: f"{r.uniform(20, 45):.5f},{r.uniform(100, 125):.5f}"),
                     "GEO_COORDINATE", Category.SENSITIVE, id="geo-precise-obfuscated"),
        pytest.param("经纬度", each(lambda r: f"{r.uniform(20, 45):.2f},{r.uniform(100, 125):.2f}"),
                     "GEO_COORDINATE", Category.PERSONAL, id="geo-coarse-is-not-precise-location"),
        pytest.param(
            "护照号",
            each(lambda r: "E" + f"{r.randrange(10**8):08d}"),
            "PASSPORT_NUMBER",
            Category.PERSONAL,
            id="passport",
        ),
        pytest.param(
            "车牌号",
            each(lambda r: "沪A" + f"{r.randrange(10**5):05d}"),
            "LICENSE_PLATE",
            Category.PERSONAL,
            id="plate",
        ),
    ],
)
def test_when_column_of_entity_then_labelled(
    header: str, column: Column, entity: str, category: Category
) -> None:
    result = label(header, column)
    assert (result.entity, result.category) == (entity, category)
    assert result.entities[0] == entity
    assert result.matched_share >= RULES.entities[entity].min_share_with_header


@pytest.mark.parametrize(
    ("header", "column"),
    [
        pytest.param("order_no", each(order_number), id="order-numbers-failing-checksum"),
        pytest.param("sku", each(sku), id="11-digit-skus-start-2-or-0"),
        pytest.param("guid", each(guid), id="guids"),
        pytest.param("created_at", each(timestamp), id="timestamps-14-digits"),
        pytest.param("amount", each(amount), id="amounts"),
        pytest.param("身份证号", each(lambda r: wrong_check(resident_id(r))), id="ric-header-invalid-values"),
        pytest.param("手机号", each(sku), id="mobile-header-sku-values"),
        pytest.param("phone", each(sku), id="phone-header-sku-values"),
        pytest.param("tel", each(amount), id="tel-header-amounts"),
        pytest.param("备注", mixed(1, mobile, note), id="1-of-50-mobile-no-header"),
        pytest.param("手机", mixed(1, mobile, note), id="1-of-50-mobile-with-header"),
        pytest.param("姓名", each(guid), id="name-header-guid-values"),
        pytest.param("c11", faker_column("city"), id="city-only-is-no-address"),
        pytest.param("城市", faker_column("city"), id="city-column"),
        pytest.param("c12", each(lambda r: r.choice(["北京市朝阳区", "上海市浦东新区", "广州市天河区"])),
                     id="district-only-is-no-address"),
        pytest.param("c13", faker_column("company"), id="company-names"),
        pytest.param("c14", each(lambda r: r.choice(["已完成", "待发货", "已取消", "退货中", "待付款"])),
                     id="order-statuses"),
        pytest.param("c15", each(lambda r: r.choice(["华为平板", "苹果手机", "小米电视", "联想电脑", "格力空调"])),
                     id="product-names"),
        pytest.param("c16", each(lambda r: r.choice(["黄石市", "石家庄", "高楼层", "安静房间", "马铃薯", "白菜"])),
                     id="words-starting-with-surname-characters"),
        pytest.param("c17", faker_column("name", "en_US"), id="english-names-need-a-header"),
        pytest.param("c18", each(lambda r: r.choice(["J45.9", "I10", "E11.9", "K29.7"])), id="icd-codes-need-a-header"),
        pytest.param("c19", each(lambda r: f"{r.uniform(20, 45):.2f},{r.uniform(100, 125):.2f}"),
                     id="coarse-pairs-need-a-header"),
    ],
)
def test_when_decoy_column_then_no_entity(header: str, column: Column) -> None:
    result = label(header, column)
    assert result.entity is None, result
    assert (result.category, result.score, result.entities, result.rule_refs) == (None, 0.0, (), ())


def _ric_share(valid: int) -> Column:
    return mixed(valid, resident_id, order_number)


RIC = RULES.entities["CN_RESIDENT_ID"]
AT_MIN = math.ceil(RIC.min_share * ROWS)
AT_MIN_HEADER = math.ceil(RIC.min_share_with_header * ROWS)


@pytest.mark.parametrize(
    ("header", "valid", "entity"),
    [
        pytest.param("c01", AT_MIN, "CN_RESIDENT_ID", id=f"{AT_MIN}-of-{ROWS}-at-min_share"),
        pytest.param("c01", AT_MIN - 1, None, id=f"{AT_MIN - 1}-of-{ROWS}-below-min_share"),
        pytest.param(
            "身份证号", AT_MIN_HEADER, "CN_RESIDENT_ID", id=f"{AT_MIN_HEADER}-of-{ROWS}-at-header-share"
        ),
        pytest.param(
            "身份证号", AT_MIN_HEADER - 1, None, id=f"{AT_MIN_HEADER - 1}-of-{ROWS}-below-header-share"
        ),
    ],
)
def test_when_share_at_rule_edge_then_vote_as_tabled(header: str, valid: int, entity: str | None) -> None:
    result = label(header, _ric_share(valid))
    assert result.entity == entity
    if entity:
        assert result.matched_share == valid / ROWS


@pytest.mark.parametrize(
    ("header", "score", "refs", "hint"),
    [
        pytest.param(
            "身份证号",
            1.0,
            ("entities#CN_RESIDENT_ID", "headers#CN_RESIDENT_ID"),
            "CN_RESIDENT_ID",
            id="header-agrees",
        ),
        pytest.param("c01", 0.9, ("entities#CN_RESIDENT_ID",), None, id="no-header"),
        pytest.param("邮箱", 0.9, ("entities#CN_RESIDENT_ID",), "EMAIL_ADDRESS", id="header-disagrees"),
    ],
)
def test_when_header_agrees_then_score_and_refs_show_it(
    header: str, score: float, refs: tuple[str, ...], hint: str | None
) -> None:
    result = label(header, mixed(45, resident_id, note))
    assert result.entity == "CN_RESIDENT_ID"
    assert result.matched_share == pytest.approx(0.9)
    assert result.score == pytest.approx(score)
    assert (result.rule_refs, result.header_hint) == (refs, hint)


def test_when_phone_header_and_mobiles_then_mobile_and_not_phone() -> None:
    result = label("phone", each(mobile))
    assert result.entities == ("CN_MOBILE",)  # PHONE_NUMBER leaves mainland mobiles to CN_MOBILE
    assert result.header_hint == "CN_MOBILE"


@pytest.mark.parametrize(
    "cells",
    [
        pytest.param([None] * ROWS, id="all-none"),
        pytest.param(["", " ", "\u3000", None], id="blank-strings"),
        pytest.param([], id="no-rows"),
    ],
)
def test_when_column_has_no_non_empty_cell_then_nothing(cells: list[str | None]) -> None:
    (result,) = classify_frame(pd.DataFrame({"身份证号": cells}, dtype=object), on=ON)
    assert (result.entity, result.score, result.matched_share) == (None, 0.0, 0.0)
    assert result.header_hint == "CN_RESIDENT_ID"


def test_when_empty_cells_among_ids_then_share_counts_only_non_empty() -> None:
    rng = random.Random(5)
    cells = [resident_id(rng) for _ in range(20)] + [None] * 30
    (result,) = classify_frame(pd.DataFrame({"c01": cells}, dtype=object), on=ON)
    assert (result.entity, result.matched_share) == ("CN_RESIDENT_ID", 1.0)


def test_when_repeated_values_then_weighted_by_count() -> None:
    rng = random.Random(6)
    one_id = resident_id(rng)
    cells = [one_id] * 30 + [order_number(rng) for _ in range(20)]
    (result,) = classify_frame(pd.DataFrame({"c01": cells}, dtype=object), on=ON)
    assert (result.entity, result.matched_share) == ("CN_RESIDENT_ID", 0.6)


def test_when_frame_has_many_columns_then_one_label_each_in_order() -> None:
    rng = random.Random(8)
    frame = pd.DataFrame(
        {
            "amount": [amount(rng) for _ in range(ROWS)],
            "c01": [resident_id(rng) for _ in range(ROWS)],
            "手机": [mobile(rng) for _ in range(ROWS)],
            "guid": [guid(rng) for _ in range(ROWS)],
        },
        dtype=object,
    )
    labels = classify_frame(frame, on=ON)
    assert [(c.column, c.entity) for c in labels] == [
        ("amount", None), ("c01", "CN_RESIDENT_ID"), ("手机", "CN_MOBILE"), ("guid", None),
    ]  # fmt: skip


def test_when_same_frame_twice_then_same_labels() -> None:
    frame = pd.DataFrame({"c01": each(resident_id)(random.Random(9))}, dtype=object)
    assert classify_frame(frame, on=ON) == classify_frame(frame, on=ON)


class FakeSource:
    """Stands in for a scanner's Source: path, format, sample(n, seed)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.path = Path("/exports/2026-03-01/guests.csv")
        self.format = "csv"
        self.frame = frame
        self.calls: list[tuple[int, int]] = []

    def sample(self, n: int, seed: int) -> pd.DataFrame:
        self.calls.append((n, seed))
        return self.frame.head(n)


def test_when_source_classified_then_sampled_once_and_recorded() -> None:
    rng = random.Random(10)
    source = FakeSource(
        pd.DataFrame(
            {"sfzh": [resident_id(rng) for _ in range(30)], "卡号": [card(rng) for _ in range(30)]},
            dtype=object,
        )
    )
    result = classify_source(source, on=ON)
    assert source.calls == [(1000, 0)]
    assert (result.path, result.format, result.rows_sampled) == (str(source.path), "csv", 30)
    assert [c.entity for c in result.columns] == ["CN_RESIDENT_ID", "BANK_CARD"]
    assert [c.column for c in result.labelled] == ["sfzh", "卡号"]


def test_when_sample_rows_given_then_passed_to_source() -> None:
    source = FakeSource(pd.DataFrame({"x": ["a"] * 10}, dtype=object))
    result = classify_source(source, sample_rows=5, seed=3, on=ON)
    assert source.calls == [(5, 3)]
    assert result.rows_sampled == 5


def test_when_package_imported_then_presidio_is_not() -> None:
    code = "import sys, outbound.classifiers; print('presidio_analyzer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_when_a_frame_is_classified_then_neither_presidio_nor_jieba_nor_spacy_is_imported() -> None:
    code = (
        "import sys, datetime as dt, pandas as pd\n"
        "from outbound.classifiers import classify_frame\n"
        "frame = pd.DataFrame({'姓名': ['张伟', '王芳'] * 20, '备注': ['客户电话13812345678', '高血压'] * 20,\n"
        "                      'addr': ['北京市朝阳区建国路88号', '上海市浦东新区张江路1号'] * 20}, dtype=object)\n"
        "labels = classify_frame(frame, on=dt.date(2026, 3, 1))\n"
        "print([c.entity for c in labels])\n"
        "print(sorted(m for m in ('presidio_analyzer', 'spacy', 'jieba') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    entities, loaded = out.stdout.strip().splitlines()
    assert entities == "['PERSON_NAME', 'HEALTH_INFO', 'ADDRESS']"  # the frame was really classified
    assert loaded == "[]"


def remark(rng: random.Random) -> str:
    """A hotel remark: one in five holds a mobile, one in five a diagnosis, the rest none."""
    return rng.choice([f"客户来电，回拨{mobile(rng)}", f"患者有{rng.choice(['高血压', '哮喘'])}病史", "无烟房",
                       "延迟退房", "需要加床"])


def test_when_free_text_holds_several_entities_then_all_are_listed_and_the_column_is_sensitive() -> None:
    result = label("备注", each(remark))
    assert set(result.entities) == {"CN_MOBILE", "HEALTH_INFO"}
    assert result.category is Category.SENSITIVE  # the most protected category among the entities
    assert result.explain is not None and result.explain.text_cells == ROWS
    assert {e.threshold_name for e in result.explain.candidates if e.passed} == {"min_share_in_text"}


def test_when_a_few_short_words_repeat_then_min_distinct_rejects_names() -> None:
    words = each(lambda r: r.choice(["石家庄", "马铃薯", "王先生"]))
    result = label("c20", words)
    assert result.entity is None
    notes = [e.note for e in result.explain.candidates if e.entity == "PERSON_NAME"]  # type: ignore[union-attr]
    assert notes and "min_distinct" in (notes[0] or "")


@pytest.mark.parametrize(
    ("header", "born", "share"),
    [
        pytest.param("身份证号", (2015, 2020), 1.0, id="all-children-by-resident-id"),
        pytest.param("身份证号", (1960, 1990), 0.0, id="all-adults"),
        pytest.param("出生日期", (2015, 2020), 1.0, id="children-by-date-of-birth"),
    ],
)
def test_when_birth_dates_of_children_then_minor_share_says_so(
    header: str, born: tuple[int, int], share: float
) -> None:
    def make(rng: random.Random) -> str:
        ric = resident_id(rng, born=birth_date(rng, *born))
        return ric if header == "身份证号" else f"{ric[6:10]}-{ric[10:12]}-{ric[12:14]}"

    result = label(header, each(make))
    assert result.entity in ("CN_RESIDENT_ID", "DATE_OF_BIRTH")
    assert result.minor_share == share
    assert result.category is Category.PERSONAL  # the rows are made sensitive by extract, not the column


def test_when_explained_then_examples_are_masked_and_counts_add_up() -> None:
    rng = random.Random(12)
    cells = [resident_id(rng) for _ in range(40)] + [order_number(rng) for _ in range(10)]
    (result,) = classify_frame(pd.DataFrame({"c01": cells}, dtype=object), on=ON)
    why = result.explain
    assert why is not None and (why.cells, why.distinct, why.hinted) == (50, 50, ())
    ric = next(e for e in why.candidates if e.entity == "CN_RESIDENT_ID")
    assert (ric.validated, ric.share, ric.threshold, ric.passed) == (40, 0.8, RIC.min_share, True)
    assert ric.proposed == 50  # order numbers have the shape; their check digit fails
    assert ric.examples and all(e[1:-1] == "*" * 16 and e not in cells for e in ric.examples)


def test_when_header_hints_and_values_disagree_then_explain_says_no_value_matched() -> None:
    result = label("姓名", each(guid))
    assert result.entity is None and result.header_hint == "PERSON_NAME"
    (name,) = [e for e in result.explain.candidates if e.entity == "PERSON_NAME"]  # type: ignore[union-attr]
    assert (name.passed, name.validated, name.threshold_name) == (False, 0, "min_share_with_header")


def test_when_names_run_inside_sentences_under_a_name_header_then_jieba_finds_them() -> None:
    def sentence(rng: random.Random) -> str:
        name = rng.choice(["张伟", "王秀英", "李明", "刘洋", "陈静", "杨帆"])
        return rng.choice([f"请{name}明天回电", f"已通知{name}取件", f"客户{name}反映房间太吵"])

    assert "PERSON_NAME" in label("联系人备注", each(sentence)).entities
    assert "PERSON_NAME" not in label("备注", each(sentence)).entities  # no hint: jieba is not asked
