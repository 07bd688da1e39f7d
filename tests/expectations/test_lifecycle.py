"""Filing lifecycle: validity from approval, the renewal window in Chinese working days."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from outbound.expectations.filing import parse_filing
from outbound.expectations.lifecycle import add_years, nth_working_day_back, status
from outbound.expectations.policy import lifecycle_facts
from tests.expectations.cases import base_filing

FUJIAN = lifecycle_facts("fujian-ftz", dt.date(2026, 1, 5))


def _filing(approved: str, zone: str = "fujian-ftz"):
    data = base_filing()
    data["processor"]["zone"] = zone
    data["filed_on"], data["approved_on"] = "2023-03-01", approved
    return parse_filing(data, "test")


def test_when_fujian_rules_are_read_then_validity_and_window_come_from_rules_procedures():
    assert FUJIAN.source == "cn-fj-ftz-procedures-2025 Art. 13" and not FUJIAN.by_analogy
    assert (FUJIAN.validity.unit, FUJIAN.renewal.unit) == ("years", "working_days")


def test_when_the_window_spans_the_2026_spring_festival_then_holidays_are_skipped_and_makeup_days_count():
    # Expiry Fri 2026-03-20. Counted by hand from the State Council 2026 schedule: Spring Festival
    # 15–23 Feb off, Sat 14 and Sat 28 Feb worked; New Year 1–3 Jan off, Sun 4 Jan worked.
    opens, last, exact = nth_working_day_back(dt.date(2026, 3, 20), FUJIAN.renewal.value)
    assert (opens, last, exact) == (dt.date(2025, 12, 22), dt.date(2026, 3, 20), True)
    naive, day, n = None, dt.date(2026, 3, 20), 0
    while naive is None:  # Monday to Friday only: what ignoring the holiday calendar would give
        n += day.weekday() < 5
        naive = day if n == FUJIAN.renewal.value else None
        day -= dt.timedelta(days=1)
    assert naive == dt.date(2025, 12, 29) and naive != opens


@pytest.mark.parametrize(("on", "state"), [
    ("2023-03-19", "not-yet-valid"),
    ("2025-12-19", "valid"),
    ("2025-12-22", "renewal-window-open"),
    ("2026-02-18", "renewal-window-open"),
    ("2026-03-20", "renewal-window-open"),
    ("2026-03-21", "expired"),
], ids=["before-approval", "friday-before-window", "window-opens", "spring-festival", "last-day", "day-after"])
def test_when_status_is_asked_on_a_date_then_the_state_follows_the_window(on, state):
    st = status(_filing("2023-03-20"), dt.date.fromisoformat(on))
    assert st.state == state
    assert st.expires_on == dt.date(2026, 3, 20) and st.window_opens_on == dt.date(2025, 12, 22)
    assert (st.alert is not None) == (state in ("renewal-window-open", "expired"))


def test_when_the_holiday_schedule_is_not_published_then_the_window_is_marked_inexact():
    st = status(_filing("2027-06-01"), dt.date(2027, 7, 1))
    assert st.expires_on == dt.date(2030, 6, 1) and not st.exact
    assert any("chinese_calendar" in n for n in st.notes)


def test_when_the_zone_has_no_verified_rules_then_fujian_is_applied_by_analogy_and_said():
    st = status(_filing("2025-03-10", zone="shanghai-ftz"), dt.date(2026, 1, 1))
    assert st.by_analogy and "by analogy" in st.notes[0] and st.source.startswith("cn-fj-ftz-procedures-2025")


def test_when_approval_is_on_29_february_then_expiry_is_28_february():
    assert add_years(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outbound", "filing", *args], capture_output=True, text=True)


def test_when_filing_status_runs_in_the_window_then_it_alerts_and_exits_1(tmp_path: Path):
    data = base_filing() | {"filed_on": "2023-03-01", "approved_on": "2023-03-20"}
    path = tmp_path / "filing.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    inside = _cli("status", str(path), "--on", "2026-01-05")
    assert inside.returncode == 1 and "ALERT renewal window open since 2025-12-22" in inside.stderr
    before = _cli("status", str(path), "--on", "2025-12-01")
    assert before.returncode == 0 and "valid on 2025-12-01" in before.stdout and "ALERT" not in before.stderr
    after = _cli("status", str(path), "--on", "2026-04-01")
    assert after.returncode == 1 and "ALERT filing expired on 2026-03-20" in after.stderr
