"""The outbound ledger (出境数据台账) as an Excel workbook: one row per export of a processor-year.

Every text cell goes through `common.spreadsheet` (a value starting with = + - @ stays inert
text). Counts and fingerprints only: which columns held what kind of data, never a value.
"""

from __future__ import annotations

from pathlib import Path

from outbound.common.errors import UsageError
from outbound.common.records import ExportLine
from outbound.common.spreadsheet import append_row

SHEET = "出境数据台账"
HEADER = ("出境日期 date", "数据处理者 processor", "境外接收方 recipient", "业务场景 scenario",
          "数据类别 categories", "数据项 entities", "行数 rows", "个人信息主体人数 persons",
          "敏感个人信息主体人数 sensitive persons", "格式 format", "文件指纹 fingerprint (sha256)")
WIDTHS = (12, 28, 26, 16, 18, 40, 10, 14, 16, 8, 66)
NOTES = (
    ("outbound 出境数据台账 / outbound ledger", ""),
    ("每行一次出境（一个文件的内容）。One row per export (the content of one file, by its sha256).", ""),
    ("人数 persons", "distinct persons in that export, persons linked over the whole year; "
                   "rows with PI but no identifier count one person each"),
    ("合计 year", "a person sent on several days is in several rows; the year's distinct count is below"),
    ("数据项 entities", "what the classifier recognised in the export's columns (rules/entities), no values"),
)


def write_ledger(lines: list[ExportLine], processor: str, name: str | None, year: int,
                 totals: tuple[int, int], out: Path) -> Path:
    """Write the ledger workbook; `totals` are the year's distinct (persons, sensitive persons)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out {out}: the ledger is an Excel workbook, give a file name ending in .xlsx")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    append_row(ws, HEADER)
    shown = f"{name}（{processor}）" if name else processor
    for e in lines:
        append_row(ws, (e.exported_on, shown, e.recipient or "—", e.scenario or "—", ", ".join(e.categories),
                        ", ".join(e.entities), e.rows, e.persons, e.sensitive_persons, e.format, e.content_sha256))
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
        ws.cell(row=1, column=i).font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    about = wb.create_sheet("说明 README")
    for line in (*NOTES, ("年度 year", year), ("本年去重人数 distinct persons", totals[0]),
                 ("本年去重敏感人数 distinct sensitive persons", totals[1]), ("出境次数 exports", len(lines))):
        append_row(about, line)
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 36, 90
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
