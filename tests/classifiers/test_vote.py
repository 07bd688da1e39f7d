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
from outbound.common.rules import entities

from .synthetic import (
    ON,
    amount,
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


def faker_column(method: str) -> Column:
    """ROWS values from a zh_CN Faker seeded from the column's rng."""

    def column(rng: random.Random) -> list[str | None]:
        f = Faker("zh_CN")
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


def note(rng: random.Random) -> str:
    return rng.choice(["已发货", "待付款", "退货中", "已签收", "无"])


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
        pytest.param("地址", faker_column("address"), "ADDRESS", Category.PERSONAL, id="address-faker"),
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
        pytest.param("c05", faker_column("name"), id="names-need-a-header"),
        pytest.param("c06", faker_column("address"), id="addresses-need-a-header"),
        pytest.param("姓名", each(guid), id="name-header-guid-values"),
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


def test_when_phone_header_and_mobiles_then_mobile_first_and_phone_also_passes() -> None:
    result = label("phone", each(mobile))
    assert result.entities == ("CN_MOBILE", "PHONE_NUMBER")
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
