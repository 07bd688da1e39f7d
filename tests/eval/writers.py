"""Write one table (column name -> cells) in one of the corpus formats.

CSV as UTF-8 (with or without BOM), GBK or GB18030 (GBK when every character fits), gzip;
JSON Lines and JSON with dotted names turned back into nested objects (empty cells either null or
absent); Parquet with string columns; Excel through openpyxl's write-only mode.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

Cell = str | None
Table = dict[str, list[Cell]]


def _rows(table: Table) -> list[list[Cell]]:
    return [list(row) for row in zip(*table.values(), strict=True)]


def _csv_text(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table)
    writer.writerows([["" if c is None else c for c in row] for row in _rows(table)])
    return buffer.getvalue()


def _records(table: Table, nulls: bool) -> list[dict[str, Any]]:
    records = []
    for row in _rows(table):
        record: dict[str, Any] = {}
        for name, cell in zip(table, row, strict=True):
            if cell is None and not nulls:
                continue
            *groups, leaf = name.split(".")
            target = record
            for group in groups:
                target = target.setdefault(group, {})
            target[leaf] = cell
        records.append(record)
    return records


def write_table(path: Path, fmt: str, table: Table, rng: random.Random) -> None:
    if fmt == "csv-utf8":
        path.write_text(_csv_text(table), encoding=rng.choice(("utf-8", "utf-8-sig")), newline="")
    elif fmt == "csv-gb":
        text = _csv_text(table)
        try:
            data = text.encode(rng.choice(("gbk", "gb18030")))
        except UnicodeEncodeError:
            data = text.encode("gb18030")
        path.write_bytes(data)
    elif fmt == "csv-gz":
        path.write_bytes(gzip.compress(_csv_text(table).encode("utf-8"), mtime=0))  # mtime=0: same bytes every build
    elif fmt == "jsonl":
        records = _records(table, nulls=rng.random() < 0.5)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    elif fmt == "json":
        records = _records(table, nulls=rng.random() < 0.5)
        doc: Any = {"exported_at": "2026-03-01", "records": records} if rng.random() < 0.5 else records
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "parquet":
        pq.write_table(pa.table({name: pa.array(cells, pa.string()) for name, cells in table.items()}), path)
    elif fmt == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet("导出")
        sheet.append(list(table))
        for row in _rows(table):
            sheet.append(row)
        book.save(path)
    else:
        raise ValueError(f"unknown corpus format {fmt!r}")
