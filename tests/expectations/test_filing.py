"""The filing schema: a valid filing loads; every problem is named by its field path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from outbound.expectations.filing import Filing, FilingError, dump_filing, load_filing, parse_filing
from outbound.expectations.validate import check_filing
from tests.expectations.cases import base_filing


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "filing.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_when_the_base_filing_is_loaded_then_it_validates_without_problems(tmp_path):
    filing = load_filing(_write(tmp_path, base_filing()))
    assert isinstance(filing, Filing) and filing.processor.zone == "fujian-ftz"
    assert filing.field_ref(0, 3) == "datasets[0].fields[3]" and filing.datasets[0].fields[3].masked
    report = check_filing(filing)
    assert report.ok and report.errors == []


def _broken(mutate) -> dict[str, Any]:
    data = copy.deepcopy(base_filing())
    mutate(data)
    return data


BAD = [
    pytest.param(lambda d: d["processor"].update(uscc="91350200MA2XT0Q1X9"), "processor.uscc", id="uscc-check-digit"),
    pytest.param(lambda d: d["datasets"][0].update(scenario="nope"), "datasets[0].scenario", id="unknown-scenario"),
    pytest.param(lambda d: d["datasets"][0]["fields"][3].pop("masking"), "datasets[0].fields[3]",
                 id="masked-without-how"),
    pytest.param(lambda d: d["scale"].update(sensitive_persons=5000), "scale", id="sensitive-above-persons"),
    pytest.param(lambda d: d["recipients"][0].update(country="Singapore"), "recipients[0].country", id="country-code"),
    pytest.param(lambda d: d["datasets"][0].update(recipients=["Someone Else"]), "datasets[0].recipients[0]",
                 id="dataset-recipient-not-filed"),
    pytest.param(lambda d: d["datasets"][0]["fields"][0].update(colour="red"), "datasets[0].fields[0].colour",
                 id="unknown-key"),
    pytest.param(lambda d: d.update(approved_on="2025-01-01"), "approved_on", id="approved-before-filed"),
]


@pytest.mark.parametrize(("mutate", "path"), BAD)
def test_when_a_field_is_wrong_then_the_error_names_its_path(tmp_path, mutate, path):
    with pytest.raises(FilingError) as err:
        load_filing(_write(tmp_path, _broken(mutate)))
    assert any(p.startswith(path) for p in err.value.problems), err.value.problems
    assert "filing.yaml" in str(err.value)


SEMANTIC = [
    pytest.param(lambda d: d["datasets"][0]["fields"][0].update(entities=["PERSON_NAMES"]),
                 "datasets[0].fields[0].entities[0]", id="unknown-entity"),
    pytest.param(lambda d: d["scenarios"][0].update(mechanism=None, exemption_ground="contract_necesity"),
                 "scenarios[0].exemption_ground", id="unknown-ground"),
    pytest.param(lambda d: d["scenarios"][0].update(mechanism=None, uses_list={"list_id": "cn-nowhere-2030"}),
                 "scenarios[0].uses_list.list_id", id="unknown-list"),
    pytest.param(lambda d: d["scenarios"][0].update(mechanism=None, uses_list={
        "list_id": "cn-fj-ftz-negative-list-2025", "subcategories": ["made-up-entry"]}),
        "scenarios[0].uses_list.subcategories[0]", id="unknown-list-entry"),
]


@pytest.mark.parametrize(("mutate", "path"), SEMANTIC)
def test_when_a_reference_is_unknown_to_the_rules_then_validation_names_it(mutate, path):
    report = check_filing(parse_filing(_broken(mutate), "test"))
    assert not report.ok
    assert any(e.startswith(path) for e in report.errors), report.errors


def test_when_a_field_is_filed_less_sensitive_than_its_entity_then_a_warning_names_it():
    data = _broken(lambda d: d["datasets"][0]["fields"][3].update(category="personal"))
    report = check_filing(parse_filing(data, "test"))
    assert report.ok
    assert any(w.startswith("datasets[0].fields[3].category") and "BANK_CARD" in w for w in report.warnings)


def test_when_a_filing_is_dumped_and_loaded_then_it_is_unchanged(tmp_path):
    filing = parse_filing(base_filing(), "test")
    assert load_filing(dump_filing(filing, tmp_path / "again.yaml")) == filing


def test_when_the_file_is_not_yaml_then_the_error_says_so(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("processor: [unclosed", encoding="utf-8")
    with pytest.raises(FilingError, match="not valid YAML"):
        load_filing(path)


def _cli(*args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "outbound", *args], capture_output=True, text=True)


@pytest.mark.parametrize("command", [
    ["spot-check"], ["filing", "validate"], ["filing", "show"], ["filing", "status"],
    ["filing", "export-template"], ["filing", "import"],
], ids=lambda c: " ".join(c))
def test_when_a_new_command_is_asked_for_help_then_it_shows_an_example(command):
    out = _cli(*command, "--help")
    assert out.returncode == 0 and "Example" in out.stdout and f"outbound {' '.join(command)}" in out.stdout


def test_when_the_cli_validates_a_bad_filing_then_it_lists_each_field_and_exits_1(tmp_path):
    bad = _broken(lambda d: (d["scale"].update(persons=-1), d["recipients"][0].update(country="Singapore")))
    out = _cli("filing", "validate", str(_write(tmp_path, bad)))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "invalid   scale.persons" in out.stderr and "invalid   recipients[0].country" in out.stderr


def test_when_the_cli_shows_a_filing_then_its_catalogue_and_scale_are_printed(tmp_path):
    out = _cli("filing", "show", str(_write(tmp_path, base_filing())))
    assert out.returncode == 0, out.stderr
    assert "测试零售有限公司" in out.stdout and "masked: first 6 and last 4 digits kept" in out.stdout
    assert "1,000 persons, 0 with sensitive PI" in out.stdout


@pytest.mark.parametrize(("data", "reason"), [
    ("processor: {name: 公司}\n".encode("gbk"), "not UTF-8 text (byte"),
    (b"[" * 10_000 + b"]" * 10_000, "nested too deeply"),
], ids=["gbk-bytes", "json-nested-10000-deep"])  # fmt: skip
def test_when_a_filing_file_is_hostile_then_it_is_refused_with_a_reason(tmp_path, data, reason):
    from outbound.expectations.filing import FilingError, load_filing

    path = tmp_path / "filing.yaml"
    path.write_bytes(data)
    with pytest.raises(FilingError) as caught:
        load_filing(path)
    assert reason in str(caught.value)
