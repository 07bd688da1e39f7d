"""The list editions in rules/lists: they validate, say honestly what is unknown, and the loader
picks the edition in force for a zone on a date."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from outbound.common.errors import RuleFileError
from outbound.regulation import rules
from outbound.regulation.lists import ListFile, lists_for_zone

RULES = Path(__file__).resolve().parents[2] / "rules"
FILES = sorted((RULES / "lists").glob("*.yaml"))
SH24, SH25 = "cn-sh-ftz-lingang-negative-list-2024", "cn-sh-negative-list-2025"
BJ24, BJ25 = "cn-bj-ftz-negative-list-2024", "cn-bj-negative-list-2025"
FJ25, LG24 = "cn-fj-ftz-negative-list-2025", "cn-lingang-general-data-list-2024"


def _lists() -> tuple[ListFile, ...]:
    return tuple(f for f in rules.load_kind("lists") if isinstance(f, ListFile))


def test_when_rules_lists_is_loaded_then_all_twelve_editions_validate() -> None:
    assert len(FILES) == 12  # nine, plus the Chongqing, Guangxi and Jiangsu stubs (issue 26)
    assert sorted(f.meta.id for f in _lists()) == sorted(p.stem for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_when_a_list_body_was_not_found_then_it_is_unverified_and_has_no_items(path: Path) -> None:
    lst = rules.load_file(path, ListFile)
    assert lst.meta.verified is False and lst.complete is False
    assert [e.id for _, _, _, e in lst.walk() if e.items] == []
    assert not any(e.verified for _, _, _, e in lst.walk())
    assert all(not d.verified for d in lst.domains)


@pytest.mark.parametrize(
    ("file_id", "domains", "scenarios"),
    [
        pytest.param(SH24, 3, 6, id="shanghai-2024-3-domains-6-scenarios"),
        pytest.param(BJ24, 5, 0, id="beijing-2024-scenario-names-not-found"),
        pytest.param(BJ25, 9, 0, id="beijing-2025-9-sectors"),
        pytest.param("cn-tj-ftz-negative-list-2024", 13, 0, id="tianjin-13-categories"),
        pytest.param("cn-hi-ftp-negative-list-2024", 5, 0, id="hainan-5-domains"),
        pytest.param("cn-zj-ftz-negative-list-2024", 2, 8, id="zhejiang-8-scenarios-without-domain"),
        pytest.param(FJ25, 0, 0, id="fujian-content-not-found"),
        pytest.param(LG24, 3, 4, id="lingang-icv-4-scenarios"),
    ],
)
def test_when_a_list_is_loaded_then_its_known_structure_is_kept(
    file_id: str, domains: int, scenarios: int
) -> None:
    lst = next(f for f in _lists() if f.meta.id == file_id)
    n_scenarios = sum(len(d.scenarios) for d in lst.domains) + len(lst.scenarios_without_domain)
    assert (len(lst.domains), n_scenarios) == (domains, scenarios)


def test_when_tianjin_is_loaded_then_its_one_subcategory_is_marked_secondary() -> None:
    tj = next(f for f in _lists() if f.meta.id == "cn-tj-ftz-negative-list-2024")
    [(path, domain, _, entry)] = list(tj.walk())
    assert domain is not None and domain.name.zh == "工业类"
    assert (entry.subcategory.zh, entry.mark, entry.verified, entry.mechanism) == (
        "电子信息",
        "secondary",
        False,
        None,
    )


def test_when_the_entities_file_is_read_then_every_list_entity_exists(fictional: ListFile) -> None:
    known = {name for f in rules.load_kind("entities") for name in getattr(f, "entities", {})}
    named = {
        x for lst in (*_lists(), fictional) for _, _, _, e in lst.walk() for i in e.items for x in i.entities
    }
    assert named <= known


@pytest.mark.parametrize(
    ("zone", "on", "expected"),
    [
        pytest.param("shanghai-ftz", "2025-02-07", (), id="shanghai-before-2025-02-08"),
        pytest.param("shanghai-ftz", "2025-06-01", (SH24,), id="shanghai-ftz-2025-06-01-2024-edition"),
        pytest.param("shanghai-ftz", "2026-05-08", (SH24,), id="shanghai-last-day-of-2024-edition"),
        pytest.param("shanghai-ftz", "2026-05-09", (SH25,), id="shanghai-citywide-from-2026-05-09"),
        pytest.param("shanghai-ftz", "2026-06-01", (SH25,), id="shanghai-ftz-2026-06-01-2025-edition"),
        pytest.param("shanghai-lingang", "2025-06-01", (SH24, LG24), id="lingang-negative-and-positive"),
        pytest.param("beijing-ftz", "2024-08-29", (), id="beijing-before-2024-08-30"),
        pytest.param("beijing-ftz", "2024-08-30", (BJ24,), id="beijing-2024-on-release"),
        pytest.param("beijing-ftz", "2026-05-11", (BJ25,), id="beijing-two-zones-from-2026-05-11"),
        pytest.param("fujian-ftz", "2027-12-24", (FJ25,), id="fujian-last-trial-day"),
        pytest.param("fujian-ftz", "2027-12-25", (), id="fujian-2-year-trial-ended"),
        pytest.param("atlantis-ftz", "2025-06-01", (), id="unknown-zone-empty"),
    ],
)
def test_when_zone_and_date_are_given_then_the_editions_in_force_are_returned(
    zone: str, on: str, expected: tuple[str, ...]
) -> None:
    assert tuple(f.meta.id for f in lists_for_zone(zone, dt.date.fromisoformat(on))) == expected


def test_when_two_negative_lists_overlap_for_a_zone_then_the_error_names_both(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES / "lists", folder / "lists")
    src = folder / "lists" / f"{SH24}.yaml"
    (folder / "lists" / "copy.yaml").write_text(
        src.read_text(encoding="utf-8").replace(f"id: {SH24}", "id: sh-copy"), encoding="utf-8"
    )
    with pytest.raises(
        RuleFileError, match=f"two negative lists in force for shanghai-lingang.*{SH24}, sh-copy"
    ):
        lists_for_zone("shanghai-lingang", dt.date(2025, 6, 1), folder=folder)
