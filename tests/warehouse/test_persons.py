"""Distinct persons over keyed identifiers: linking, idempotent recording, deletion, year edges."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pyarrow as pa
import pytest

from outbound.common.records import Category, ColumnLabel, ExportRecord
from outbound.warehouse import open_warehouse, yearly_counts

LABELS = (ColumnLabel("id", "CN_RESIDENT_ID", Category.PERSONAL, 1.0, 1.0, ("CN_RESIDENT_ID",)),)


def stage(rows: list[tuple[list[tuple[str, str]], bool]]) -> tuple[dict[str, pa.Table], int, int]:
    """Key rows as outbound.fullpass does: per row its (entity, value) identifiers and whether it
    is sensitive. Values stand in for keyed hashes. Returns ({ids, edges}, unlinked, unlinked_sensitive)."""
    def h(entity: str, value: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_OID, f"{entity}:{value}"))

    ids: dict[str, bool] = {}
    edges: set[tuple[str, str]] = set()
    for idents, sensitive in rows:
        hashes = [h(e, v) for e, v in idents]
        for x in hashes:
            ids[x] = ids.get(x, False) or sensitive
        edges |= {(hashes[0], x) for x in hashes[1:] if x != hashes[0]}
    staged = {
        "ids": pa.table({"h": _uuids(list(ids)), "sensitive": pa.array(list(ids.values()), pa.bool_())}),
        "edges": pa.table({"a": _uuids([a for a, _ in sorted(edges)]), "b": _uuids([b for _, b in sorted(edges)])}),
    }
    bare = [s for idents, s in rows if not idents]
    return staged, len(bare), sum(bare)


def _uuids(values: list[str]) -> pa.Array:
    return pa.array([uuid.UUID(v).bytes for v in values], pa.uuid())


def _record(wh, sha: str, day: dt.date, rows: list[tuple[list[tuple[str, str]], bool]], processor: str = "p",
            recipient: str | None = "r", scenario: str | None = None) -> bool:
    """rows: per row, its (entity, value) identifiers and whether it is sensitive."""
    staged, unlinked, unlinked_sensitive = stage(rows)
    export = ExportRecord(sha, processor, day, recipient, f"/{sha}.csv", "csv", len(rows))
    return wh.record_export(export, LABELS, **staged, unlinked=unlinked, unlinked_sensitive=unlinked_sensitive,
                            scenario=scenario)


@pytest.fixture
def wh(tmp_path: Path):
    w = open_warehouse(tmp_path / "w.duckdb")
    yield w
    w.close()


def test_when_a_mobile_only_export_shares_a_number_with_an_id_export_then_one_person(wh):
    _record(wh, "a", dt.date(2026, 3, 1), [([("CN_RESIDENT_ID", "id1"), ("CN_MOBILE", "m1")], False)])
    _record(wh, "b", dt.date(2026, 3, 2), [([("CN_MOBILE", "m1"), ("EMAIL_ADDRESS", "e1")], False)])
    _record(wh, "c", dt.date(2026, 3, 3), [([("EMAIL_ADDRESS", "e1")], True)])
    counts, unlinked = yearly_counts(wh, "p", 2026)
    assert (counts.persons, counts.sensitive_persons, unlinked) == (1, 1, 0)


def test_when_rows_have_no_identifier_then_each_counts_and_is_reported_unlinked(wh):
    _record(wh, "a", dt.date(2026, 3, 1), [([("CN_MOBILE", "m1")], False), ([], False), ([], True)])
    counts, unlinked = yearly_counts(wh, "p", 2026)
    assert (counts.persons, counts.sensitive_persons, unlinked) == (3, 1, 2)


def test_when_the_same_content_is_recorded_twice_then_nothing_changes(wh):
    rows = [([("CN_MOBILE", "m1")], False), ([("CN_MOBILE", "m2")], True)]
    assert _record(wh, "a", dt.date(2026, 3, 1), rows) is True
    assert _record(wh, "a", dt.date(2026, 3, 1), rows) is False
    counts, _ = yearly_counts(wh, "p", 2026)
    assert (counts.persons, counts.sensitive_persons) == (2, 1)
    assert wh.query("SELECT count(*) FROM export_nodes")[0][0] == 2


def test_when_an_export_is_deleted_then_counts_are_recomputed(wh):
    _record(wh, "a", dt.date(2026, 3, 1), [([("CN_MOBILE", "m1")], False)])
    _record(wh, "b", dt.date(2026, 3, 1), [([("CN_MOBILE", "m2")], False)])
    assert wh.delete_export("p", "b") is True
    assert yearly_counts(wh, "p", 2026)[0].persons == 1
    assert wh.delete_export("p", "b") is False


def test_when_exports_straddle_new_year_then_each_year_counts_its_own(wh):
    _record(wh, "a", dt.date(2025, 12, 31), [([("CN_MOBILE", "m1")], False)])
    _record(wh, "b", dt.date(2026, 1, 1), [([("CN_MOBILE", "m1")], False), ([("CN_MOBILE", "m2")], False)])
    assert yearly_counts(wh, "p", 2025)[0].persons == 1
    assert yearly_counts(wh, "p", 2026)[0].persons == 2


def test_when_two_processors_share_a_person_then_each_counts_it(wh):
    _record(wh, "a", dt.date(2026, 3, 1), [([("CN_MOBILE", "m1")], False)], processor="p")
    _record(wh, "a", dt.date(2026, 3, 1), [([("CN_MOBILE", "m1")], False)], processor="q")
    assert yearly_counts(wh, "p", 2026)[0].persons == 1
    assert yearly_counts(wh, "q", 2026)[0].persons == 1


def test_when_an_alert_is_raised_twice_then_it_is_recorded_once(wh):
    from outbound.common.records import Alert

    alert = Alert("p", 2026, "triggered", "spi-standard-contract", 3, 1, "m")
    assert wh.upsert_alert(alert) is True
    assert wh.upsert_alert(alert) is False
    assert len(wh.alerts("p", 2026)) == 1


def test_when_warehouse_is_opened_read_only_but_missing_then_clear_error(tmp_path: Path):
    from outbound.common.errors import WarehouseError

    with pytest.raises(WarehouseError, match="does not exist"):
        open_warehouse(tmp_path / "none.duckdb", read_only=True)


def test_when_the_regime_counts_from_the_previous_year_then_the_window_spans_two_years(wh):
    """Order 11 (before 2024-03-22) counted "自上年1月1日起累计": 2023 and 2024 together."""
    _record(wh, "a", dt.date(2023, 6, 1), [([("CN_MOBILE", "m1")], False)])
    _record(wh, "b", dt.date(2024, 3, 1), [([("CN_MOBILE", "m1")], False), ([("CN_MOBILE", "m2")], False)])
    assert yearly_counts(wh, "p", 2024)[0].persons == 2
    assert yearly_counts(wh, "p", 2024, window_start=dt.date(2023, 1, 1))[0].persons == 2
    _record(wh, "c", dt.date(2023, 2, 1), [([("CN_MOBILE", "m3")], False)])
    assert yearly_counts(wh, "p", 2024)[0].persons == 2
    assert yearly_counts(wh, "p", 2024, window_start=dt.date(2023, 1, 1))[0].persons == 3


def test_when_counts_are_broken_down_then_each_group_counts_its_own_distinct_persons(wh):
    from outbound.warehouse.persons import person_tally

    _record(wh, "a", dt.date(2026, 1, 31), [([("CN_MOBILE", "m1")], False), ([("CN_MOBILE", "m2")], True)],
            recipient="HQ", scenario="crm")
    _record(wh, "b", dt.date(2026, 2, 1), [([("CN_MOBILE", "m1"), ("EMAIL_ADDRESS", "e1")], False), ([], False)],
            recipient="Agency", scenario=None)
    _record(wh, "c", dt.date(2026, 2, 9), [([("EMAIL_ADDRESS", "e1")], False)], recipient="HQ", scenario="crm")
    t = person_tally(wh, "p", 2026)
    assert (t.persons, t.sensitive_persons, t.unlinked) == (3, 1, 1)
    table = {d: [(g.key, g.persons, g.sensitive_persons, g.unlinked) for g in gs] for d, gs in t.by.items()}
    assert table["recipient"] == [("Agency", 2, 0, 1), ("HQ", 2, 1, 0)]
    assert table["month"] == [("2026-01", 2, 1, 0), ("2026-02", 2, 0, 1)]
    assert table["scenario"] == [("crm", 2, 1, 0), (None, 2, 0, 1)]


def test_when_an_export_is_added_after_counting_then_the_cached_tally_is_recomputed(wh):
    _record(wh, "a", dt.date(2026, 3, 1), [([("CN_MOBILE", "m1")], False)])
    assert yearly_counts(wh, "p", 2026)[0].persons == 1
    assert wh.query("SELECT count(*) FROM person_counts")[0][0] == 1
    _record(wh, "b", dt.date(2026, 3, 2), [([("CN_MOBILE", "m2")], False)])
    assert yearly_counts(wh, "p", 2026)[0].persons == 2
    wh.delete_export("p", "b")
    assert yearly_counts(wh, "p", 2026)[0].persons == 1


def test_when_an_export_is_deleted_then_its_keyed_identifiers_are_not_kept(wh):
    _record(wh, "a", dt.date(2026, 3, 1), [([("CN_MOBILE", "m1")], False)])
    _record(wh, "b", dt.date(2026, 3, 2), [([("CN_MOBILE", "m1"), ("CN_MOBILE", "m2")], False)])
    assert wh.query("SELECT count(*) FROM identifiers")[0][0] == 2
    wh.delete_export("p", "b")
    assert wh.query("SELECT count(*) FROM identifiers")[0][0] == 1
    assert wh.query("SELECT count(*) FROM export_edges")[0][0] == 0


def test_when_the_tally_is_cached_then_outbound_persons_answers_without_numpy_or_the_rules(tmp_path: Path):
    import subprocess
    import sys

    w = open_warehouse(tmp_path / "light.duckdb")
    try:
        _record(w, "a", dt.date(2026, 3, 1), [([("CN_MOBILE", "m1")], False)])
        assert yearly_counts(w, "p", 2026)[0].persons == 1  # computes and caches the tally
    finally:
        w.close()
    code = (
        "import sys; from outbound.cli import cli\n"
        f"cli(['persons', '--processor', 'p', '--year', '2026', '--warehouse', {str(tmp_path / 'light.duckdb')!r},"
        " '--json'], standalone_mode=False)\n"
        "print(sorted(m for m in ('numpy', 'pandas', 'pyarrow', 'scipy', 'pydantic', 'outbound.regulation.rules')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert '"persons": 1' in out
    assert out.strip().splitlines()[-1] == "[]"  # start-up is most of this command's time
