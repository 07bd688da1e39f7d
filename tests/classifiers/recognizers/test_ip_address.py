"""IP_ADDRESS: the standard library's ipaddress decides; versions, dates and decimals do not pass."""

from __future__ import annotations

import ipaddress

import pytest
from faker import Faker

from outbound.classifiers.recognizers import IpAddressRecognizer

from .tables import found, verdict

REC = IpAddressRecognizer()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("192.168.1.10", "value", id="ipv4-private"),
        pytest.param("8.8.8.8", "value", id="ipv4-public"),
        pytest.param("8.8.8.8:53", "value", id="ipv4-with-port"),
        pytest.param("2001:db8::1", "value", id="ipv6-compressed"),
        pytest.param("2001:0db8:0000:0000:0000:ff00:0042:8329", "value", id="ipv6-full"),
        pytest.param("::ffff:192.0.2.1", "value", id="ipv6-mapped-ipv4"),
        pytest.param("::1", "value", id="ipv6-loopback"),
        pytest.param("256.1.1.1", "no", id="octet-over-255"),
        pytest.param("01.2.3.4", "no", id="leading-zero"),
        pytest.param("1.2.3", "no", id="three-parts"),
        pytest.param("1.2.3.4.5", "no", id="five-parts"),
        pytest.param("v1.2.3.4", "no", id="version-string"),
        pytest.param("2024.01.05", "no", id="dotted-date"),
        pytest.param("12345.67", "no", id="amount"),
        pytest.param("0.0.0.0", "no", id="unspecified"),
        pytest.param("255.255.255.255", "no", id="broadcast"),
        pytest.param("8.8.8.8:99999", "no", id="port-out-of-range"),
        pytest.param("12:30:00", "no", id="time"),
        pytest.param("00:1a:2b:3c:4d:5e", "no", id="mac-address"),
        pytest.param("2001:db8::1::2", "no", id="two-double-colons"),
        pytest.param("2001:db8:0:0:0:0:0:0:1", "no", id="nine-groups"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("登录IP为10.0.0.8，异常", [("10.0.0.8", "value")], id="ipv4-in-chinese"),
        pytest.param(
            "来源2001:db8::8a2e:370:7334访问", [("2001:db8::8a2e:370:7334", "value")], id="ipv6-in-chinese"
        ),
        pytest.param("升级到v1.2.3.4版本", [], id="version-glued-to-v"),
        pytest.param("版本1.2.3.4.5", [], id="longer-dotted-run"),
        pytest.param("日期2024.01.05", [], id="dotted-date"),
        pytest.param("时间12:30:00", [], id="time"),
    ],
)
def test_when_text_then_addresses_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


def test_when_faker_addresses_then_decided_by_value_as_ipaddress_agrees() -> None:
    fake = Faker("en_US")
    fake.seed_instance(80)
    for _ in range(300):
        for value in (fake.ipv4(), fake.ipv4_private(), fake.ipv6()):
            ipaddress.ip_address(value)
            assert verdict(REC, value) == "value", value
