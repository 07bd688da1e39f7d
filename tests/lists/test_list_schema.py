"""A bad list file is refused with its path, the key and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from outbound.common.errors import RuleFileError
from outbound.regulation.lists import ListFile
from outbound.regulation.rules import load_file

RULES = Path(__file__).resolve().parents[2] / "rules"


def _broken(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("list_kind: negative", "list_kind: blacklist", "key list_kind", id="bad-list-kind"),
        pytest.param("notes:", "colour: red\nnotes:", "key colour: Extra inputs", id="unknown-key"),
        pytest.param(
            "below: 5000000",
            "below: 500000",
            "volume: Value error, below (500000)",
            id="below-equals-at-least",
        ),
        pytest.param("at_least: 500000", "at_least: lots", "volume.at_least", id="at-least-not-a-number"),
        pytest.param("counter: spi_persons", "counter: persons", "volume.counter", id="unknown-counter"),
        pytest.param(
            "id: fx-member-basics-assessment",
            "id: fx-member-basics-contract",
            "duplicate id 'fx-member-basics-contract'",
            id="duplicate-entry-id",
        ),  # fmt: skip
        pytest.param(
            "id: fx-shipping-voyage",
            "id: fx-lodging",
            "duplicate id 'fx-lodging'",
            id="scenario-id-reuses-domain-id",
        ),
        pytest.param(
            "{name: {zh: 手机号码}, entities: [CN_MOBILE]}",
            "{name: {zh: 手机号码}}",
            "items.2: Value error, item '手机号码' maps to no entity or keyword",
            id="item-maps-to-nothing",
        ),  # fmt: skip
        pytest.param(
            "keywords: [航迹, vessel_track]",
            "keywords: [航迹, '_']",
            "empty once normalised",
            id="empty-keyword",
        ),
        pytest.param(
            "entities: [BANK_CARD]", "entities: [bank card]", "entities.0", id="entity-not-upper-snake"
        ),
        pytest.param(
            "mechanism: standard_contract_or_certification",
            "mechanism: free_flow",
            "does not fit a negative list",
            id="free-flow-in-negative-list",
        ),  # fmt: skip
        pytest.param(
            "counts: {domains: 2,", "counts: {domains: 3,", "counts.domains is 3", id="domain-count-disagrees"
        ),
        pytest.param("data_items: 6", "data_items: 7", "counts.data_items is 7", id="item-count-disagrees"),
        pytest.param(
            "scope: fictional-ftz", "scope: national", "meta.scope must name the zone", id="national-scope"
        ),
        pytest.param(
            "zones: [fictional-ftz, fictional-port]",
            "zones: [fictional-port]",
            "must include meta.scope",
            id="scope-not-among-zones",
        ),  # fmt: skip
        pytest.param(
            "    source: [FICTION]\n    scenarios:",
            "    mark: secondary\n    source: [FICTION]\n    scenarios:",
            "domains.0: Value error, domain fx-lodging is marked secondary",
            id="secondary-mark-but-verified",
        ),  # fmt: skip
        pytest.param(
            "notes: [",
            "marks: {effective_to: unconfirmed}\nnotes: [",
            "marks ['effective_to'] are ◐/❓/NOT FOUND",
            id="unconfirmed-meta-fact-but-verified",
        ),  # fmt: skip
        pytest.param(
            "notes: [",
            "marks: {colour: secondary}\nnotes: [",
            "name no meta or top-level key",
            id="mark-for-unknown-key",
        ),
    ],
)
def test_when_the_fictional_list_is_broken_then_the_error_names_file_and_key(
    tmp_path: Path, fictional_path: Path, old: str, new: str, expected: str
) -> None:
    with pytest.raises(RuleFileError) as err:
        load_file(_broken(tmp_path, fictional_path, old, new), ListFile)
    assert fictional_path.name in str(err.value)
    assert expected in str(err.value)


META_TRUE = ("  verified: false\n  scope: shanghai-ftz", "  verified: true\n  scope: shanghai-ftz")
NO_MARKS = ("marks: {effective_from: secondary, effective_to: secondary}", "marks: {}")
MEMBERSHIP_TRUE = (
    "会员管理, en: Membership management}\n        verified: false",
    "会员管理, en: Membership management}\n        verified: true",
)


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param([META_TRUE], "meta.verified is true but marks", id="meta-verified-with-secondary-dates"),
        pytest.param(
            [META_TRUE, NO_MARKS],
            "meta.verified is true but the list's domains",
            id="meta-verified-but-body-not-found",
        ),
        pytest.param(
            [MEMBERSHIP_TRUE],
            "scenario sh24-membership-management is verified but has no entries",
            id="scenario-verified-without-entries",
        ),  # fmt: skip
    ],
)
def test_when_a_not_found_list_claims_verified_then_it_is_refused(
    tmp_path: Path, edits: list[tuple[str, str]], expected: str
) -> None:
    source = RULES / "lists" / "cn-sh-ftz-lingang-negative-list-2024.yaml"
    path = source
    for old, new in edits:
        path = _broken(tmp_path, path, old, new)
    with pytest.raises(RuleFileError) as err:
        load_file(path, ListFile)
    assert source.name in str(err.value) and expected in str(err.value)
