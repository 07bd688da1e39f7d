"""The spot-check policy file: product policy, validated, pointing at the legal facts it relies on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from outbound.common.errors import RuleFileError
from outbound.expectations.policy import CHECKS, SpotCheckPolicy, load_policy
from outbound.regulation import rules


def test_when_the_policy_is_loaded_then_it_names_every_check_and_points_to_fujian_article_13():
    policy = load_policy()
    assert set(policy.drift) == set(CHECKS)
    assert "product policy" in str(policy.meta.issuer)
    procedures = {f.meta.id: f for f in rules.load_kind("procedures")}
    fujian = procedures[policy.basis.procedures]
    assert fujian.fact(policy.basis.validity_fact).article == policy.basis.major_change_article  # type: ignore[attr-defined]
    # the law leaves "large increase" unquantified: the policy must not pretend otherwise
    assert any(a.id == "major_change_volume_increase" and a.status == "not_quantified"
               for a in fujian.absent)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("  scale_records:", "  scale_recordz:", "drift must name every check"),
    ("ratio: 2.0", "ratio: 0.5", "ratio"),
    ("CN_RESIDENT_ID: '^9{17}[9a]$'", "CN_RESIDENT_ID: '^9(17'", "clear_shapes.CN_RESIDENT_ID"),
], ids=["unknown-check", "ratio-not-an-increase", "bad-regex"])
def test_when_the_policy_is_broken_then_loading_names_the_file_and_key(tmp_path: Path, old, new, reason):
    src = next((rules.rules_dir() / "spot_check").glob("*.yaml"))
    folder = tmp_path / "spot_check"
    folder.mkdir()
    text = src.read_text(encoding="utf-8")
    assert old in text
    (folder / src.name).write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_policy.__wrapped__(tmp_path)
    assert src.name in str(err.value) and reason in str(err.value)
    assert isinstance(load_policy(), SpotCheckPolicy)
    shutil.rmtree(folder)
