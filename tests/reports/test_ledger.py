"""The outbound ledger: one row per export with its counts, and formula-like text kept inert."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from outbound.reports.ledger import HEADER, SHEET, write_ledger
from outbound.warehouse.per_export import ExportLine
from outbound.warehouse.persons import person_tally
from outbound.warehouse.store import open_warehouse
from tests.reports.conftest import YEAR, outbound


def test_when_the_ledger_is_written_then_each_export_is_one_row_with_its_counts(scanned_zone, tmp_path):
    out = tmp_path / "ledger.xlsx"
    done = outbound("report", "ledger", "--processor", "sh-retail", "--year", str(YEAR), "--warehouse",
                    str(scanned_zone.warehouse), "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(load_workbook(out)[SHEET].iter_rows(values_only=True))
    wh = open_warehouse(scanned_zone.warehouse, read_only=True)
    try:
        exports, tally = wh.exports("sh-retail"), person_tally(wh, "sh-retail", YEAR)
    finally:
        wh.close()
    assert rows[0] == HEADER and len(rows) - 1 == len(exports)
    assert sorted(r[10] for r in rows[1:]) == sorted(e[0] for e in exports)  # fingerprints
    assert all(r[1] == "东方优选零售有限公司（sh-retail）" and "BANK_CARD" in r[5] for r in rows[1:])
    persons = [r[7] for r in rows[1:]]
    assert max(persons) <= tally.persons <= sum(persons)  # one person on two days: two rows, once a year
    assert sum(r[6] for r in rows[1:]) == sum(e[5] for e in exports)


def test_when_a_ledger_cell_looks_like_a_formula_then_it_stays_text(tmp_path):
    line = ExportLine(dt.date(2026, 3, 1), "=HYPERLINK(\"http://x.example\",\"y\")", "@SUM(A1)", 3, "ab" * 32, "csv",
                      ("personal",), ("CN_MOBILE",), 3, 0)
    out = write_ledger([line], "p1", "=cmd|' /C calc'!A0", 2026, (3, 0), tmp_path / "l.xlsx")
    row = list(load_workbook(out)[SHEET].iter_rows(min_row=2))[0]
    assert [c.value for c in row[1:4]] == ["=cmd|' /C calc'!A0（p1）", "=HYPERLINK(\"http://x.example\",\"y\")", "@SUM(A1)"]
    assert all(c.data_type == "s" for c in row[1:4])


def test_when_the_out_file_is_not_xlsx_then_the_error_says_so(scanned_zone, tmp_path):
    done = outbound("report", "ledger", "--processor", "sh-retail", "--year", str(YEAR), "--warehouse",
                    str(scanned_zone.warehouse), "--out", str(tmp_path / "ledger.csv"))
    assert done.returncode == 2 and ".xlsx" in done.stderr
