"""rules/regulations/ (issue 26): the Network Data Regulations and the certification measures as
data, their edges and marks; the filing guide's renewal facts in rules/procedures/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from outbound.common.errors import RuleFileError
from outbound.regulation import rules
from outbound.regulation.regulations import declarable_grounds, find_ground, regulations
from outbound.regulation.rule_national import RegulationFile
from outbound.regulation.rulecheck import check_all
from tests.rules_data.files import RULES

D = dt.date
NDSR, ORDER20 = "cn-sc-ndsr-2024", "cn-cac-samr-order20-2025"


def _file(file_id: str) -> RegulationFile:
    return next(f for f in rules.load_kind("regulations") if f.meta.id == file_id)  # type: ignore[return-value]


@pytest.mark.parametrize(("on", "ids"), [
    (D(2024, 12, 31), []),
    (D(2025, 1, 1), [NDSR]),
    (D(2025, 12, 31), [NDSR]),
    (D(2026, 1, 1), [ORDER20, NDSR]),
], ids=["2024-12-31-none", "2025-01-01-regulations", "2025-12-31-before-order20", "2026-01-01-both"])
def test_when_a_date_is_asked_then_the_texts_in_force_come_back(on, ids):
    assert [f.meta.id for f in regulations(on)] == ids


def test_when_legal_duty_is_read_then_it_is_declared_and_never_for_important_data():
    file, g = find_ground("legal_duty", D(2025, 1, 1))
    assert file.meta.id == NDSR and (g.article, g.decided_by, g.not_for_important_data) == ("35(6)", "declared", True)
    assert [g.id for _, g in declarable_grounds(D(2025, 1, 1))][-1] == "legal_duty"
    assert "legal_duty" not in {g.id for _, g in declarable_grounds(D(2024, 12, 31))}
    assert len(rules.exemptions(D(2025, 1, 1)).grounds) == 7  # Order 16's file is unchanged


def test_when_the_art28_line_is_read_then_it_counts_persons_processed_measured_as_exported():
    [line] = _file(NDSR).flags
    assert (line.article, line.at_least, line.counts, line.measured_as) == (
        "28", 10_000_000, "persons_processed", "persons_exported")
    assert line.duty_articles == ["30", "32"]


def test_when_art38_is_read_then_it_is_a_half_verified_note_on_assessed_exports():
    [note] = _file(NDSR).mechanism_notes
    assert (note.article, note.applies_to, note.verified) == ("38", "security_assessment", False)


@pytest.mark.parametrize(("counter", "value", "holds"), [
    ("pi_non_sensitive_persons", 99_999, False),
    ("pi_non_sensitive_persons", 100_000, True),
    ("pi_non_sensitive_persons", 999_999, True),
    ("pi_non_sensitive_persons", 1_000_000, False),
    ("spi_persons", 0, False),
    ("spi_persons", 1, True),
    ("spi_persons", 9_999, True),
    ("spi_persons", 10_000, False),
], ids=["pi-99999-below-10万", "pi-100000-at-10万", "pi-999999-under-100万", "pi-1000000-at-100万",
        "spi-0-none", "spi-1-any", "spi-9999-under-1万", "spi-10000-at-1万"])
def test_when_a_count_meets_a_certification_band_edge_then_以上_is_inclusive_and_不满_exclusive(counter, value, holds):
    [route] = _file(ORDER20).routes
    assert route.requires == {"ciio": False, "important_data": False}
    [band] = [b for b in route.bands if b.counter == counter]
    assert band.holds_for(value) is holds


def test_when_the_split_rule_is_read_then_it_is_marked_unobservable():
    [p] = _file(ORDER20).prohibitions
    assert p.observable is False and p.applies_to == "standard_contract_or_certification"


def _write(folder: Path, name: str, data: dict) -> None:
    (folder / "regulations" / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_when_two_editions_of_one_text_overlap_then_rules_check_names_them(rules_copy: Path):
    data = yaml.safe_load((rules_copy / "regulations" / f"{NDSR}.yaml").read_text(encoding="utf-8"))
    data["meta"]["id"] = "cn-sc-ndsr-2026"
    data["meta"]["effective_from"] = D(2026, 1, 1)
    _write(rules_copy, "cn-sc-ndsr-2026.yaml", data)
    problems = [c.error for c in check_all(rules_copy) if c.error]
    assert any(NDSR in p and "cn-sc-ndsr-2026" in p and "both in force" in p for p in problems)
    data["text"] = "another-text"  # different texts stand side by side
    _write(rules_copy, "cn-sc-ndsr-2026.yaml", data)
    assert not [c.error for c in check_all(rules_copy) if c.error]


@pytest.mark.parametrize(("change", "message"), [
    ({"routes": [], "grounds": [], "flags": [], "mechanism_notes": [], "prohibitions": []}, "needs grounds"),
    ({"prohibitions": [{"id": "certification", "article": "x", "applies_to": "security_assessment",
                        "summary": {"zh": "a", "en": "b"}, "observable": False,
                        "why_not_observable": {"zh": "a", "en": "b"}, "verified": True, "sources": ["S4"]}]},
     "duplicate entry id"),
    ({"routes": [{"id": "certification", "route": "certification", "refines": "standard_contract_or_certification",
                  "article": "x", "summary": {"zh": "a", "en": "b"}, "requires": {},
                  "bands": [{"counter": "spi_persons", "at_least": 10, "below": 10}],
                  "verified": True, "sources": ["S4"]}]}, "must be greater"),
    ({"routes": [{"id": "certification", "route": "certification", "refines": "standard_contract_or_certification",
                  "article": "x", "summary": {"zh": "a", "en": "b"}, "requires": {},
                  "bands": [{"counter": "spi_persons", "at_least": 1, "below": 10}],
                  "verified": True, "sources": ["page 3"]}]}, "sources"),
], ids=["empty-file", "duplicate-ids", "band-below-not-above-at_least", "source-neither-S-id-nor-address"])
def test_when_a_regulations_file_is_broken_then_the_error_names_the_key(rules_copy: Path, change: dict, message: str):
    path = rules_copy / "regulations" / f"{ORDER20}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) | change
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleFileError, match=message):
        rules.load_file(path, RegulationFile)


# --- the filing guide's renewal facts -----------------------------------------------------------

GUIDE = "procedures/cn-cac-assessment-guide-2025.yaml"


@pytest.mark.parametrize(("fact_id", "value", "unit", "verified"), [
    ("assessment_renewal_window", 60, "working_days", True),
    ("assessment_extension_length", 3, "years", False),
    ("assessment_extension_growth_cap", 20, "percent", False),
], ids=["window-60-working-days-✅", "extension-3-years-◐", "growth-20-percent-◐"])
def test_when_the_guide_is_read_then_the_window_is_verified_and_the_extension_terms_are_not(
        fact_id, value, unit, verified):
    guide = rules.load_file(RULES / GUIDE, rules.ProcedureFile)
    fact = guide.fact(fact_id)
    assert (fact.value, fact.unit, fact.verified) == (value, unit, verified)
    assert guide.meta.scope == "national-assessment" and guide.meta.effective_from == D(2025, 6, 27)


def test_when_national_procedures_are_asked_then_order16_still_answers_alone():
    # the guide sits beside Order 16 (its own scope): Order 16's own text still sets no window
    assert rules.procedures(D(2026, 1, 1)).meta.id == "cn-cac-order16-2024-procedures"
    with pytest.raises(RuleFileError, match="procedures/cn-cac-assessment-guide-2025"):
        rules.procedures(D(2026, 1, 1)).fact("assessment_extension_window")
