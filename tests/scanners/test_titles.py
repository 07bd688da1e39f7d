"""A title line above the header ("2025年3月 客户信息导出", often one merged cell) is neither the
header nor a row: the columns are the header's, and the title is no person."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from openpyxl import Workbook

from outbound.demo.identifiers import make_mobile, make_resident_id
from outbound.pipeline import flow
from outbound.scanners import open_source
from outbound.scanners.base import title_rows

RNG = random.Random(8)
HEADER = ["姓名", "身份证号", "手机号"]
ROWS = [["王伟", make_resident_id(RNG, dt.date(1960 + i, 3, 4)), make_mobile(RNG)] for i in range(30)]


@pytest.mark.parametrize(
    ("rows", "title"),
    [
        ([["title", None, None], HEADER, ROWS[0]], 1),
        ([["title"], [None], HEADER], 2),
        ([HEADER, ROWS[0]], 0),
        ([["手机号"], ["13800000000"], ["13900000000"]], 0),  # one column: no title
        ([["a note"], ["another"]], 0),
    ],
)
def test_when_leading_rows_hold_one_cell_before_a_wider_row_then_they_are_a_title(rows: list, title: int):
    assert title_rows(rows) == title


def _write(path: Path, lead: str) -> Path:
    body = "\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n"
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(["2025年3月 客户信息导出（内部）"])
        sheet.merge_cells("A1:C1")
        for row in [HEADER, *ROWS]:
            sheet.append(row)
        book.save(path)
    else:
        path.write_text(lead + body, encoding="gb18030" if "gbk" in path.name else "utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "lead"),
    [
        ("2026-05-01_a.csv", "客户信息导出 2025-03,,\n"),
        ("2026-05-01_b.csv", "客户信息导出 2025-03\n\n"),  # no delimiter in the title; a blank line
        ("2026-05-01_gbk.csv", "客户信息导出 2025-03\n"),  # read through pyarrow in the full pass
        ("2026-05-01_c.csv", "导出时间：2025-03-01;;\n"),
        ("2026-05-01_d.xlsx", ""),
    ],
)
def test_when_a_title_stands_above_the_header_then_the_header_names_the_columns(tmp_path: Path, name: str, lead: str):
    path = _write(tmp_path / name, lead)
    source = open_source(path)
    assert source.columns() == HEADER
    assert source.count_rows() == len(ROWS)
    assert source.sample(100, 0)["身份证号"].tolist() == [r[1] for r in ROWS]
    wh = tmp_path / "w.duckdb"
    (outcome,) = flow.scan([path], processor="p", warehouse=wh)
    assert (outcome.status, outcome.rows) == ("recorded", len(ROWS)), outcome.error
    counts, unlinked = flow.persons(wh, "p", 2026)
    assert (counts.persons, unlinked) == (len(ROWS), 0)
