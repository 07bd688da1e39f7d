"""Security-assessment renewal (issue 26): validity from the result's issue day (Order 11: 2 years,
Order 16: 3 years), the 60-working-day window of the filing guide (3rd edition, from 2025-06-27),
and `filing status` alerting for assessed processors as it does for FTZ filings."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from outbound.expectations.assessment_renewal import assessment_renewal, for_filing
from outbound.expectations.filing import parse_filing
from tests.expectations.cases import base_filing

D = dt.date.fromisoformat


@pytest.mark.parametrize(("issued", "years", "expires"), [
    ("2024-03-21", 2, "2026-03-21"),
    ("2024-03-22", 3, "2027-03-22"),
], ids=["issued-2024-03-21-order11-2-years", "issued-2024-03-22-order16-3-years"])
def test_when_a_result_is_issued_then_validity_follows_the_edition_of_its_issue_day(issued, years, expires):
    r = assessment_renewal(D(issued), D("2025-08-01"))
    assert (r.validity_years, r.expires_on) == (years, D(expires))


# Issued 2023-09-01 (Order 11, 2 years) → last day 2025-09-01 (Mon). Counted by hand: working days
# 10–30 Jun 2025 = 15 (Dragon Boat 31 May–2 Jun is before), July 23, August 21, 1 Sep 1 → 60.
@pytest.mark.parametrize(("on", "state"), [
    ("2023-08-31", "not-yet-valid"),
    ("2025-06-09", "valid"),
    ("2025-06-10", "renewal-window-open"),
    ("2025-09-01", "renewal-window-open"),
    ("2025-09-02", "expired"),
], ids=["day-before-issue", "day-before-60th-working-day", "60th-working-day-before-expiry-opens",
        "last-day-of-validity", "day-after-expiry"])
def test_when_renewal_is_asked_on_a_date_then_the_state_follows_the_60_working_day_window(on, state):
    r = assessment_renewal(D("2023-09-01"), D(on))
    assert r.state == state
    assert (r.window_opens_on, r.window_last_day, r.renewal_working_days, r.exact) == (
        D("2025-06-10"), D("2025-09-01"), 60, True)
    assert (r.alert is not None) == (state in ("renewal-window-open", "expired"))
    assert "cn-cac-assessment-guide-2025" in r.source


def test_when_the_window_is_open_then_working_days_left_count_both_ends():
    assert assessment_renewal(D("2023-09-01"), D("2025-09-01")).working_days_left == 1
    assert assessment_renewal(D("2023-09-01"), D("2025-06-10")).working_days_left == 60


def test_when_expiry_precedes_the_guide_then_no_window_is_invented():
    r = assessment_renewal(D("2023-01-10"), D("2024-12-01"))  # expires 2025-01-10, guide from 2025-06-27
    assert (r.state, r.window_opens_on, r.renewal_working_days) == ("valid", None, None)
    assert any("no renewal-window rule" in n for n in r.notes)


def test_when_extension_terms_are_shown_then_they_are_marked_unverified_and_decide_nothing():
    r = assessment_renewal(D("2023-09-01"), D("2025-07-01"))
    assert len(r.extension) == 2 and all("◐ unverified" in t for t in r.extension)
    assert any("20 %" in t for t in r.extension) and any("3 years" in t for t in r.extension)


def _filing(**extra: object):
    data = base_filing() | {"filed_on": "2023-03-01", "approved_on": "2023-03-20"} | extra
    return data


def test_when_a_filing_records_no_assessment_then_there_is_no_assessment_status():
    assert for_filing(parse_filing(_filing(), "t"), D("2025-07-01")) is None


def test_when_a_scenario_is_assessed_without_its_issue_day_then_the_status_asks_for_it():
    data = _filing()
    data["scenarios"][0]["mechanism"] = "security_assessment"
    r = for_filing(parse_filing(data, "t"), D("2025-07-01"))
    assert r is not None and r.state == "not-approved" and r.alert is None
    assert "assessment_issued_on" in r.notes[0]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outbound", "filing", *args], capture_output=True, text=True)


def _write(tmp_path: Path, data: dict) -> str:
    path = tmp_path / "filing.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_when_filing_status_runs_in_the_assessment_window_then_it_alerts_and_exits_1(tmp_path: Path):
    path = _write(tmp_path, _filing(approved_on="2025-04-01", assessment_issued_on="2023-09-01"))
    inside = _cli("status", path, "--on", "2025-07-01")
    assert inside.returncode == 1
    assert "ALERT security-assessment renewal window open since 2025-06-10: apply by 2025-09-01" in inside.stderr
    assert "security assessment: renewal-window-open" in inside.stdout and "ALERT renewal window" not in inside.stderr
    before = _cli("status", path, "--on", "2025-06-09", "--json")
    data = json.loads(before.stdout)
    assert before.returncode == 0 and data["assessment"]["state"] == "valid" and data["state"] == "valid"


def test_when_a_filing_has_no_assessment_then_filing_status_output_is_as_before(tmp_path: Path):
    path = _write(tmp_path, _filing())
    out = _cli("status", path, "--on", "2025-12-01", "--json")
    assert "assessment" not in json.loads(out.stdout)
    text = _cli("status", path, "--on", "2025-12-01")
    assert "security assessment" not in text.stdout


@pytest.mark.parametrize(("filed_on", "known"), [
    ("2024-12-31", False), ("2025-01-01", True),
], ids=["filed-2024-12-31-before-the-regulations", "filed-2025-01-01-legal_duty-known"])
def test_when_a_filing_declares_legal_duty_then_validate_knows_it_from_the_regulations(filed_on, known):
    from outbound.expectations.validate import check_filing

    data = base_filing() | {"filed_on": filed_on}
    data["scenarios"][0].pop("mechanism")
    data["scenarios"][0]["exemption_ground"] = "legal_duty"
    errors = check_filing(parse_filing(data, "t")).errors
    assert (not any("legal_duty" in e for e in errors)) == known
