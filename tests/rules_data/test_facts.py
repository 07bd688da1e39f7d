"""Exemption grounds, important data by volume, procedure periods; and the verification marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from outbound.common.errors import RuleFileError
from outbound.regulation import rules
from tests.rules_data.files import NEW_FILES, RULES

D = dt.date

# --- exemptions ---------------------------------------------------------------------------------

GROUNDS = [
    # id, article, decided_by, not_for_important_data (Shanghai reading: grounds 3–6)
    ("trade_transport_academic_no_pi", "3", "declared", False),
    ("collected_abroad_no_domestic_added", "4", "declared", False),
    ("contract_necessity", "5(1)", "declared", True),
    ("hr_management", "5(2)", "declared", True),
    ("emergency_life_property", "5(3)", "declared", True),
    ("small_volume_non_ciio", "5(4)", "measured", True),
    ("outside_ftz_negative_list", "6", "list_match", False),
]


def test_when_exemptions_are_read_then_the_seven_grounds_come_in_the_qa_order():
    grounds = rules.exemptions(D(2025, 1, 1)).grounds
    assert [(g.number, g.id) for g in grounds] == [(i, row[0]) for i, row in enumerate(GROUNDS, start=1)]


@pytest.mark.parametrize(("ground_id", "article", "decided_by", "not_for_important"), GROUNDS,
                         ids=[row[0] for row in GROUNDS])
def test_when_a_ground_is_read_then_its_article_decider_and_important_data_bar_match(
    ground_id: str, article: str, decided_by: str, not_for_important: bool
):
    ground = rules.exemptions(D(2025, 1, 1)).ground(ground_id)
    assert (ground.article, ground.decided_by, ground.not_for_important_data) == (article, decided_by,
                                                                                   not_for_important)
    assert ground.verified and set(ground.title) == {"zh", "en"}


def test_when_small_volume_is_measured_then_it_points_at_the_threshold_rule_in_force():
    ground = rules.exemptions(D(2025, 1, 1)).ground("small_volume_non_ciio")
    assert ground.measured_by is not None
    kind_file, rule_id = ground.measured_by.split("#")
    kind, file_id = kind_file.split("/")
    edition = rules.thresholds(D(2025, 1, 1))
    assert (kind, file_id) == ("thresholds", edition.meta.id)
    assert rule_id in {r.id for r in edition.rules}


def test_when_exempted_pi_in_totals_is_not_found_then_it_is_unknown_and_both_totals_are_reported():
    totals = rules.exemptions(D(2025, 1, 1)).exempted_pi_in_totals
    assert totals.counts_toward_totals == "unknown" and totals.engine_reports == "both_totals"
    assert set(totals.grounds) == {"contract_necessity", "hr_management", "emergency_life_property"}
    assert not totals.verified and "NOT FOUND" in totals.note


def test_when_an_export_predates_order16_then_no_exemption_grounds_are_in_force():
    with pytest.raises(RuleFileError, match="no national edition in force on 2024-03-21"):
        rules.exemptions(D(2024, 3, 21))


# --- important data by volume ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "on", "expected"),
    [
        pytest.param("beijing-ftz", D(2025, 1, 1), "cn-bj-ftz-important-data-2024", id="beijing-in-force"),
        pytest.param("beijing-ftz", D(2024, 8, 29), None, id="beijing-before-2024-08-30"),
        pytest.param("shanghai-ftz", D(2025, 1, 1), None, id="shanghai-has-none"),
        pytest.param("national", D(2025, 1, 1), None, id="national-has-none"),
    ],
)
def test_when_a_zone_is_asked_then_its_important_data_rules_or_none_come_back(
    zone: str, on: dt.date, expected: str | None
):
    found = rules.important_data_rules(zone, on)
    assert (found.meta.id if found else None) == expected


BEIJING = [
    pytest.param("pi-over-10m", 10_000_000, False, id="10000000-not-more-than-1000万"),
    pytest.param("pi-over-10m", 10_000_001, True, id="10000001-more-than-1000万"),
    pytest.param("spi-over-1m", 1_000_000, False, id="1000000-not-more-than-100万"),
    pytest.param("spi-over-1m", 1_000_001, True, id="1000001-more-than-100万"),
    pytest.param("certain-spi-over-100k", 100_000, False, id="100000-not-more-than-10万"),
    pytest.param("certain-spi-over-100k", 100_001, True, id="100001-more-than-10万"),
    pytest.param("ciio-pi-over-100k", 100_001, True, id="ciio-100001-more-than-10万"),
]


@pytest.mark.parametrize(("rule_id", "persons", "important"), BEIJING)
def test_when_persons_reach_a_beijing_line_then_more_than_is_exclusive(rule_id: str, persons: int, important: bool):
    found = rules.important_data_rules("beijing-ftz", D(2025, 1, 1))
    assert found is not None
    rule = next(r for r in found.rules if r.id == rule_id)
    assert rule.holds_for(persons) is important


def test_when_beijing_rules_are_read_then_entities_ciio_and_the_held_exported_doubt_are_explicit():
    found = rules.important_data_rules("beijing-ftz", D(2025, 1, 1))
    assert found is not None and not found.meta.verified
    by_id = {r.id: r for r in found.rules}
    assert by_id["certain-spi-over-100k"].entities == ["BANK_CARD", "HEALTH_INFO"]
    assert set(by_id["certain-spi-over-100k"].entities) <= set(rules.entities(D(2026, 1, 1)).entities)
    assert by_id["ciio-pi-over-100k"].requires == {"ciio": True}
    assert found.applies_to == "registered_in_zone" and found.volume_basis == "unknown"
    assert "held" in found.note and "exported" in found.note


# --- procedures -----------------------------------------------------------------------------------

PERIODS = [
    pytest.param("national", D(2023, 6, 1), "assessment_validity", 2, "years", id="order11-assessment-2y"),
    pytest.param("national", D(2024, 3, 22), "assessment_validity", 3, "years", id="order16-assessment-3y"),
    pytest.param("fujian-ftz", D(2026, 1, 1), "list_use_validity", 3, "years", id="fujian-list-use-3y"),
    pytest.param("fujian-ftz", D(2026, 1, 1), "renewal_window", 60, "working_days", id="fujian-renewal-60wd"),
    pytest.param("fujian-ftz", D(2026, 1, 1), "application_review", 5, "working_days", id="fujian-review-5wd"),
    pytest.param("fujian-ftz", D(2026, 1, 1), "list_opinion", 5, "working_days", id="fujian-opinion-5wd"),
    pytest.param("fujian-ftz", D(2026, 1, 1), "zone_report_interval", 6, "months", id="fujian-zone-report-6m"),
    pytest.param("shanghai-ftz", D(2025, 2, 8), "post_export_report", 15, "business_days",
                 id="shanghai-report-15bd"),
]


@pytest.mark.parametrize(("scope", "on", "fact_id", "value", "unit"), PERIODS)
def test_when_a_procedure_period_is_asked_then_the_edition_of_the_day_gives_it(
    scope: str, on: dt.date, fact_id: str, value: int, unit: str
):
    fact = rules.procedures(on, scope).fact(fact_id)
    assert (fact.value, fact.unit) == (value, unit)


@pytest.mark.parametrize(
    ("scope", "on", "in_force"),
    [
        pytest.param("fujian-ftz", D(2025, 12, 24), False, id="fujian-day-before-issue"),
        pytest.param("fujian-ftz", D(2025, 12, 25), True, id="fujian-issue-day"),
        pytest.param("fujian-ftz", D(2027, 12, 24), True, id="fujian-last-trial-day"),
        pytest.param("fujian-ftz", D(2027, 12, 25), False, id="fujian-trial-over"),
        pytest.param("shanghai-ftz", D(2025, 2, 7), False, id="shanghai-day-before"),
        pytest.param("shanghai-ftz", D(2025, 2, 8), True, id="shanghai-effective"),
    ],
)
def test_when_a_zone_procedure_is_dated_then_it_is_in_force_only_in_its_window(
    scope: str, on: dt.date, in_force: bool
):
    if in_force:
        assert rules.procedures(on, scope).meta.scope == scope
    else:
        with pytest.raises(RuleFileError, match=f"no {scope} edition in force"):
            rules.procedures(on, scope)


@pytest.mark.parametrize(
    ("scope", "fact_id", "status"),
    [
        pytest.param("national", "assessment_extension_window", "unverified", id="national-extension-window-❓"),
        pytest.param("national", "assessment_extension_length", "unverified", id="national-extension-length-❓"),
        pytest.param("shanghai-ftz", "list_use_validity", "not_found", id="shanghai-validity-not-found"),
        pytest.param("fujian-ftz", "major_change_volume_increase", "not_quantified", id="fujian-大幅度-unquantified"),
    ],
)
def test_when_an_absent_fact_is_asked_then_the_error_says_why_it_has_no_value(scope: str, fact_id: str, status: str):
    with pytest.raises(RuleFileError, match=f"{fact_id}' is {status}"):
        rules.procedures(D(2026, 1, 1), scope).fact(fact_id)


# --- verification marks ---------------------------------------------------------------------------


def _entries(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping in a parsed rule file that carries a `verified` mark, with where it sits."""
    if isinstance(node, dict):
        if "verified" in node:
            yield path or "(top)", node
        for key, value in node.items():
            yield from _entries(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _entries(value, f"{path}[{i}]")


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _own_strings(entry: dict[str, Any]) -> list[str]:
    """The entry's own texts (its note, summary, title), not those of entries nested in it."""
    return [s for k, v in entry.items() if not isinstance(v, list) or k in ("sources",) for s in _strings(v)]


@pytest.mark.parametrize("name", NEW_FILES, ids=[Path(n).stem for n in NEW_FILES])
def test_when_an_entry_cites_a_half_verified_source_then_it_carries_verified_false(name: str):
    raw = yaml.safe_load((RULES / name).read_text(encoding="utf-8"))
    for where, entry in _entries(raw):
        if any("◐" in s for s in _own_strings(entry)):
            assert entry["verified"] is False, f"{name} {where} cites ◐ but is verified"


# Facts the reference marks ◐, by file and entry: each must be stored with verified: false.
HALF_VERIFIED = [
    pytest.param("important_data/cn-bj-ftz-important-data-2024.yaml", "meta", id="beijing-file"),
    pytest.param("important_data/cn-bj-ftz-important-data-2024.yaml", "rules[*]", id="beijing-every-rule"),
    pytest.param("procedures/cn-sh-ftz-procedures-2025.yaml", "facts[0]", id="shanghai-15-business-days"),
    pytest.param("procedures/cn-sh-ftz-procedures-2025.yaml", "meta", id="shanghai-file-end-date"),
    pytest.param("procedures/cn-fj-ftz-procedures-2025.yaml", "meta", id="fujian-issue-date-S36"),
    pytest.param("entities/gbt-35273-2020.yaml", "entities.CN_RESIDENT_ID", id="35273-resident-id"),
    pytest.param("entities/gbt-35273-2020.yaml", "entities.PASSPORT_NUMBER", id="35273-passport"),
    pytest.param("entities/gbt-35273-2020.yaml", "entities.GEO_COORDINATE", id="35273-precise-location"),
    pytest.param("exemptions/cn-cac-order16-2024-exemptions.yaml", "exempted_pi_in_totals", id="totals-not-found"),
]


@pytest.mark.parametrize(("name", "where"), HALF_VERIFIED)
def test_when_the_reference_marks_a_fact_half_verified_then_the_file_says_verified_false(name: str, where: str):
    node: Any = yaml.safe_load((RULES / name).read_text(encoding="utf-8"))
    for part in where.split("."):
        key, _, index = part.partition("[")
        node = node[key]
        if index == "*]":
            assert all(item["verified"] is False for item in node)
            return
        if index:
            node = node[int(index.rstrip("]"))]
    assert node["verified"] is False


@pytest.mark.parametrize("name", NEW_FILES, ids=[Path(n).stem for n in NEW_FILES])
def test_when_a_fact_is_unconfirmed_then_it_appears_only_as_absent_never_with_a_value(name: str):
    raw = yaml.safe_load((RULES / name).read_text(encoding="utf-8"))
    outside_absent = {k: v for k, v in raw.items() if k != "absent"}
    assert not any("❓" in s for s in _strings(outside_absent)), f"{name} encodes a ❓ fact"
    for entry in raw.get("absent", []):
        assert "value" not in entry and "unit" not in entry
