"""The legal edges of CAC Order No. 16, Art. 5(4), 7 and 8: 以上 inclusive, 不满 exclusive."""

from __future__ import annotations

import datetime as dt

import pytest

from outbound.common.records import YearlyCounts
from outbound.regulation import rules
from outbound.regulation.obligations import approaching, obligations_for

ON = dt.date(2026, 6, 1)


def _mechanisms(pi: int, spi: int, *, ciio: bool = False, important: bool = False) -> list[str]:
    counts = YearlyCounts("p", 2026, persons=pi + spi, sensitive_persons=spi, ciio=ciio, important_data=important)
    return [o.mechanism for o in obligations_for(counts, rules.thresholds(ON))]


@pytest.mark.parametrize(
    ("pi", "spi", "expected"),
    [
        (0, 0, ["exempt"]),
        (99_999, 0, ["exempt"]),
        (100_000, 0, ["standard_contract_or_certification"]),
        (999_999, 0, ["standard_contract_or_certification"]),
        (1_000_000, 0, ["security_assessment"]),
        (0, 1, ["standard_contract_or_certification"]),
        (10, 9_999, ["standard_contract_or_certification"]),
        (10, 10_000, ["security_assessment"]),
        (99_999, 1, ["standard_contract_or_certification"]),
        (1_000_000, 10_000, ["security_assessment", "security_assessment"]),
    ],
    ids=[
        "0-exempt", "99999-exempt", "100000-at-10万", "999999-below-100万", "1000000-at-100万",
        "1-spi-ends-exemption", "9999-spi-below-1万", "10000-spi-at-1万", "99999-pi-plus-1-spi", "both-lines",
    ],
)
def test_when_counts_sit_on_a_legal_edge_then_the_mechanism_follows_the_article(pi, spi, expected):
    assert _mechanisms(pi, spi) == expected


def test_when_processor_is_ciio_then_one_person_needs_security_assessment():
    assert _mechanisms(1, 0, ciio=True) == ["security_assessment"]


def test_when_ciio_exports_nothing_then_no_obligation():
    assert _mechanisms(0, 0, ciio=True) == []


def test_when_important_data_left_then_security_assessment_even_with_one_person():
    assert _mechanisms(1, 0, important=True)[0] == "security_assessment"


def test_when_obligation_is_found_then_it_cites_rule_article_and_distance():
    counts = YearlyCounts("p", 2026, persons=87_412, sensitive_persons=0)
    (ob,) = obligations_for(counts, rules.thresholds(ON))
    assert ob.rule_id == "pi-exempt-small-volume"
    assert ob.source == "cn-cac-order16-2024 Art. 5(4)"
    assert "87,412 measured (87.4% of 100,000)" in ob.summary


@pytest.mark.parametrize(
    ("pi", "near"),
    [(79_999, []), (80_000, ["pi-standard-contract"]), (99_999, ["pi-standard-contract"]),
     (100_000, []), (800_000, ["pi-security-assessment"])],
    ids=["below-80pct", "at-80pct", "just-below-line", "line-crossed", "80pct-of-100万"],
)
def test_when_counts_reach_80_percent_of_a_line_then_it_is_approaching(pi, near):
    counts = YearlyCounts("p", 2026, persons=pi, sensitive_persons=0)
    policy = rules.alert_policy(ON)
    assert [o.rule_id for o in approaching(counts, rules.thresholds(ON), policy.approaching_share)] == near


def test_when_threshold_numbers_appear_in_code_outside_rules_then_fail():
    """Regulation numbers live in rules/ only (not in the package source)."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(?<![\w.])(100_?000|1_?000_?000|10_?000|10_?000_?000)(?![\w.])")
    sources = [*(root / "outbound").rglob("*.py"), *(root / "dags").rglob("*.py")]
    offenders = [
        f"{p.relative_to(root)}:{i}"
        for p in sources
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line.split("#")[0]) and "demo" not in p.parts
    ]
    assert offenders == []


@pytest.mark.parametrize(("pi", "text"), [(80_000, "80,000 measured (80.0% of 100,000)"),
                                          (99_999, "99,999 measured (99.9% of 100,000)")])  # fmt: skip
def test_when_a_line_is_approached_then_its_distance_is_to_that_line_and_not_yet_100_percent(pi, text):
    counts = YearlyCounts("p", 2026, persons=pi, sensitive_persons=0)
    (near,) = approaching(counts, rules.thresholds(ON), rules.alert_policy(ON).approaching_share)
    assert text in near.summary
