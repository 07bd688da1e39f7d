"""Shape validators: loose on purpose, and used only under a hinting header."""

from __future__ import annotations

import datetime as dt

import pytest

from outbound.classifiers.shapes import SHAPES

ON = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("entity", "value", "ok"),
    [
        pytest.param("PERSON_NAME", "张三", True, id="name-2-han"),
        pytest.param("PERSON_NAME", "欧阳娜娜", True, id="name-4-han"),
        pytest.param("PERSON_NAME", "买买提·艾力", True, id="name-middle-dot"),
        pytest.param("PERSON_NAME", "Zhang San", True, id="name-latin"),
        pytest.param("PERSON_NAME", "张", False, id="name-1-han"),
        pytest.param("PERSON_NAME", "张三丰李四王", False, id="name-6-han"),
        pytest.param("PERSON_NAME", "zhangsan", False, id="name-one-latin-word"),
        pytest.param("PERSON_NAME", "张三123", False, id="name-with-digits"),
        pytest.param("ADDRESS", "北京市朝阳区建国路88号", True, id="address"),
        pytest.param("ADDRESS", "上海市", False, id="address-too-short"),
        pytest.param("ADDRESS", "朝阳公园南门附近", False, id="address-no-marker"),
        pytest.param("DATE_OF_BIRTH", "2012-03-02", True, id="dob"),
        pytest.param("DATE_OF_BIRTH", "2027-01-01", False, id="dob-future"),
        pytest.param("DATE_OF_BIRTH", "1899-12-31", False, id="dob-1899"),
        pytest.param("HEALTH_INFO", "高血压", True, id="health"),
        pytest.param("HEALTH_INFO", "12345", False, id="health-digits"),
        pytest.param("PASSPORT_NUMBER", "E12345678", True, id="passport-e"),
        pytest.param("PASSPORT_NUMBER", "G1234567", True, id="passport-g7"),
        pytest.param("PASSPORT_NUMBER", "EA1234567", True, id="passport-two-letters"),
        pytest.param("PASSPORT_NUMBER", "123456789", False, id="passport-digits"),
        pytest.param("PHONE_NUMBER", "010-62345678", True, id="landline"),
        pytest.param("PHONE_NUMBER", "0755-86013388转123", True, id="landline-extension"),
        pytest.param("PHONE_NUMBER", "+86 10 6234 5678", True, id="landline-international"),
        pytest.param("PHONE_NUMBER", "13812345678", True, id="mobile-is-a-phone-too"),
        pytest.param("PHONE_NUMBER", "abc", False, id="phone-letters"),
        pytest.param("PHONE_NUMBER", "58769.58", False, id="phone-amount"),
        pytest.param("PHONE_NUMBER", "62345678", False, id="local-number-without-area-code-given-up"),
        pytest.param("IP_ADDRESS", "192.168.1.10", True, id="ipv4"),
        pytest.param("IP_ADDRESS", "2001:db8::1", True, id="ipv6"),
        pytest.param("IP_ADDRESS", "300.1.1.1", False, id="ip-out-of-range"),
        pytest.param("GEO_COORDINATE", "31.2304,121.4737", True, id="geo-pair"),
        pytest.param("GEO_COORDINATE", "121.473701", True, id="geo-single"),
        pytest.param("GEO_COORDINATE", "91.0,121.4", False, id="geo-lat-out-of-range"),
        pytest.param("GEO_COORDINATE", "42", False, id="geo-integer"),
        pytest.param("LICENSE_PLATE", "京A12345", True, id="plate"),
        pytest.param("LICENSE_PLATE", "粤B·D12345", True, id="plate-new-energy-dot"),
        pytest.param("LICENSE_PLATE", "A12345", False, id="plate-no-province"),
    ],
)
def test_when_value_then_shape_as_tabled(entity: str, value: str, ok: bool) -> None:
    assert SHAPES[entity](value, ON) is ok
