"""HK_MACAO_PERMIT and TAIWAN_PERMIT: the travel permits' number formats."""

from __future__ import annotations

import pytest

from outbound.classifiers.recognizers import HkMacaoPermitRecognizer, TaiwanPermitRecognizer
from outbound.classifiers.recognizers.base import Recognizer

from .tables import found, verdict

HK = HkMacaoPermitRecognizer()
TW = TaiwanPermitRecognizer()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("C12345678", "header", id="mainland-card-c8-shape-of-member-numbers"),
        pytest.param("CA1234567", "value", id="mainland-card-letter"),
        pytest.param("ca1234567", "value", id="lowercase"),
        pytest.param("H12345678", "header", id="home-return-hong-kong-8"),
        pytest.param("M12345678", "header", id="home-return-macao-8-or-member-number"),
        pytest.param("H1234567801", "value", id="home-return-with-renewal-count"),
        pytest.param("W12345678", "header", id="old-booklet"),
        pytest.param("CI1234567", "no", id="letter-i"),
        pytest.param("C1234567", "no", id="c7"),
        pytest.param("C123456789", "no", id="c9"),
        pytest.param("H123456789", "no", id="h9"),
        pytest.param("E12345678", "no", id="passport"),
    ],
)
def test_when_cell_then_hk_macao_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(HK, cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("T12345678", "header", id="mainland-to-taiwan-booklet"),
        pytest.param("12345678", "header", id="compatriot-permit-8-digits"),
        pytest.param("1234567801", "header", id="compatriot-permit-with-renewal"),
        pytest.param("L12345678", "header", id="mainland-to-taiwan-e-card"),
        pytest.param("T1234567", "no", id="t7"),
        pytest.param("11111111", "no", id="repeated-digit"),
        pytest.param("123456789", "no", id="9-digits"),
    ],
)
def test_when_cell_then_taiwan_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(TW, cell) == expected


@pytest.mark.parametrize(
    ("rec", "text", "expected"),
    [
        pytest.param(HK, "港澳通行证CA1234567已签注", [("CA1234567", "value")], id="hk-in-text"),
        pytest.param(HK, "回乡证H1234567801。", [("H1234567801", "value")], id="home-return-in-text"),
        pytest.param(HK, "编号XC12345678", [], id="hk-glued"),
        pytest.param(TW, "通行证T12345678，", [("T12345678", "header")], id="tw-in-text-needs-header"),
        pytest.param(TW, "台胞证12345678", [], id="compatriot-digits-never-inside-text"),
    ],
)
def test_when_text_then_permits_found_as_tabled(
    rec: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(rec, text) == expected
