"""The filing as an Excel workbook: export, import, round trip; a bad cell is named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from outbound.demo.filings import filing_for
from outbound.demo.zone import PROCESSORS
from outbound.expectations.filing import FilingError, load_filing, parse_filing
from outbound.expectations.sheets import TABLES, export_xlsx, import_xlsx
from tests.expectations.cases import base_filing


def _filings():
    yield pytest.param(parse_filing(base_filing(), "base"), id="base")
    for pid, spec in PROCESSORS.items():
        yield pytest.param(parse_filing(filing_for(spec.profile()), pid), id=pid)


@pytest.mark.parametrize("filing", _filings())
def test_when_a_filing_goes_to_excel_and_back_then_it_is_equal(tmp_path: Path, filing):
    back = import_xlsx(export_xlsx(filing, tmp_path / "f.xlsx"))
    assert back == filing


def test_when_the_template_is_exported_then_it_has_every_sheet_and_header(tmp_path: Path):
    wb = load_workbook(export_xlsx(None, tmp_path / "t.xlsx"))
    assert wb.sheetnames == ["README", "filing", *TABLES]
    for name, columns in TABLES.items():
        assert tuple(c.value for c in wb[name][1]) == columns
    with pytest.raises(FilingError) as err:  # an empty template is not a filing yet
        import_xlsx(tmp_path / "t.xlsx")
    assert any(p.startswith("filing_id") for p in err.value.problems)


def test_when_a_category_cell_is_wrong_then_import_names_the_field(tmp_path: Path):
    path = export_xlsx(parse_filing(base_filing(), "base"), tmp_path / "f.xlsx")
    wb = load_workbook(path)
    wb["fields"]["E3"] = "secret"  # second field's category
    wb.save(path)
    with pytest.raises(FilingError) as err:
        import_xlsx(path)
    assert any(p.startswith("datasets[0].fields[1].category") for p in err.value.problems)


def test_when_a_sheet_is_missing_then_import_says_which(tmp_path: Path):
    path = export_xlsx(parse_filing(base_filing(), "base"), tmp_path / "f.xlsx")
    wb = load_workbook(path)
    del wb["recipients"]
    wb.save(path)
    with pytest.raises(FilingError, match="sheet 'recipients' is missing"):
        import_xlsx(path)


def test_when_the_cli_exports_and_imports_then_the_yaml_equals_the_source(tmp_path: Path):
    src = tmp_path / "filing.yaml"
    src.write_text(yaml.safe_dump(base_filing(), allow_unicode=True), encoding="utf-8")
    run = [sys.executable, "-m", "outbound", "filing"]
    out = subprocess.run([*run, "export-template", str(tmp_path / "f.xlsx"), "--from", str(src)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    out = subprocess.run([*run, "import", str(tmp_path / "f.xlsx"), "--out", str(tmp_path / "back.yaml")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert load_filing(tmp_path / "back.yaml") == load_filing(src)
