"""Resident IDs or card numbers a spreadsheet took for numbers have lost their last digits before
any export reads them: no tool can count their persons, so the file says which column it was."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from outbound import identifiers
from outbound.classifiers import lost_digits
from outbound.cli import cli
from outbound.demo.identifiers import make_resident_id
from outbound.pipeline import flow

rng = random.Random(14)
IDS = [make_resident_id(rng, dt.date(1980, 1, 1) + dt.timedelta(days=rng.randrange(9000))) for _ in range(30)]


@pytest.mark.parametrize(
    ("cells", "lost"),
    [
        (["1.10105E+17", "3.10104E+17", None, ""], True),  # a CSV saved by Excel
        (["1.1010519491231e+17", "4.4030519870101e+17"], True),  # a workbook's float, as calamine gives it
        (["6.22202E+18", "6.22848E+18", "无"], True),  # 19-digit card numbers
        (["1.5E+3", "2.0E+10"], False),  # short numbers lose nothing
        (IDS[:3], False),
        (["1.10105E+17", "x", "y"], False),  # a few such cells are not the column
    ],
)
def test_when_a_column_is_mostly_long_numbers_in_scientific_notation_then_it_is_named(cells, lost):
    frame = pd.DataFrame({"身份证号": cells, "other": ["a"] * len(cells)})
    assert lost_digits(frame) == (("身份证号",) if lost else ())


def test_when_a_workbook_holds_ids_typed_as_numbers_then_classify_and_scan_say_so(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(identifiers.KEY_ENV, "digits")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "手机号"])
    for i, rid in enumerate(IDS):
        ws.append(["张伟", float(rid[:17] + "0"), f"138{i:08d}"])
    path = tmp_path / "2026-05-01_guests.xlsx"
    wb.save(path)
    runner = CliRunner()
    shown = runner.invoke(cli, ["classify", str(path)])
    assert shown.exit_code == 0 and "column 身份证号: numbers of 16 or more digits" in shown.output
    [outcome] = flow.scan([path], processor="p", warehouse=tmp_path / "w.duckdb")
    assert outcome.status == "recorded" and len(outcome.notes) == 1 and "身份证号" in outcome.notes[0]
    assert flow.outcome_json(outcome)["notes"] == list(outcome.notes)
    assert flow.persons(tmp_path / "w.duckdb", "p", 2026)[0].persons == len(IDS)  # by their mobiles


def test_when_no_column_lost_digits_then_no_note_is_added(tmp_path: Path):
    path = tmp_path / "guests.csv"
    path.write_text("姓名,身份证号\n" + "".join(f"张伟,{rid}\n" for rid in IDS), encoding="utf-8")
    [done], failed = flow.classify([path], sample_rows=100, seed=0)
    assert not failed and done.lost_digits == () and "notes" not in done.to_json()
