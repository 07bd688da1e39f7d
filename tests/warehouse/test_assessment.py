"""The obligations engine with a processor's profile: zone lists, declared grounds, CIIO, Beijing volumes.

Zone-list cases use the fictional, fully populated list of tests/lists/fixtures (every real list's
body is NOT FOUND in the reference, so real lists can only answer 'unknown').
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from outbound.common.records import Category, ColumnLabel, Profile, YearlyCounts
from outbound.regulation import rules
from outbound.regulation.assessment import assess

ROOT = Path(__file__).resolve().parents[2]
ON = dt.date(2030, 6, 1)
NAME = ColumnLabel("姓名", "PERSON_NAME", Category.PERSONAL, 1.0, 1.0, ("PERSON_NAME",))
CARD = ColumnLabel("card_no", "BANK_CARD", Category.SENSITIVE, 1.0, 1.0, ("BANK_CARD",))
EMAIL = ColumnLabel("email", "EMAIL_ADDRESS", Category.PERSONAL, 1.0, 1.0, ("EMAIL_ADDRESS",))


@pytest.fixture
def fictional_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    shutil.copy(ROOT / "tests/lists/fixtures/lists/xx-fictional-ftz-negative-list-2030.yaml", target / "lists")
    monkeypatch.setenv("OUTBOUND_RULES_DIR", str(target))
    rules.load_kind.cache_clear()
    yield target
    rules.load_kind.cache_clear()


def _counts(pi: int, spi: int = 0) -> YearlyCounts:
    return YearlyCounts("p", ON.year, persons=pi + spi, sensitive_persons=spi)


def _mechanisms(profile: Profile, counts: YearlyCounts, labels, on: dt.date = ON) -> list[tuple[str, str]]:
    return [(o.mechanism, o.rule_id) for o in assess(profile, counts, labels, on).obligations]


ZONE = Profile("p", zone="fictional-ftz", industry="住宿业")


@pytest.mark.parametrize(
    ("pi", "expected"),
    [
        (499_999, [("exempt", "exempt-outside_ftz_negative_list")]),
        (500_000, [("standard_contract_or_certification", "xx-fictional-ftz-negative-list-2030#fx-member-basics-contract")]),
        (5_000_000, [("security_assessment", "xx-fictional-ftz-negative-list-2030#fx-member-basics-assessment")]),
    ],
    ids=["inside-list-below-its-level-exempt", "inside-list-at-50万-contract", "inside-list-at-500万-assessment"],
)
def test_when_zone_processor_sends_list_data_then_the_list_level_replaces_the_national_line(fictional_rules, pi, expected):
    assert _mechanisms(ZONE, _counts(pi), [NAME]) == expected


def test_when_zone_processor_sends_data_outside_its_list_then_exempt_under_art6(fictional_rules):
    assert _mechanisms(ZONE, _counts(300_000), [EMAIL]) == [("exempt", "exempt-outside_ftz_negative_list")]


def test_when_the_list_does_not_cover_the_sector_then_national_rules_apply(fictional_rules):
    retail = Profile("p", zone="fictional-ftz", industry="零售业")
    a = assess(retail, _counts(300_000), [EMAIL], ON)
    assert [o.rule_id for o in a.obligations] == ["pi-standard-contract"]
    assert any("does not cover industry" in n for n in a.notes)


def test_when_a_ciio_is_registered_in_the_zone_then_it_never_uses_the_list(fictional_rules):
    ciio = Profile("p", zone="fictional-ftz", industry="住宿业", ciio=True)
    a = assess(ciio, _counts(1), [NAME], ON)
    assert [o.mechanism for o in a.obligations] == ["security_assessment"]
    assert any("CIIO never uses" in n for n in a.notes)


def test_when_sensitive_list_data_left_then_the_entry_mechanism_applies(fictional_rules):
    got = _mechanisms(ZONE, _counts(10, spi=1), [NAME, CARD])
    assert ("security_assessment", "xx-fictional-ftz-negative-list-2030#fx-member-payment") in got


def test_when_the_zone_list_is_not_found_in_the_reference_then_national_rules_apply_with_a_note():
    sh = Profile("p", zone="shanghai-ftz", industry="住宿业")
    a = assess(sh, YearlyCounts("p", 2025, persons=150_000, sensitive_persons=0), [NAME], dt.date(2025, 6, 1))
    assert [o.rule_id for o in a.obligations] == ["pi-standard-contract"]
    assert any("not verified" in n for n in a.notes)


def test_when_contract_necessity_is_declared_then_pi_lines_are_exempt_with_a_note():
    p = Profile("p", declared_grounds=("contract_necessity",))
    a = assess(p, YearlyCounts("p", 2026, persons=150_000, sensitive_persons=5), [NAME], dt.date(2026, 6, 1))
    assert [o.rule_id for o in a.obligations] == ["exempt-contract_necessity"]
    assert a.obligations[0].source.endswith("Art. 5(1)") or "5" in a.obligations[0].source
    assert any("declared" in n for n in a.notes)


def test_when_important_data_left_then_declared_grounds_do_not_exempt_it():
    p = Profile("p", declared_grounds=("contract_necessity",))
    counts = YearlyCounts("p", 2026, persons=10, sensitive_persons=0, important_data=True)
    a = assess(p, counts, [NAME], dt.date(2026, 6, 1))
    assert a.obligations[0].mechanism == "security_assessment"


@pytest.mark.parametrize(
    ("persons", "important"),
    [(100_000, False), (100_001, True)],
    ids=["100000-not-more-than-10万", "100001-more-than-10万"],
)
def test_when_a_beijing_ciio_exports_pi_of_more_than_100000_then_it_is_important_data(persons, important):
    p = Profile("p", zone="beijing-ftz", ciio=True)
    a = assess(p, YearlyCounts("p", 2025, persons=persons, sensitive_persons=0), [NAME], dt.date(2025, 6, 1))
    assert a.counts.important_data is important
    ids = [o.rule_id for o in a.obligations]
    assert ("ciio-pi-over-100k" in ids) is important
    assert all(not o.verified for o in a.obligations if o.rule_id == "ciio-pi-over-100k")


@pytest.mark.parametrize(
    ("day", "rule_file"),
    [(dt.date(2024, 3, 21), "cn-cac-order11-2022"), (dt.date(2024, 3, 22), "cn-cac-order16-2024")],
    ids=["2024-03-21-order11", "2024-03-22-order16"],
)
def test_when_the_date_crosses_order16_then_the_edition_changes(day, rule_file):
    a = assess(Profile("p"), YearlyCounts("p", 2024, persons=100_000, sensitive_persons=0), [NAME], day)
    assert all(o.source.startswith(rule_file) for o in a.obligations)


def test_when_pi_nears_100000_then_the_assessment_says_approaching():
    a = assess(Profile("p"), YearlyCounts("p", 2026, persons=80_000, sensitive_persons=0), [NAME], dt.date(2026, 6, 1))
    assert [o.rule_id for o in a.approaching] == ["pi-standard-contract"]


def test_when_a_ground_replaces_the_national_lines_then_nothing_is_approaching():
    counts = YearlyCounts("p", 2026, persons=850_000, sensitive_persons=0)  # 85 % of the 100万 line
    plain = assess(Profile("p"), counts, [NAME], dt.date(2026, 6, 1))
    assert [o.rule_id for o in plain.approaching] == ["pi-security-assessment"]
    grounded = assess(Profile("p", declared_grounds=("hr_management",)), counts, [NAME], dt.date(2026, 6, 1))
    assert grounded.obligations[0].rule_id == "exempt-hr_management" and grounded.approaching == ()
