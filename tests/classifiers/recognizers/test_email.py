"""EMAIL_ADDRESS: ASCII local part, no Han characters swallowed, valid domain labels."""

from __future__ import annotations

import pytest
from faker import Faker

from outbound.classifiers.recognizers import EmailRecognizer

from .tables import found, verdict

REC = EmailRecognizer()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("zhang@example.com", "value", id="valid"),
        pytest.param("zhang.san+cn@mail.example.com.cn", "value", id="subdomains-and-plus"),
        pytest.param("13812345678@qq.com", "value", id="digits-local-part"),
        pytest.param("张三@example.com", "no", id="han-local-part"),
        pytest.param("zhang@localhost", "no", id="no-tld"),
        pytest.param("zhang@example.c", "no", id="one-letter-tld"),
        pytest.param("zhang@-example.com", "no", id="label-starts-with-hyphen"),
        pytest.param("a..b@example.com", "no", id="double-dot"),
        pytest.param("a" * 65 + "@example.com", "no", id="local-part-too-long"),
        pytest.param("zhang at example.com", "no", id="no-at"),
    ],
)
def test_when_cell_then_verdict_as_tabled(cell: str, expected: str) -> None:
    assert verdict(REC, cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "联系张三zhang@example.com", [("zhang@example.com", "value")], id="han-before-local-part"
        ),
        pytest.param(
            "邮箱：li@example.cn，谢谢", [("li@example.cn", "value")], id="fullwidth-punctuation-around"
        ),
        pytest.param("发至wang@example.com。", [("wang@example.com", "value")], id="han-full-stop-after"),
        pytest.param("张三@example.com", [], id="han-local-part"),
    ],
)
def test_when_text_then_emails_found_as_tabled(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(REC, text) == expected


def test_when_faker_emails_then_all_decided_by_value() -> None:
    for locale in ("zh_CN", "en_US"):
        fake = Faker(locale)
        fake.seed_instance(40)
        for _ in range(200):
            value = fake.email()
            assert verdict(REC, value) == "value", value
