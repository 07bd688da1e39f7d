"""The zone layout: a broken profile or manifest is reported and loses no export."""

from __future__ import annotations

from pathlib import Path

from outbound.pipeline.zone import pending_exports, profiles


def _zone(tmp_path: Path) -> Path:
    zone = tmp_path / "zone"
    good = zone / "good" / "exports" / "2026-03-01"
    bad = zone / "bad" / "exports" / "2026-03-01"
    for folder in (good, bad):
        folder.mkdir(parents=True)
        (folder / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (zone / "good" / "processor.yaml").write_text(
        "processor: {id: good-co, zone: shanghai-ftz}\nrecipients: [{name: HQ}]\n", encoding="utf-8"
    )
    (zone / "bad" / "processor.yaml").write_text("processor: [unclosed\n", encoding="utf-8")
    (good / "_manifest.yaml").write_text("files: {a.csv: {recipient: [oops\n", encoding="utf-8")
    return zone


def test_when_a_profile_is_broken_then_it_falls_back_to_the_folder_and_says_why(tmp_path: Path):
    found = {p.id: p for p in profiles(_zone(tmp_path))}
    assert set(found) == {"good-co", "bad"}
    assert found["bad"].problem and "processor.yaml" in found["bad"].problem
    assert found["good-co"].problem is None and found["good-co"].profile.zone == "shanghai-ftz"


def test_when_a_profile_or_manifest_is_broken_then_every_export_is_still_listed(tmp_path: Path):
    problems: list[str] = []
    pending = pending_exports(_zone(tmp_path), problems)
    assert sorted((p.processor, p.recipient) for p in pending) == [("bad", None), ("good-co", "HQ")]
    assert len(problems) == 2
    assert any("_manifest.yaml" in p for p in problems) and any("'bad'" in p for p in problems)


def test_when_the_processor_id_differs_from_its_folder_then_exports_are_still_found(tmp_path: Path):
    pending = pending_exports(_zone(tmp_path))
    assert any(p.processor == "good-co" and "/good/" in p.path for p in pending)


def test_when_a_manifest_or_profile_names_a_scenario_then_the_export_carries_it(tmp_path: Path):
    zone = tmp_path / "zone"
    day = zone / "co" / "exports" / "2026-03-01"
    day.mkdir(parents=True)
    for name in ("a.csv", "b.csv"):
        (day / name).write_text("x\n1\n", encoding="utf-8")
    (zone / "co" / "processor.yaml").write_text(
        "processor: {id: co, scenario: hr}\nrecipients: [{name: HQ}]\n", encoding="utf-8"
    )
    (day / "_manifest.yaml").write_text("files: {b.csv: {recipient: Lab, scenario: research}}\n", encoding="utf-8")
    found = {Path(p.path).name: (p.recipient, p.scenario) for p in pending_exports(zone)}
    assert found == {"a.csv": ("HQ", "hr"), "b.csv": ("Lab", "research")}
    assert pending_exports(zone)[1].to_json()["scenario"] == "research"


def test_when_a_filing_declares_grounds_then_the_profile_takes_them_from_it(tmp_path):
    from outbound.pipeline.zone import load_profile

    folder = tmp_path / "co"
    folder.mkdir()
    (folder / "processor.yaml").write_text("processor: {id: co, zone: shanghai-ftz}\n", encoding="utf-8")
    (folder / "filing.yaml").write_text(
        "scenarios: [{id: a, exemption_ground: hr_management}, {id: b, mechanism: x},"
        " {id: c, exemption_ground: hr_management}, {id: d, exemption_ground: contract_necessity}]\n",
        encoding="utf-8",
    )
    found = load_profile(folder)
    assert found.problem is None
    assert found.profile.declared_grounds == ("hr_management", "contract_necessity")
    assert found.profile.zone == "shanghai-ftz"


def test_when_processor_yaml_still_carries_a_filing_block_then_it_says_where_declarations_go(tmp_path):
    from outbound.pipeline.zone import load_profile

    folder = tmp_path / "co"
    folder.mkdir()
    (folder / "processor.yaml").write_text(
        "processor: {id: co}\nfiling: {exemption_grounds: [hr_management]}\n", encoding="utf-8")
    found = load_profile(folder)
    assert found.profile.declared_grounds == ()
    assert found.problem and "filing.yaml" in found.problem and "exemption_ground" in found.problem
