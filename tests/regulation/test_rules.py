from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from outbound.common.errors import RuleFileError
from outbound.regulation import rules

RULES = Path(__file__).resolve().parents[2] / "rules"


def test_when_every_rule_file_is_loaded_then_it_validates():
    for kind in rules.KINDS:
        assert rules.load_kind(kind)


def test_when_export_predates_order16_then_the_order11_edition_is_in_force():
    assert rules.thresholds(dt.date(2024, 3, 21)).meta.id == "cn-cac-order11-2022"
    assert rules.thresholds(dt.date(2024, 3, 22)).meta.id == "cn-cac-order16-2024"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def test_when_a_rule_file_has_a_bad_key_then_the_error_names_file_and_key(rules_copy: Path):
    f = rules_copy / "thresholds" / "cn-cac-order16-2024.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("at_least: 100000", "at_least: lots"), encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        rules.load_kind.__wrapped__("thresholds", rules_copy)
    assert "cn-cac-order16-2024.yaml" in str(err.value) and "at_least" in str(err.value)


def test_when_two_editions_are_in_force_on_one_date_then_load_fails(rules_copy: Path):
    src = rules_copy / "thresholds" / "cn-cac-order16-2024.yaml"
    (rules_copy / "thresholds" / "copy.yaml").write_text(
        src.read_text(encoding="utf-8").replace("id: cn-cac-order16-2024", "id: copy"), encoding="utf-8"
    )
    with pytest.raises(RuleFileError, match="two national editions in force"):
        rules.in_force("thresholds", dt.date(2026, 1, 1), rules.ThresholdFile, rules_copy)


def test_when_below_is_not_above_at_least_then_the_rule_is_refused(rules_copy: Path):
    f = rules_copy / "thresholds" / "cn-cac-order16-2024.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("below: 1000000", "below: 100"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="below"):
        rules.load_kind.__wrapped__("thresholds", rules_copy)
