"""DEVICE_ID: IMEI (Luhn, stdnum.imei as oracle), MEID, MAC by value; UUID and bare hex under a header."""

from __future__ import annotations

import random
import uuid

import pytest
import stdnum.imei
import stdnum.meid
from faker import Faker

from outbound.classifiers.recognizers import DeviceIdRecognizer

from ..synthetic import guid
from .generators import imei, mac, meid
from .tables import found, single_substitutions, verdict

REC = DeviceIdRecognizer()
IMEI = "490154203237518"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(IMEI, "value", id="imei"),
        pytest.param("49-015420-323751-8", "value", id="imei-2-6-6-1"),
        pytest.param("49 015420 323751 8", "value", id="imei-spaces"),
        pytest.param(IMEI[:-1] + "9", "no", id="imei-wrong-luhn"),
        pytest.param(IMEI[:-1], "no", id="imei-14-digits"),
        pytest.param("340524800101001", "no", id="first-generation-id"),
        pytest.param("A1000012345678", "value", id="meid"),
        pytest.param("a1000012345678", "value", id="meid-lowercase"),
        pytest.param("99000012345678", "no", id="meid-decimal-region"),
        pytest.param("b4:fa:0f:f0:16:9d", "value", id="mac-colons"),
        pytest.param("B4-FA-0F-F0-16-9D", "value", id="mac-hyphens"),
        pytest.param("b4fa.0ff0.169d", "value", id="mac-cisco"),
        pytest.param("b4:fa-0f:f0:16:9d", "no", id="mac-mixed-separators"),
        pytest.param("00:00:00:00:00:00", "no", id="mac-zero"),
        pytest.param("FF:FF:FF:FF:FF:FF", "no", id="mac-broadcast"),
        pytest.param("b4fa0ff0169d", "header", id="mac-bare"),
        pytest.param("202405011230", "no", id="bare-12-digits"),
        pytest.param(str(uuid.UUID(int=7, version=4)), "header", id="uuid"),
        pytest.param("1714540800123", "no", id="ms-timestamp"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"设备IMEI：{IMEI}已登记", [(IMEI, "value")], id="imei-in-chinese"),
        pytest.param("网卡b4:fa:0f:f0:16:9d。", [("b4:fa:0f:f0:16:9d", "value")], id="mac-in-chinese"),
        pytest.param(f"订单{IMEI}8", [], id="imei-inside-longer-run"),
    ],
)
def test_when_text_then_devices_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


def test_when_generated_imeis_then_decided_and_stdnum_agrees() -> None:
    rng = random.Random(90)
    for _ in range(500):
        value = imei(rng)
        assert stdnum.imei.is_valid(value)
        expected = "no" if _reads_as_old_id(value) else "value"
        assert verdict(REC, value) == expected, value


def _reads_as_old_id(value: str) -> bool:
    import datetime as dt

    if value[0] not in "123456":
        return False
    try:
        dt.date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    except ValueError:
        return False
    return True


def test_when_any_single_digit_of_an_imei_changes_then_rejected_like_stdnum() -> None:
    for corrupt in single_substitutions(IMEI, "0123456789"):
        assert verdict(REC, corrupt) == "no", corrupt
        assert not stdnum.imei.is_valid(corrupt), corrupt


def test_when_generated_meids_and_macs_then_decided_by_value() -> None:
    rng = random.Random(91)
    for _ in range(200):
        value = meid(rng)
        assert stdnum.meid.is_valid(value)
        assert verdict(REC, value) == "value", value
        for sep in (":", "-", "."):
            assert verdict(REC, mac(rng, sep)) == "value"


def test_when_faker_macs_then_decided_and_guids_need_a_header() -> None:
    fake = Faker("en_US")
    fake.seed_instance(92)
    rng = random.Random(93)
    for _ in range(200):
        assert verdict(REC, fake.mac_address()) == "value"
        assert verdict(REC, guid(rng)) == "header"
