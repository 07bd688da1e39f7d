"""The corpus's own generators against independent oracles (python-stdnum, phonenumbers), so that
a wrong truth cannot make the classifier look worse or better than it is."""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest
import stdnum.cn.ric
import stdnum.cn.uscc
import stdnum.imei
import stdnum.imo
import stdnum.luhn
from faker import Faker

from tests.eval import checksums as ck
from tests.eval import decoys as dc
from tests.eval import values as vv
from tests.eval.metrics import Counts, Prediction, per_entity
from tests.eval.truth import ColumnTruth


@pytest.fixture(scope="module")
def gen() -> vv.Gen:
    return vv.Gen(rng=random.Random(1), zh=Faker("zh_CN"), en=Faker("en_US"))


def test_when_ids_are_generated_then_stdnum_accepts_the_valid_and_rejects_the_decoys(gen: vv.Gen) -> None:
    for _ in range(200):
        born = vv.birth_date(gen)
        valid = ck.make_ric(gen.rng, born)
        assert valid[-1] == stdnum.cn.ric.calc_check_digit(valid)
        decoy = ck.make_ric_decoy(gen.rng, born)
        assert decoy[-1] != stdnum.cn.ric.calc_check_digit(decoy)
        assert stdnum.cn.uscc.is_valid(ck.make_uscc(gen.rng))
        assert stdnum.luhn.is_valid(ck.make_bank_card(gen.rng))
        assert stdnum.imei.is_valid(ck.make_imei(gen.rng))
        assert stdnum.imo.is_valid(ck.make_imo(gen.rng).removeprefix("IMO "))


def test_when_an_id_has_its_check_digit_changed_then_stdnum_rejects_it(gen: vv.Gen) -> None:
    value = ck.make_ric(gen.rng, vv.birth_date(gen))
    wrong = value[:-1] + ("0" if value[-1] != "0" else "1")
    assert wrong[-1] != stdnum.cn.ric.calc_check_digit(wrong)
    uscc = ck.make_uscc(gen.rng)
    assert not stdnum.cn.uscc.is_valid(uscc[:-1] + ("0" if uscc[-1] != "0" else "1"))


@pytest.mark.parametrize("variant", ["plain", "mixed"])
def test_when_mobiles_are_generated_then_phonenumbers_calls_them_chinese_mobiles(gen: vv.Gen, variant: str) -> None:
    for _ in range(100):
        parsed = phonenumbers.parse(vv.mobile(gen, variant), "CN")
        assert phonenumbers.is_valid_number(parsed) and parsed.country_code == 86
        assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE


def test_when_landlines_are_generated_then_phonenumbers_calls_them_fixed_lines(gen: vv.Gen) -> None:
    for _ in range(100):
        value = vv.landline(gen)
        text = value.rsplit("-", 1)[0] if value.count("-") == 2 else value  # drop an extension
        parsed = phonenumbers.parse(text, "CN")
        assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.FIXED_LINE, text


def test_when_plates_are_generated_then_they_have_seven_or_eight_characters(gen: vv.Gen) -> None:
    lengths = {len(re.sub(r"[·\- ]", "", vv.license_plate(gen, ""))) for _ in range(300)}
    assert lengths == {7, 8}


def test_when_skus_are_generated_then_none_is_shaped_like_a_mobile(gen: vv.Gen) -> None:
    assert not any(re.fullmatch(r"1[3-9]\d{9}", dc.sku(gen, "")) for _ in range(300))


def _truth(entity: str | None, column: str) -> ColumnTruth:
    return ColumnTruth("f.csv", "csv-utf8", column, entity, (entity,) if entity else (), "pi", "zh", "", "t")


def test_when_a_decoy_is_labelled_then_it_counts_as_a_false_positive_of_that_entity() -> None:
    truth = [_truth("CN_MOBILE", "a"), _truth(None, "b"), _truth("ADDRESS", "c")]
    got = {("f.csv", "a"): Prediction("CN_MOBILE"), ("f.csv", "b"): Prediction("CN_MOBILE")}
    counts = per_entity(truth, got)
    assert counts["CN_MOBILE"] == Counts(tp=1, fp=1, fn=0)
    assert counts["ADDRESS"] == Counts(tp=0, fp=0, fn=1)
    assert counts["CN_MOBILE"].f1 == pytest.approx(2 / 3)
