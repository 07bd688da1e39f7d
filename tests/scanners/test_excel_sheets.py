"""A workbook whose data is on several worksheets: every sheet is read, sampled and counted."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from openpyxl import Workbook

from outbound.demo.identifiers import make_mobile, make_resident_id
from outbound.pipeline import flow
from outbound.scanners import excel_source, open_source

RNG = random.Random(11)
ORDERS = [[f"SO{i:06d}", make_mobile(RNG), f"{10 + i % 90}.50"] for i in range(3000)]
PASSENGERS = [["王伟", make_resident_id(RNG, dt.date(1985, 2, 3)), make_mobile(RNG)] for _ in range(7)]


def _book(path: Path, *, passengers: bool = True) -> Path:
    book = Workbook()
    orders = book.active
    orders.title = "订单"
    orders.append(["订单号", "手机号", "金额"])
    for row in ORDERS:
        orders.append(row)
    book.create_sheet("Sheet2")  # left empty, as Excel's default sheets often are
    if passengers:
        sheet = book.create_sheet("乘客")
        sheet.append(["姓名", "身份证号", "手机号"])
        for row in PASSENGERS:
            sheet.append(row)
        sheet.sheet_state = "hidden"  # hidden sheets leave with the file all the same
    book.save(path)
    return path


def test_when_one_sheet_holds_data_then_its_headers_are_the_columns(tmp_path: Path):
    source = open_source(_book(tmp_path / "x.xlsx", passengers=False))
    assert source.columns() == ["订单号", "手机号", "金额"]
    assert source.count_rows() == len(ORDERS)


@pytest.mark.parametrize("streamed", [False, True], ids=["calamine", "openpyxl-streaming"])
def test_when_several_sheets_hold_data_then_each_is_read_under_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
):
    if streamed:
        monkeypatch.setattr(excel_source, "STREAM_ABOVE_BYTES", 0)
    source = open_source(_book(tmp_path / "x.xlsx"))
    # the first sheet keeps its headers (as when it alone was read); the others are named by sheet
    assert source.columns() == ["订单号", "手机号", "金额", "乘客.姓名", "乘客.身份证号", "乘客.手机号"]
    assert source.count_rows() == len(ORDERS) + len(PASSENGERS)
    # the second sheet's columns read that sheet's rows only
    frames = list(source.iter_columns(["乘客.身份证号", "乘客.手机号"]))
    assert [r for f in frames for r in f.itertuples(index=False, name=None)] == [(p[1], p[2]) for p in PASSENGERS]
    assert not source.rows_are_records(["乘客.身份证号"])
    assert source.rows_are_records(["手机号", "乘客.身份证号"])
    # a sample takes rows of every sheet: the small one is not drowned by the large one
    sample = source.sample(50, 0)
    assert sample["乘客.身份证号"].dropna().tolist() == [p[1] for p in PASSENGERS]
    assert sample["订单号"].notna().sum() == 50
    assert source.sample(50, 0).equals(sample)


def test_when_a_workbook_is_scanned_then_persons_on_every_sheet_count(tmp_path: Path):
    wh = tmp_path / "w.duckdb"
    (outcome,) = flow.scan([_book(tmp_path / "2026-03-01_export.xlsx")], processor="p", warehouse=wh)
    assert outcome.status == "recorded", outcome.error
    assert outcome.rows == len(ORDERS) + len(PASSENGERS)
    labelled = {lab.column: lab.entity for lab in outcome.labels}
    assert labelled["乘客.身份证号"] == "CN_RESIDENT_ID" and labelled["手机号"] == "CN_MOBILE"
    counts, _ = flow.persons(wh, "p", 2026)
    mobiles = {row[1] for row in ORDERS} | {p[2] for p in PASSENGERS}
    assert counts.persons == len(mobiles)  # each passenger's ID links to their own mobile


def test_when_a_first_sheet_header_reads_like_another_sheets_column_then_both_are_kept(tmp_path: Path):
    book = Workbook()
    book.active.title = "a"
    book.active.append(["b.id"])
    book.active.append(["1"])
    other = book.create_sheet("b")
    other.append(["id"])
    other.append(["2"])
    book.save(tmp_path / "x.xlsx")
    source = open_source(tmp_path / "x.xlsx")
    assert source.columns() == ["b.id", "b.id.1"]
    assert source.sample(5, 0).to_dict("list") == {"b.id": ["1", None], "b.id.1": [None, "2"]}
