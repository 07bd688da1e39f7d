"""Conditions → notices → what they say (zh and en): lists, filings, escalation, masks."""

from __future__ import annotations

import datetime as dt

import pytest

from outbound.alerts import render
from outbound.alerts.build import Context, escalation, filing_notice, list_notices
from outbound.alerts.kinds import Kind, Notice, Severity
from outbound.common.records import Profile, YearlyCounts
from outbound.regulation.assessment import Assessment


def _assessment(matches: tuple[dict, ...]) -> Assessment:
    counts = YearlyCounts("sh-retail", 2026, persons=500, sensitive_persons=20)
    return Assessment(counts, Profile("sh-retail", zone="shanghai-ftz"), dt.date(2026, 5, 1), (), (), (), matches)


def _column(name: str, verdict: str, entries: list[str]) -> dict:
    return {"column": name, "verdict": verdict, "mechanisms": [], "reason": "",
            "hits": [{"entry": e} for e in entries]}


def test_when_a_negative_list_entry_is_found_then_one_notice_and_a_new_entry_is_worse():
    first = list_notices(_assessment(({"list_id": "sh-neg", "list_kind": "negative", "complete": True,
                                       "columns": [_column("证件号码", "inside", ["A.1"]),
                                                   _column("备注", "outside", [])]},)), Context())
    (n,) = first
    assert (n.kind, n.dedup_key, n.marks) == (Kind.NEGATIVE_LIST, "negative_list:sh-retail:2026:sh-neg", ("A.1",))
    (later,) = list_notices(_assessment(({"list_id": "sh-neg", "list_kind": "negative", "complete": True,
                                          "columns": [_column("证件号码", "inside", ["A.1", "B.2"])]},)), Context())
    assert later.dedup_key == n.dedup_key and later.worse_than(n.level, n.marks)
    assert not n.worse_than(later.level, later.marks)
    assert "证件号码 → A.1" in render.body(n)


def test_when_only_a_positive_list_or_outside_columns_match_then_no_notice():
    matches = ({"list_id": "pos", "list_kind": "positive", "columns": [_column("x", "inside", ["A"])]},
               {"list_id": "neg", "list_kind": "negative", "columns": [_column("x", "outside", [])]})
    assert list_notices(_assessment(matches), Context()) == []


def test_when_a_filing_enters_its_renewal_window_and_then_expires_then_expiry_is_worse(tmp_path):
    from outbound.demo import generate_zone
    from outbound.expectations.filing import load_filing
    from outbound.expectations.lifecycle import status

    generate_zone(tmp_path / "zone", seed=5, year=2026)
    filing = load_filing(tmp_path / "zone" / "sh-retail" / "filing.yaml")
    filing = filing.model_copy(update={"approved_on": dt.date(2024, 3, 1)})
    life = status(filing, dt.date(2025, 1, 1))

    def notice_on(day: dt.date) -> Notice | None:
        return filing_notice(filing.processor.id, filing.filing_id, status(filing, day), day, Context())

    assert notice_on(dt.date(2025, 1, 1)) is None  # valid: nothing to tell
    window = notice_on(life.window_opens_on)
    expired = notice_on(life.expires_on + dt.timedelta(days=1))
    assert window is not None and expired is not None
    assert window.subject == expired.subject and (window.level, expired.level) == (1, 2)
    assert expired.severity is Severity.CRITICAL
    assert "续期窗口已开启" in render.body(window) and f"须于 {life.window_last_day} 前申请续期" in render.body(window)
    assert "expired" in render.body(expired, "en")


NOTICE = Notice(Kind.CROSSED, "sh-retail", 2026, "pi-standard-contract", 1, Severity.CRITICAL, (), {
    "processor_name": "示例零售", "uscc": "91310115MA1RT3K82U", "persons": 123456, "sensitive_persons": 12,
    "rule_id": "pi-standard-contract", "counter": "pi_non_sensitive_persons", "measured": 123444, "line": 100000,
    "share": 1.2344, "obligation": "standard_contract_or_certification", "obligation_zh": "标准合同",
    "obligation_en": "standard contract", "article": "cn-cac-order16-2024 Art. 8", "crossed_on": "2026-04-02",
    "mechanism_registered": False, "filing_id": "F-9", "filing_version": 3, "report": "reports/sh-retail.html",
    "evidence": ["110105199001011234"]})


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", ["示例零售", "USCC 91310115MA1RT3K82U", "123,456", "100,000 个人信息人数（不含敏感） (以上)", "= 123.4 %",
             "个人信息出境标准合同或认证", "Art. 8", "2026-04-02", "F-9 v3", "否（备案中未登记）", "reports/sh-retail.html"]),
     ("en", ["Persons**: 123,456", "standard contract or certification", "Crossed on**: 2026-04-02",
             "Mechanism registered**: no"])],
    ids=["zh", "en"],
)
def test_when_a_crossed_line_is_rendered_then_it_says_who_how_far_what_is_owed_and_where(lang, expected):
    text = render.body(NOTICE, lang)
    for part in expected:
        assert part in text
    assert "110105199001011234" not in text and "110***********1234" in text  # evidence is masked once more


def test_when_a_crossed_line_is_escalated_then_it_has_its_own_key_and_says_how_long():
    up = escalation(NOTICE, 15)
    assert up.dedup_key == "crossed:sh-retail:2026:pi-standard-contract:escalated" != NOTICE.dedup_key
    assert render.title(up).startswith("【升级】") and "越线 15 天仍无已登记机制" in render.body(up)
    assert render.title(up, "en").startswith("[escalated] ")


def test_when_a_notice_goes_through_json_then_it_comes_back_equal():
    assert Notice.from_json(NOTICE.to_json()) == NOTICE
