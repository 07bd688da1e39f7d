"""CN_RESIDENT_ID: MOD 11-2 and a real birth date decide; 15-digit first-generation IDs need a header."""

from __future__ import annotations

import random

import pytest
import stdnum.cn.ric
from faker import Faker

from outbound.classifiers.recognizers import CnResidentIdRecognizer

from ..synthetic import order_number, resident_id, wrong_check
from .tables import found, single_substitutions, verdict

REC = CnResidentIdRecognizer()
RIC = resident_id(random.Random(20))
GB_EXAMPLE = "11010519491231002X"  # the worked example of GB 11643-1999 (a fictional person)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(RIC, "value", id="valid"),
        pytest.param(GB_EXAMPLE, "value", id="check-x"),
        pytest.param(GB_EXAMPLE.lower(), "value", id="lowercase-x"),
        pytest.param(f"{RIC[:6]} {RIC[6:14]} {RIC[14:]}", "value", id="spaces-6-8-4"),
        pytest.param(f"{RIC[:6]}-{RIC[6:14]}-{RIC[14:]}", "value", id="hyphens-6-8-4"),
        pytest.param(f"{RIC[:6]}-{RIC[6:14]} {RIC[14:]}", "no", id="mixed-separators"),
        pytest.param(wrong_check(RIC), "no", id="wrong-check"),
        pytest.param(RIC[:-1], "no", id="17-digits"),
        pytest.param(RIC + "1", "no", id="19-digits"),
        pytest.param("110105" + "20991231" + "002" + "7", "no", id="born-in-future"),
        pytest.param(order_number(random.Random(21)), "no", id="order-number"),
        pytest.param("340524800101001", "header", id="first-generation-15"),
        pytest.param("340524801301001", "no", id="15-digits-month-13"),
        pytest.param("940524800101001", "no", id="15-digits-region-9"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"身份证号码{RIC}，请核对", [(RIC, "value")], id="embedded-in-chinese"),
        pytest.param(f"证件{RIC}和{GB_EXAMPLE}", [(RIC, "value"), (GB_EXAMPLE, "value")], id="two-ids"),
        pytest.param(f"A{RIC}", [], id="glued-to-letter"),
        pytest.param(f"9{RIC}", [], id="inside-longer-digit-run"),
        pytest.param(f"0.{RIC}", [], id="decimal-fraction"),
        pytest.param("旧证340524800101001号", [("340524800101001", "header")], id="first-generation-in-text"),
    ],
)
def test_when_text_then_ids_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


def stdnum_check_and_date_hold(value: str) -> bool:
    """stdnum's check digit and birth date, without its region table (which rejects real, newer codes)."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    try:
        stdnum.cn.ric.get_birth_date(value)
    except stdnum.cn.ric.ValidationError:
        return False
    return stdnum.cn.ric.calc_check_digit(value) == value[-1].upper()


def test_when_500_faker_ids_then_all_decided_by_value_as_stdnum_agrees() -> None:
    fake = Faker("zh_CN")
    fake.seed_instance(22)
    for _ in range(500):
        value = fake.ssn()
        assert verdict(REC, value) == "value", value
        assert stdnum_check_and_date_hold(value), value


def test_when_any_single_character_changes_then_rejected_like_stdnum() -> None:
    rng = random.Random(23)
    for value in (resident_id(rng) for _ in range(20)):
        for corrupt in single_substitutions(value, "0123456789X"):
            assert verdict(REC, corrupt) != "value", corrupt
            assert not stdnum_check_and_date_hold(corrupt), corrupt
