"""The nightly alerts and `outbound obligations` read one assessment and cannot disagree."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from outbound.common.records import Profile
from outbound.demo.identifiers import make_bank_card
from outbound.pipeline import flow
from outbound.warehouse import open_warehouse


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    rng = random.Random(3)
    rows = "".join(f"user{i}@example.com,{make_bank_card(rng)}\n" for i in range(40))
    export = tmp_path / "2026-03-01" / "orders.csv"
    export.parent.mkdir()
    export.write_text("email,card_no\n" + rows, encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    (outcome,) = flow.scan([export], processor="p", warehouse=wh)
    assert outcome.status == "recorded"
    return wh


def _register(wh_path: Path, profile: Profile) -> None:
    wh = open_warehouse(wh_path)
    try:
        wh.upsert_processor(profile.processor, profile=profile)
    finally:
        wh.close()


def test_when_sensitive_pi_left_without_a_ground_then_alert_and_obligation_agree(warehouse: Path):
    ev = flow.evaluate(warehouse, "p", 2026, on=dt.date(2026, 6, 1))
    assessment, _ = flow.assess_year(warehouse, "p", 2026, on=dt.date(2026, 6, 1))
    assert [a.rule_id for a in ev.alerts] == ["spi-standard-contract"]
    assert [o.rule_id for o in assessment.obligations] == ["spi-standard-contract"]


def test_when_a_ground_is_declared_in_the_profile_then_the_nightly_alert_honours_it(warehouse: Path):
    _register(warehouse, Profile("p", declared_grounds=("contract_necessity",)))
    ev = flow.evaluate(warehouse, "p", 2026, on=dt.date(2026, 6, 1))
    assessment, _ = flow.assess_year(warehouse, "p", 2026, on=dt.date(2026, 6, 1))
    assert ev.alerts == ()
    assert [o.rule_id for o in ev.obligations] == [o.rule_id for o in assessment.obligations]
    assert ev.obligations[0].rule_id == "exempt-contract_necessity"


def test_when_an_ad_hoc_scan_follows_a_profile_then_the_profile_is_kept(warehouse: Path):
    _register(warehouse, Profile("p", zone="shanghai-ftz", industry="住宿业", ciio=True))
    wh = open_warehouse(warehouse)
    try:
        wh.upsert_processor("p")  # what `outbound scan` does: knows only the id
        assert wh.profile("p") == Profile("p", zone="shanghai-ftz", industry="住宿业", ciio=True)
    finally:
        wh.close()
