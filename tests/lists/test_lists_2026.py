"""List fragments readable as of 2026-12 (issue 26): Chongqing, Guangxi and Jiangsu stubs with every
item unknown, Beijing 2024's row structure and its seven automotive categories (◐), Tianjin's
45-vs-46 conflict recorded with neither picked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from outbound.common.errors import RuleFileError
from outbound.common.records import Category, ColumnLabel
from outbound.regulation import rules
from outbound.regulation.lists import ListFile, lists_for_zone, match_columns

RULES = Path(__file__).resolve().parents[2] / "rules"
D = dt.date
NAME = ColumnLabel("姓名", "PERSON_NAME", Category.PERSONAL, 1.0, 1.0, ("PERSON_NAME",))
VIN = ColumnLabel("vin", None, None, 0.0, 0.0)


def _list(file_id: str) -> ListFile:
    return rules.load_file(RULES / "lists" / f"{file_id}.yaml", ListFile)


STUBS = [
    pytest.param("cn-cq-negative-list-2025", "chongqing-ftz", D(2025, 9, 1), id="chongqing-2025-09-01"),
    pytest.param("cn-gx-ftz-negative-list-2025", "guangxi-ftz", D(2025, 8, 8), id="guangxi-2025-08-08"),
    pytest.param("cn-js-ftz-negative-list-2025", "jiangsu-ftz", D(2025, 12, 31), id="jiangsu-date-not-found"),
]


@pytest.mark.parametrize(("file_id", "zone", "start"), STUBS)
def test_when_a_stub_list_is_in_force_then_every_column_is_unknown(file_id, zone, start):
    assert [f.meta.id for f in lists_for_zone(zone, start)] == [file_id]
    assert lists_for_zone(zone, start - dt.timedelta(days=1)) == ()
    lst = _list(file_id)
    assert not lst.meta.verified and not lst.complete
    assert [e for _, _, _, e in lst.walk()] == []
    assert {c.verdict for c in match_columns(lst, [NAME, VIN]).columns} == {"unknown"}


def test_when_chongqing_is_read_then_its_one_domain_is_intelligent_connected_vehicles():
    [domain] = _list("cn-cq-negative-list-2025").domains
    assert domain.name.zh == "智能网联汽车" and not domain.verified and domain.scenarios == []


def test_when_jiangsu_is_read_then_its_unknown_dates_are_marked_not_found():
    lst = _list("cn-js-ftz-negative-list-2025")
    assert lst.meta.published is None
    assert (lst.marks["effective_from"], lst.marks["published"]) == ("not_found", "not_found")


def test_when_beijing_2024_is_read_then_its_48_rows_split_18_important_30_personal():
    c = _list("cn-bj-ftz-negative-list-2024").counts
    assert (c.entries, c.important_entries, c.personal_entries, c.scenarios, c.fields) == (48, 18, 30, 23, 198)
    for column in ("数据类别", "数据基本特征", "适用业务场景", "数据项示例"):
        assert column in (c.note or "")


def test_when_beijing_automotive_is_read_then_seven_unverified_categories_have_no_thresholds():
    lst = _list("cn-bj-ftz-negative-list-2024")
    auto = [e for _, d, _, e in lst.walk() if d is not None and d.id == "bj24-automotive"]
    assert len(auto) == 7
    assert {(e.data_type, e.mechanism, e.verified, e.mark) for e in auto} == {
        ("important", "security_assessment", False, "secondary")}
    assert all(e.volume is None and e.items == [] for e in auto)
    assert {c.verdict for c in match_columns(lst, [NAME, VIN]).columns} == {"unknown"}


@pytest.mark.parametrize(("change", "message"), [
    ({"entries": 48, "important_entries": 18, "personal_entries": 31}, "must equal entries"),
    ({"entries": None, "important_entries": 6, "personal_entries": None}, "important_entries is 6 but the file lists 7"),
], ids=["18-plus-31-is-not-48", "fewer-stated-than-listed"])
def test_when_the_row_split_does_not_add_up_then_the_list_is_refused(tmp_path: Path, change, message):
    data = yaml.safe_load((RULES / "lists" / "cn-bj-ftz-negative-list-2024.yaml").read_text(encoding="utf-8"))
    data["counts"] |= change
    path = tmp_path / "bj.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleFileError, match=message):
        rules.load_file(path, ListFile)


def test_when_tianjin_sources_disagree_then_neither_45_nor_46_is_picked():
    lst = _list("cn-tj-ftz-negative-list-2024")
    assert lst.counts.subcategories is None and lst.counts.categories == 13
    assert "46" in (lst.counts.note or "") and "45" in (lst.counts.note or "")
    assert lst.marks["counts"] == "secondary"
