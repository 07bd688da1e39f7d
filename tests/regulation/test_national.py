"""The national texts beside the thresholds in `obligations` (issue 26): the Network Data
Regulations (Art. 28 flag, Art. 35(6) legal_duty, Art. 38 note) and the certification measures
(standard contract vs certification, the rule against splitting volumes)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from outbound.common.errors import RuleFileError
from outbound.common.records import Profile, YearlyCounts
from outbound.regulation.assessment import Assessment, assess
from outbound.reports.obligations import print_obligations

ON = dt.date(2026, 6, 1)
PLAIN = Profile("p")


def _assess(pi: int, spi: int = 0, *, important: bool = False, on: dt.date = ON,
            profile: Profile = PLAIN) -> Assessment:
    counts = YearlyCounts("p", on.year, persons=pi + spi, sensitive_persons=spi, important_data=important)
    return assess(profile, counts, [], on)


def _routes(a: Assessment) -> dict[str, bool]:
    return {r["route"]: r["open"] for r in a.routes}


BOTH_OPEN = {"standard_contract": True, "certification": True}


@pytest.mark.parametrize(("pi", "spi", "routes"), [
    (99_999, 0, {}),
    (100_000, 0, BOTH_OPEN),
    (999_999, 0, BOTH_OPEN),
    (1_000_000, 0, {}),
    (0, 1, BOTH_OPEN),
    (0, 9_999, BOTH_OPEN),
    (0, 10_000, {}),
], ids=["99999-exempt-no-route", "100000-at-10万-both-open", "999999-under-100万-both-open",
        "1000000-at-100万-assessment-no-route", "1-spi-any-spi-both-open", "9999-spi-under-1万-both-open",
        "10000-spi-at-1万-assessment-no-route"])
def test_when_counts_sit_at_a_band_edge_then_the_routes_follow_以上_and_不满(pi, spi, routes):
    assert _routes(_assess(pi, spi)) == routes


def test_when_important_data_is_also_exported_then_certification_closes_and_the_contract_stays_open():
    a = _assess(150_000, important=True)
    assert _routes(a) == {"standard_contract": True, "certification": False}
    cert = next(r for r in a.routes if r["route"] == "certification")
    assert "important data" in cert["why"] and cert["source"] == "cn-cac-samr-order20-2025"
    contract = next(r for r in a.routes if r["route"] == "standard_contract")
    assert "security assessment" in contract["why"]


@pytest.mark.parametrize(("on", "has_routes"), [
    (dt.date(2025, 12, 31), False), (dt.date(2026, 1, 1), True),
], ids=["2025-12-31-before-order20", "2026-01-01-order20-in-force"])
def test_when_the_certification_measures_take_effect_then_routes_appear(on, has_routes):
    assert bool(_assess(150_000, on=on).routes) == has_routes


def test_when_routes_are_shown_then_the_split_rule_is_cited_as_not_observable():
    split = [n for n in _assess(150_000).notes if "splitting volumes" in n]
    assert len(split) == 1 and "cannot be observed in one processor's data" in split[0]
    assert not any("splitting volumes" in n for n in _assess(1_000_000).notes)
    assert not any("splitting volumes" in n for n in _assess(50_000).notes)


@pytest.mark.parametrize(("persons", "flagged"), [
    (9_999_999, False), (10_000_000, True),
], ids=["9999999-under-1000万-no-flag", "10000000-at-1000万-flag"])
def test_when_exported_persons_reach_the_art28_line_then_the_flag_says_it_is_a_lower_bound(persons, flagged):
    a = _assess(persons - 10, 10)  # persons counts SPI persons too: Art. 28 counts all PI
    assert len(a.flags) == int(flagged)
    if flagged:
        f = a.flags[0]
        assert (f["id"], f["source"], f["lower_bound"], f["measured"]) == (
            "large-pi-processor", "cn-sc-ndsr-2024 Art. 28", True, persons)
        assert (f["counts"], f["measured_as"]) == ("persons_processed", "persons_exported")
        assert "lower bound" in f["summary"]


@pytest.mark.parametrize(("on", "flagged"), [
    (dt.date(2024, 12, 31), False), (dt.date(2025, 1, 1), True),
], ids=["2024-12-31-before-the-regulations", "2025-01-01-in-force"])
def test_when_the_regulations_take_effect_then_the_flag_appears(on, flagged):
    assert bool(_assess(12_000_000, on=on).flags) == flagged


@pytest.mark.parametrize(("pi", "important", "noted"), [
    (150_000, False, False), (1_000_000, False, True), (0, True, True),
], ids=["contract-band-no-note", "assessed-by-volume-note", "assessed-by-important-data-note"])
def test_when_an_export_is_assessed_then_art38_is_noted_as_unverified(pi, important, noted):
    art38 = [n for n in _assess(pi, important=important).notes if "Art. 38" in n]
    assert bool(art38) == noted
    assert all("◐ unverified" in n for n in art38)


def test_when_legal_duty_is_declared_then_the_pi_line_is_exempt_under_art35():
    a = _assess(150_000, profile=Profile("p", declared_grounds=("legal_duty",)))
    [o] = a.obligations
    assert (o.rule_id, o.mechanism, o.source) == ("exempt-legal_duty", "exempt", "cn-sc-ndsr-2024 Art. 35(6)")


def test_when_legal_duty_is_declared_with_important_data_then_it_exempts_nothing():
    a = _assess(150_000, important=True, profile=Profile("p", declared_grounds=("legal_duty",)))
    assert "security_assessment" in {o.mechanism for o in a.obligations}
    assert not any(o.mechanism == "exempt" for o in a.obligations)
    assert any("do not cover important data" in n for n in a.notes)


@pytest.mark.parametrize(("on", "ok"), [
    (dt.date(2024, 12, 31), False), (dt.date(2025, 1, 1), True),
], ids=["2024-12-31-not-yet-a-ground", "2025-01-01-a-ground"])
def test_when_legal_duty_is_declared_then_it_counts_only_once_the_regulations_apply(on, ok):
    profile = Profile("p", declared_grounds=("legal_duty",))
    if ok:
        assert _assess(150_000, on=on, profile=profile).obligations[0].rule_id == "exempt-legal_duty"
    else:
        with pytest.raises(RuleFileError, match="no exemption ground 'legal_duty' in force on 2024-12-31"):
            _assess(150_000, on=on, profile=profile)


def test_when_no_later_fact_applies_then_the_json_has_no_new_keys():
    data = _assess(50_000).to_json()
    assert "flags" not in data and "routes" not in data
    assert "routes" not in _assess(150_000, on=dt.date(2025, 6, 1)).to_json()


def test_when_obligations_print_for_the_band_then_the_open_route_and_its_reason_are_shown(capsys):
    print_obligations(_assess(150_000, important=True), [])
    out = capsys.readouterr().out
    assert "certification / 个人信息保护认证: not open — important data" in out
    assert "standard_contract / 个人信息出境标准合同: open" in out
    print_obligations(_assess(12_000_000), [])
    out = capsys.readouterr().out
    assert "flag: large-pi-processor [cn-sc-ndsr-2024 Art. 28]" in out and "lower bound" in out
    json.dumps(_assess(12_000_000).to_json())  # flags and routes serialise
