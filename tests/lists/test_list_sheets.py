"""Lists as spreadsheets (what agencies exchange) and as YAML: lossless round trips, and import
errors that name sheet, row and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from outbound.common.errors import RuleFileError
from outbound.regulation.list_sheets import (
    SheetError,
    export_list_xlsx,
    import_list,
    import_list_xlsx,
    write_list_yaml,
)
from outbound.regulation.lists import ListFile
from outbound.regulation.rules import load_file

RULES = Path(__file__).resolve().parents[2] / "rules"
FICTIONAL = Path(__file__).parent / "fixtures" / "lists" / "xx-fictional-ftz-negative-list-2030.yaml"
ALL = [*sorted((RULES / "lists").glob("*.yaml")), FICTIONAL]


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_when_a_list_is_exported_and_imported_then_the_model_is_equal(tmp_path: Path, path: Path) -> None:
    lst = load_file(path, ListFile)
    assert import_list_xlsx(export_list_xlsx(lst, tmp_path / "list.xlsx")) == lst


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_when_a_list_is_written_as_yaml_then_it_loads_back_equal(tmp_path: Path, path: Path) -> None:
    lst = load_file(path, ListFile)
    assert load_file(write_list_yaml(lst, tmp_path / "out.yaml"), ListFile) == lst


def test_when_a_spreadsheet_is_imported_then_yaml_named_after_meta_id_is_written(
    tmp_path: Path, fictional: ListFile
) -> None:
    xlsx = export_list_xlsx(fictional, tmp_path / "from-agency.xlsx")
    written = import_list(xlsx, tmp_path)
    assert written == tmp_path / "xx-fictional-ftz-negative-list-2030.yaml"
    assert load_file(written, ListFile) == fictional
    with pytest.raises(RuleFileError, match="exists; a new edition needs a new meta.id"):
        import_list(xlsx, tmp_path)
    assert import_list(xlsx, tmp_path, replace=True) == written


def _row(ws: Any, column: str, value: str) -> int:
    """The first row whose `column` holds `value`."""
    header = [c.value for c in ws[1]]
    idx = header.index(column) + 1
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, idx).value == value)


def _set(sheet: str, find: tuple[str, str], column: str, value: Any) -> Callable[[Any], int]:
    def edit(wb: Any) -> int:
        ws = wb[sheet]
        row = _row(ws, *find)
        ws.cell(row, [c.value for c in ws[1]].index(column) + 1).value = value
        return row

    return edit


def _drop_sheet(wb: Any) -> int:
    del wb["structure"]
    return 0


@pytest.mark.parametrize(
    ("edit", "sheet", "column", "reason"),
    [
        pytest.param(
            _set("entries", ("entry_id", "fx-member-payment"), "at_least", "lots"),
            "entries",
            "at_least",
            "valid integer",
            id="entries-at-least-not-a-number",
        ),  # fmt: skip
        pytest.param(
            _set("entries", ("entry_id", "fx-member-basics-assessment"), "below", 10),
            "entries",
            "below",
            "must be greater than at_least",
            id="entries-below-under-at-least",
        ),  # fmt: skip
        pytest.param(
            _set("entries", ("item_zh", "手机号码"), "mechanism", "security_assessment"),
            "entries",
            "mechanism",
            "differs from the first row of entry fx-member-basics-contract",
            id="entry-rows-disagree",
        ),  # fmt: skip
        pytest.param(
            _set("entries", ("item_zh", "银行卡号"), "entities", None),
            "entries",
            "",
            "maps to no entity or keyword",
            id="item-without-entity-or-keyword",
        ),  # fmt: skip
        pytest.param(
            _set("entries", ("entry_id", "fx-voyage-track"), "scenario_id", "fx-nowhere"),
            "entries",
            "scenario_id",
            "'fx-nowhere' is not in sheet 'structure'",
            id="entries-unknown-scenario",
        ),  # fmt: skip
        pytest.param(
            _set("entries", ("entry_id", "fx-voyage-track"), "scenario_name", "别的"),
            "entries",
            "scenario_name",
            "differs from sheet 'structure'",
            id="entries-scenario-name-edited",
        ),  # fmt: skip
        pytest.param(
            _set("entries", ("entry_id", "fx-voyage-track"), "data_type", "secret"),
            "entries",
            "data_type",
            "'important' or 'personal'",
            id="entries-bad-data-type",
        ),  # fmt: skip
        pytest.param(
            _set("structure", ("scenario_id", "fx-shipping-voyage"), "verified", "maybe"),
            "structure",
            "verified",
            "valid boolean",
            id="structure-bad-boolean",
        ),  # fmt: skip
        pytest.param(
            _set("structure", ("scenario_id", "fx-shipping-voyage"), "scenario_id", "fx-lodging-membership"),
            "structure",
            "scenario_id",
            "is empty or repeats",
            id="structure-duplicate-id",
        ),  # fmt: skip
        pytest.param(
            _set("structure", ("domain_id", "fx-shipping"), "level", "sector"),
            "structure",
            "level",
            "must be 'domain' or 'scenario'",
            id="structure-bad-level",
        ),  # fmt: skip
        pytest.param(
            _set("meta", ("key", "effective_from"), "value", "someday"),
            "meta",
            "value",
            "key effective_from: Input should be a valid date",
            id="meta-bad-date",
        ),  # fmt: skip
        pytest.param(
            _set("meta", ("key", "list_kind"), "value", "blacklist"),
            "meta",
            "value",
            "'negative' or 'positive'",
            id="meta-bad-list-kind",
        ),  # fmt: skip
        pytest.param(
            _set("meta", ("key", "effective_to"), "value", "2020-01-01"),
            "",
            "",
            "whole list: Value error, meta.effective_to (2020-01-01) must be after",
            id="meta-ends-before-it-starts",
        ),  # fmt: skip
        pytest.param(
            _set("meta", ("key", "counts.data_items"), "value", 99),
            "",
            "",
            "whole list: Value error, counts.data_items is 99",
            id="meta-count-disagrees-whole-list",
        ),  # fmt: skip
        pytest.param(_drop_sheet, "structure", "", "sheet missing", id="sheet-missing"),
    ],
)
def test_when_a_spreadsheet_cell_is_wrong_then_the_error_names_sheet_row_and_column(
    tmp_path: Path, fictional: ListFile, edit: Callable[[Any], int], sheet: str, column: str, reason: str
) -> None:
    path = export_list_xlsx(fictional, tmp_path / "list.xlsx")
    wb = load_workbook(path)
    row = edit(wb)
    wb.save(path)
    with pytest.raises(SheetError) as err:
        import_list_xlsx(path)
    text = str(err.value)
    assert "list.xlsx" in text and reason in text
    if sheet:
        assert f"sheet {sheet!r}" in text
    if row and column:
        assert f"row {row}, column {column!r}" in text


def test_when_the_file_is_not_a_workbook_then_the_error_says_so(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(RuleFileError, match="not a readable .xlsx workbook"):
        import_list_xlsx(path)


def test_when_an_unknown_column_is_added_then_import_refuses_it(tmp_path: Path, fictional: ListFile) -> None:
    path = export_list_xlsx(fictional, tmp_path / "list.xlsx")
    wb = load_workbook(path)
    ws = wb["entries"]
    ws.cell(1, ws.max_column + 1).value = "remarks"
    wb.save(path)
    with pytest.raises(SheetError, match="sheet 'entries', row 1, column 'remarks': unknown column"):
        import_list_xlsx(path)
