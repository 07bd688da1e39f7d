"""Every rule file loads; a bad one is refused with its file name and the offending key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from outbound.common.errors import RuleFileError
from outbound.regulation import rules
from tests.rules_data.files import NEW_FILES, RULES

META_KEYS = {"id", "title", "issuer", "document_number", "articles", "published", "effective_from",
             "effective_to", "source_url", "sources", "verified", "scope"}


@pytest.mark.parametrize("kind", sorted(rules.KINDS))
def test_when_a_kind_is_loaded_then_every_file_validates(kind: str):
    assert rules.load_kind(kind)


@pytest.mark.parametrize("kind", ["exemptions", "important_data", "procedures"])
def test_when_a_new_kind_is_loaded_then_its_model_comes_from_rule_facts(kind: str):
    assert rules.KINDS[kind].__module__ == "outbound.regulation.rule_facts"
    assert all(isinstance(f, rules.KINDS[kind]) for f in rules.load_kind(kind))


@pytest.mark.parametrize("name", NEW_FILES, ids=[Path(n).stem for n in NEW_FILES])
def test_when_a_new_file_is_read_then_its_meta_block_is_complete(name: str):
    meta = yaml.safe_load((RULES / name).read_text(encoding="utf-8"))["meta"]
    assert set(meta) == META_KEYS
    assert set(meta["title"]) == {"zh", "en"}
    assert meta["sources"] and all(s.startswith("S") for s in meta["sources"])


BAD = [
    pytest.param("thresholds/cn-cac-order11-2022.yaml", "counter: pi_persons ", "counter: all_pi ", "counter",
                 id="order11-unknown-counter"),
    pytest.param("entities/gbt-35273-2020.yaml", "BANK_CARD:       {category: sensitive",
                 "BANK_CARD:       {category: secret", "category", id="35273-unknown-category"),
    pytest.param("exemptions/cn-cac-order16-2024-exemptions.yaml", "decided_by: list_match",
                 "decided_by: guessed", "decided_by", id="exemption-unknown-decider"),
    pytest.param("exemptions/cn-cac-order16-2024-exemptions.yaml", "counts_toward_totals: unknown",
                 "counts_toward_totals: maybe", "counts_toward_totals", id="exemption-totals-not-unknown"),
    pytest.param("important_data/cn-bj-ftz-important-data-2024.yaml", "more_than: 10000000",
                 "at_least: 10000000", "at_least", id="important-data-at-least-refused"),
    pytest.param("important_data/cn-bj-ftz-important-data-2024.yaml", "more_than: 1000000",
                 "more_than: lots", "more_than", id="important-data-not-a-number"),
    pytest.param("procedures/cn-fj-ftz-procedures-2025.yaml", "unit: months", "unit: fortnights", "unit",
                 id="procedure-unknown-unit"),
]


@pytest.mark.parametrize(("name", "old", "new", "key"), BAD)
def test_when_a_rule_file_has_a_bad_key_then_it_is_refused_naming_file_and_key(
    rules_copy: Path, name: str, old: str, new: str, key: str
):
    path = rules_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        rules.load_kind.__wrapped__(name.split("/")[0], rules_copy)
    assert Path(name).name in str(err.value) and key in str(err.value)


def test_when_a_measured_ground_names_no_rule_then_the_file_is_refused(rules_copy: Path):
    path = rules_copy / "exemptions" / "cn-cac-order16-2024-exemptions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    measured_by: thresholds/cn-cac-order16-2024#pi-exempt-small-volume\n", ""),
                    encoding="utf-8")
    with pytest.raises(RuleFileError, match="measured_by is required"):
        rules.load_kind.__wrapped__("exemptions", rules_copy)


def test_when_a_zone_file_loses_its_scope_then_it_clashes_with_the_national_edition(rules_copy: Path):
    from outbound.regulation.rulecheck import check_all

    path = rules_copy / "procedures" / "cn-sh-ftz-procedures-2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  scope: shanghai-ftz\n", ""), encoding="utf-8")
    problems = [c.error for c in check_all(rules_copy) if c.error]
    assert any("cn-sh-ftz-procedures-2025" in p and "both in force" in p for p in problems)
