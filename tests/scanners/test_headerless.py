"""A file without a header row: its first row is data, never column names (which would lose that
row and show its identifiers as names, in the output and in the warehouse)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from outbound.demo.identifiers import make_mobile, make_resident_id
from outbound.pipeline import flow
from outbound.scanners import open_source

RNG = random.Random(21)
ROWS = [[f"乘客{i}", make_resident_id(RNG, dt.date(1980 + i % 20, 1, 2)), make_mobile(RNG), f"u{i}@example.com"]
        for i in range(40)]  # fmt: skip


def _write(path: Path) -> Path:
    if path.suffix == ".xlsx":
        book = Workbook()
        for row in ROWS:
            book.active.append(row)
        book.save(path)
    else:
        encoding = "gb18030" if "gbk" in path.name else "utf-8"
        with path.open("w", newline="", encoding=encoding) as fh:
            csv.writer(fh).writerows(ROWS)
    return path


@pytest.mark.parametrize("name", ["2026-05-01_a.csv", "2026-05-01_gbk.csv", "2026-05-01_a.xlsx"])
def test_when_the_first_row_is_data_then_columns_are_numbered_and_every_row_counts(tmp_path: Path, name: str):
    path = _write(tmp_path / name)
    source = open_source(path)
    assert source.columns() == ["column_1", "column_2", "column_3", "column_4"]
    assert source.count_rows() == len(ROWS)
    assert source.sample(1000, 0)["column_2"].tolist() == [r[1] for r in ROWS]
    wh = tmp_path / "w.duckdb"
    (outcome,) = flow.scan([path], processor="p", warehouse=wh)
    assert (outcome.status, outcome.rows) == ("recorded", len(ROWS)), outcome.error
    counts, _ = flow.persons(wh, "p", 2026)
    assert counts.persons == len(ROWS)
    with duckdb.connect(str(wh), read_only=True) as con:
        names = {r[0] for r in con.execute("SELECT column_name FROM column_labels").fetchall()}
    assert names <= {"column_1", "column_2", "column_3", "column_4"}
    raw = wh.read_bytes()
    assert not any(value.encode() in raw for row in ROWS for value in row[1:])


def test_when_the_first_row_is_a_header_then_it_stays_the_names(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_text("姓名,身份证号,手机号\n" + "\n".join(",".join(r[:3]) for r in ROWS) + "\n", encoding="utf-8")
    source = open_source(path)
    assert source.columns() == ["姓名", "身份证号", "手机号"] and source.count_rows() == len(ROWS)


def test_when_json_keys_are_identifiers_then_no_output_or_warehouse_shows_them(tmp_path: Path):
    """A JSON object keyed by mobile numbers makes columns named by them: masked wherever shown."""
    import json
    import subprocess
    import sys

    doc = {row[2]: {"name": row[0], "id_no": row[1]} for row in ROWS[:5]}
    path = tmp_path / "2026-05-01_members.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    cli = [sys.executable, "-m", "outbound"]
    shown = "".join(subprocess.run([*cli, "classify", str(path), *extra], capture_output=True, text=True).stdout
                    for extra in ([], ["--json"], ["--explain"]))  # fmt: skip
    wh = tmp_path / "w.duckdb"
    subprocess.run([*cli, "scan", str(path), "--processor", "p", "--warehouse", str(wh)], capture_output=True, check=True)
    stored = wh.read_bytes()
    for row in ROWS[:5]:
        assert row[2] not in shown and row[2].encode() not in stored
