"""CN_USCC: GB 32100 MOD 31 and the GB 11714 organisation-code check; python-stdnum as oracle."""

from __future__ import annotations

import random

import pytest
import stdnum.cn.uscc

from outbound.classifiers.recognizers import CnUsccRecognizer

from ..synthetic import order_number, resident_id
from .generators import USCC_ALPHABET, uscc
from .tables import found, single_substitutions, verdict

REC = CnUsccRecognizer()
KNOWN = "91110000600037341L"  # python-stdnum's documented example
CODE = uscc(random.Random(130))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(KNOWN, "value", id="stdnum-example"),
        pytest.param(CODE, "value", id="generated"),
        pytest.param(KNOWN.lower(), "value", id="lowercase"),
        pytest.param(KNOWN[:-1] + "M", "no", id="wrong-check"),
        pytest.param(KNOWN[:-1], "no", id="17-characters"),
        pytest.param(KNOWN + "1", "no", id="19-characters"),
        pytest.param("9111000060003734IL", "no", id="letter-i"),
        pytest.param(order_number(random.Random(131)), "no", id="order-number"),
        pytest.param(resident_id(random.Random(132)), "no", id="resident-id"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"统一社会信用代码：{KNOWN}。", [(KNOWN, "value")], id="embedded-in-chinese"),
        pytest.param(f"X{KNOWN}", [], id="glued"),
    ],
)
def test_when_text_then_codes_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


def test_when_500_generated_codes_then_decided_and_stdnum_agrees() -> None:
    rng = random.Random(133)
    for _ in range(500):
        value = uscc(rng)
        assert stdnum.cn.uscc.is_valid(value), value
        assert verdict(REC, value) == "value", value


def test_when_any_single_character_changes_then_rejected_like_stdnum() -> None:
    rng = random.Random(134)
    for value in [KNOWN] + [uscc(rng) for _ in range(10)]:
        for corrupt in single_substitutions(value, USCC_ALPHABET):
            assert verdict(REC, corrupt) == "no", corrupt
            assert not stdnum.cn.uscc.is_valid(corrupt), corrupt


def test_when_only_the_mod31_check_holds_then_stdnum_accepts_but_we_do_not() -> None:
    """Our extra check: the organisation code inside carries its own GB 11714 check character."""
    body = KNOWN[:16] + ("2" if KNOWN[16] != "2" else "3")
    forged = body + stdnum.cn.uscc.calc_check_digit(body)
    assert stdnum.cn.uscc.is_valid(forged)
    assert verdict(REC, forged) == "no"
