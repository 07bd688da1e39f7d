"""The filing as an Excel workbook (agencies and companies exchange spreadsheets), and back.

Sheets: 说明 README, filing (key/value), scenarios, datasets, fields, recipients. One row per
object; list cells hold values separated by commas (, ， ; ； 、 or new lines). Import validates
with the same model as YAML, so an error names the sheet, the row and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from outbound.common.spreadsheet import append_row
from outbound.expectations.filing import Filing, FilingError, parse_filing

FILING_KEYS = (
    "schema_version", "filing_id", "version", "filed_on", "approved_on", "expires_on",
    "processor.id", "processor.name", "processor.uscc", "processor.zone", "processor.ciio", "processor.industry",
    "scale.persons", "scale.sensitive_persons", "scale.records",
)  # fmt: skip
TABLES: dict[str, tuple[str, ...]] = {
    "scenarios": ("id", "name", "purpose", "list_id", "list_scenario", "subcategories", "exemption_ground",
                  "mechanism"),
    "datasets": ("name", "scenario", "files", "format", "recipients"),
    "fields": ("dataset", "name", "data_item", "entities", "category", "masked", "masking"),
    "recipients": ("name", "country", "contact", "transfer_method"),
}
LISTS = {"subcategories", "files", "recipients", "entities"}
BOOLS = {"processor.ciio", "masked"}
README = (
    ("outbound filing workbook / 出境数据备案表", ""),
    ("Fill one row per object; keep the header row. List cells: values separated by commas.", ""),
    ("filing", "key/value: identity of the processor, dates (YYYY-MM-DD), declared yearly scale"),
    ("scenarios", "business scenarios: list_id + list_scenario + subcategories, or exemption_ground, or mechanism"),
    ("datasets", "one row per dataset: scenario id, file name patterns, recipients (names)"),
    ("fields", "one row per field: dataset name, column name, data item, entities, category, masked, masking"),
    ("recipients", "overseas recipients: name, ISO country code, contact, transfer method"),
    ("category", "personal | sensitive | important | none"),
    ("schema", "docs/filing.md; check with `outbound filing validate FILE`"),
)
_SPLIT = re.compile(r"\s*[,，;；、\n]\s*")


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def export_xlsx(filing: Filing | None, path: Path) -> Path:
    """Write the workbook; with `filing=None` an empty template (headers and help only)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = "README"
    for line in README:
        readme.append(line)
    readme["A1"].font = Font(bold=True)
    data = filing.model_dump(mode="json") if filing else {}
    sheet = wb.create_sheet("filing")
    sheet.append(("key", "value"))
    for key in FILING_KEYS:
        head, _, tail = key.partition(".")
        value = (data.get(head) or {}).get(tail) if tail else data.get(head)
        append_row(sheet, (key, _cell(value)))
    for name, columns in TABLES.items():
        ws = wb.create_sheet(name)
        ws.append(columns)
        for row in _rows(name, data):
            append_row(ws, (_cell(row.get(c)) for c in columns))
        if name == "fields":
            dv = DataValidation(type="list", formula1='"personal,sensitive,important,none"', allow_blank=False)
            ws.add_data_validation(dv)
            dv.add("E2:E1000")
    for ws in wb.worksheets:
        ws["A1"].font = Font(bold=True)
        for col in ws.columns:
            ws.column_dimensions[col[0].column_letter].width = 24
    wb.save(path)
    return Path(path)


def _rows(name: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    if not data:
        return []
    if name == "scenarios":
        out = []
        for s in data["scenarios"]:
            ref = s.get("uses_list") or {}
            out.append({**s, "list_id": ref.get("list_id"), "list_scenario": ref.get("scenario"),
                        "subcategories": ref.get("subcategories")})
        return out
    if name == "fields":
        return [{"dataset": d["name"], **f} for d in data["datasets"] for f in d["fields"]]
    return list(data[name])


def _value(key: str, raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return [] if key in LISTS else None
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if key in LISTS:
        return [v for v in _SPLIT.split(str(raw).strip()) if v]
    if key in BOOLS and isinstance(raw, str):
        return raw.strip().lower() in ("true", "yes", "1", "是", "y")
    return raw.strip() if isinstance(raw, str) else raw


def _table(wb: Any, name: str, problems: list[str]) -> list[dict[str, Any]]:
    if name not in wb.sheetnames:
        problems.append(f"sheet {name!r} is missing; start from `outbound filing export-template`")
        return []
    rows = list(wb[name].iter_rows(values_only=True))
    header = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else ())]
    missing = [c for c in TABLES[name] if c not in header]
    if missing:
        problems.append(f"sheet {name!r}: header lacks {missing}")
        return []
    out = []
    for row in rows[1:]:
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        out.append({c: _value(c, row[header.index(c)]) for c in TABLES[name]})
    return out


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def import_xlsx(path: Path) -> Filing:
    """Read a workbook written by `export_xlsx` (or filled from its template) into a Filing."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise FilingError(str(path), [f"not a readable .xlsx workbook ({exc.__class__.__name__})"]) from exc
    problems: list[str] = []
    kv: dict[str, Any] = {}
    if "filing" in wb.sheetnames:
        for row in wb["filing"].iter_rows(min_row=2, values_only=True):
            if row and row[0]:
                kv[str(row[0]).strip()] = _value(str(row[0]).strip(), row[1] if len(row) > 1 else None)
    else:
        problems.append("sheet 'filing' is missing; start from `outbound filing export-template`")
    tables = {name: _table(wb, name, problems) for name in TABLES}
    wb.close()
    if problems:
        raise FilingError(str(path), problems)
    data: dict[str, Any] = {"processor": {}, "scale": {}}
    for key, value in kv.items():
        head, _, tail = key.partition(".")
        if value is not None:
            (data[head].__setitem__(tail, value) if tail else data.__setitem__(head, value))
    data["scenarios"] = [_scenario(s) for s in tables["scenarios"]]
    data["recipients"] = [_drop_empty(r) for r in tables["recipients"]]
    data["datasets"] = [
        {**_drop_empty(d), "fields": [_drop_empty({k: v for k, v in f.items() if k != "dataset"})
                                      for f in tables["fields"] if f["dataset"] == d["name"]]}
        for d in tables["datasets"]
    ]  # fmt: skip
    orphans = sorted({f["dataset"] for f in tables["fields"]} - {d["name"] for d in tables["datasets"]})
    if orphans:
        raise FilingError(str(path), [f"sheet 'fields': dataset {o!r} is not on sheet 'datasets'" for o in orphans])
    return parse_filing(data, f"{path} (sheets filing/scenarios/datasets/fields/recipients)")


def _scenario(row: dict[str, Any]) -> dict[str, Any]:
    out = _drop_empty({k: row[k] for k in ("id", "name", "purpose", "exemption_ground", "mechanism")})
    if row["list_id"]:
        out["uses_list"] = _drop_empty({"list_id": row["list_id"], "scenario": row["list_scenario"],
                                        "subcategories": row["subcategories"]})
    return out
