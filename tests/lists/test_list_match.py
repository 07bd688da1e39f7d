"""What a labelled column falls under in a list: inside (mechanism), outside (Art. 6 exemption) or
unknown (the list body is not known, so no answer is pretended)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from outbound.common.records import Category, ColumnLabel
from outbound.regulation.lists import ListFile, match_columns
from outbound.regulation.rules import load_file

RULES = Path(__file__).resolve().parents[2] / "rules"
SA, SCC = "security_assessment", "standard_contract_or_certification"


def label(column: str, entity: str | None = None, *more: str) -> ColumnLabel:
    category = Category.PERSONAL if entity else None
    return ColumnLabel(column, entity, category, 0.9, 0.9, entities=tuple(x for x in (entity, *more) if x))


@pytest.mark.parametrize(
    ("col", "verdict", "mechanisms", "entries"),
    [
        pytest.param(
            label("guest_name", "PERSON_NAME"),
            "inside",
            (SA, SCC),
            {"fx-member-basics-contract", "fx-member-basics-assessment"},
            id="name-in-two-volume-levels",
        ),  # fmt: skip
        pytest.param(
            label("id_no"), "inside", (SCC,), {"fx-member-basics-contract"}, id="keyword-ID-No-matches-id_no"
        ),
        pytest.param(
            label("guest.ID_No"), "inside", (SCC,), {"fx-member-basics-contract"}, id="keyword-nested-header"
        ),
        pytest.param(
            label("col7", "PASSPORT_NUMBER"),
            "inside",
            (SCC,),
            {"fx-member-basics-contract"},
            id="second-entity-of-item",
        ),
        pytest.param(
            label("misc", "EMAIL_ADDRESS", "BANK_CARD"),
            "inside",
            (SA,),
            {"fx-member-payment"},
            id="any-voted-entity",
        ),
        pytest.param(
            label("本船航迹"), "inside", (SA,), {"fx-voyage-track"}, id="han-keyword-important-data"
        ),
        pytest.param(
            label("Vessel-Track"), "inside", (SA,), {"fx-voyage-track"}, id="keyword-case-and-hyphen"
        ),
        pytest.param(label("email", "EMAIL_ADDRESS"), "outside", (), set(), id="pi-not-on-complete-list"),
        pytest.param(label("remark"), "outside", (), set(), id="nothing-found-complete-list"),
    ],
)
def test_when_a_column_is_matched_on_the_fictional_list_then_the_verdict_is_as_tabled(
    fictional: ListFile, col: ColumnLabel, verdict: str, mechanisms: tuple[str, ...], entries: set[str]
) -> None:
    m = match_columns(fictional, [col]).column(col.column)
    assert (m.verdict, m.mechanisms, {h.entry for h in m.hits}) == (verdict, mechanisms, entries)


def test_when_a_column_is_outside_a_negative_list_then_the_reason_names_the_art6_conditions(
    fictional: ListFile,
) -> None:
    reason = match_columns(fictional, [label("email", "EMAIL_ADDRESS")]).columns[0].reason
    assert "Art. 6" in reason and "fictional-ftz, fictional-port" in reason and "CIIO" in reason


def test_when_a_hit_carries_a_volume_level_then_it_is_reported(fictional: ListFile) -> None:
    hits = match_columns(fictional, [label("card", "BANK_CARD")]).columns[0].hits
    assert [(h.counter, h.at_least, h.below, h.matched_by) for h in hits] == [
        ("spi_persons", 1, None, "entity:BANK_CARD")
    ]


@pytest.mark.parametrize(
    "file_id",
    [
        "cn-sh-ftz-lingang-negative-list-2024",
        "cn-bj-ftz-negative-list-2024",
        "cn-fj-ftz-negative-list-2025",
        "cn-lingang-general-data-list-2024",
    ],  # fmt: skip
)
def test_when_the_list_body_is_not_found_then_every_column_is_unknown(file_id: str) -> None:
    lst = load_file(RULES / "lists" / f"{file_id}.yaml", ListFile)
    result = match_columns(lst, [label("guest_name", "PERSON_NAME"), label("remark")])
    assert [c.verdict for c in result.columns] == ["unknown", "unknown"]
    assert "NOT FOUND" in result.columns[1].reason


def _unverify(raw: dict[str, Any], entry_id: str) -> dict[str, Any]:
    """The fictional list with one entry left unverified (and so its parents and the file)."""
    raw["meta"]["verified"] = False
    for d in raw["domains"]:
        for s in d["scenarios"]:
            for e in s["entries"]:
                if e["id"] == entry_id:
                    e["verified"] = d["verified"] = s["verified"] = False
    return raw


def test_when_a_column_hits_only_an_unverified_entry_then_it_is_unknown(
    fictional_raw: dict[str, Any],
) -> None:
    lst = ListFile.model_validate(_unverify(fictional_raw, "fx-member-payment"))
    result = match_columns(
        lst, [label("card", "BANK_CARD"), label("guest_name", "PERSON_NAME"), label("remark")]
    )
    card, name, remark = result.columns
    assert (card.verdict, [h.entry for h in card.hits]) == ("unknown", ["fx-member-payment"])
    assert name.verdict == "inside"  # a verified entry still answers
    assert remark.verdict == "unknown"  # the list is no longer complete: no "outside"


def test_when_the_list_is_positive_then_inside_is_free_flow_and_outside_falls_back(
    fictional_raw: dict[str, Any],
) -> None:
    fictional_raw["list_kind"] = "positive"
    for d in fictional_raw["domains"]:
        for s in d["scenarios"]:
            for e in s["entries"]:
                e["mechanism"] = "free_flow"
    lst = ListFile.model_validate(fictional_raw)
    inside, outside = match_columns(
        lst, [label("guest_name", "PERSON_NAME"), label("email", "EMAIL_ADDRESS")]
    ).columns
    assert (inside.verdict, inside.mechanisms) == ("inside", ("free_flow",))
    assert outside.verdict == "outside" and "national rules apply" in outside.reason


def test_when_a_match_is_serialised_then_it_is_plain_json(fictional: ListFile) -> None:
    result = match_columns(fictional, [label("id_no"), label("remark")])
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert data["list_id"] == "xx-fictional-ftz-negative-list-2030" and data["complete"] is True
    assert data["columns"][0]["hits"][0] == {
        "domain": "fx-lodging", "scenario": "fx-lodging-membership", "entry": "fx-member-basics-contract",
        "item": "证件号码", "matched_by": "keyword:ID-No", "data_type": "personal", "mechanism": SCC,
        "counter": "pi_non_sensitive_persons", "at_least": 500000, "below": 5000000, "verified": True,
    }  # fmt: skip
    assert data["columns"][1]["verdict"] == "outside"
