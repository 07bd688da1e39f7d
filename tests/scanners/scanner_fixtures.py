"""Synthetic export writers for the scanner tests. Every value is made up; no real people.

A uniquely named module (not conftest) so test files can import it next to other packages' tests.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

Rows = list[dict[str, str | None]]
Writer = Callable[..., Path]

# Values that a careless reader would mangle: leading zeros, 18 digits, an "X" check digit.
TRICKY_ROWS: Rows = [
    {"姓名": "测试甲", "身份证号": "11010519491231002X", "邮编": "011234", "账号": "110105194912310021"},
    {"姓名": "测试乙", "身份证号": "440524188001010014", "邮编": "000001", "账号": None},
    {"姓名": "Test C", "身份证号": None, "邮编": "0", "账号": "0012345678901234567"},
]


def numbered_rows(count: int) -> Rows:
    return [{"row": f"{i:05d}", "code": f"0{i}", "name": f"person-{i}"} for i in range(count)]


def _csv_bytes(rows: Rows, encoding: str, delimiter: str) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(list(rows[0]))
    writer.writerows([["" if v is None else v for v in r.values()] for r in rows])
    return buf.getvalue().encode(encoding)


def _jsonl_bytes(rows: Rows) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


def _json_bytes(rows: Rows) -> bytes:
    return json.dumps({"exported_at": "2025-01-01", "records": rows}, ensure_ascii=False).encode()


def _write_parquet(path: Path, rows: Rows) -> None:
    columns = {k: pa.array([r[k] for r in rows], type=pa.string()) for k in rows[0]}
    pq.write_table(pa.table(columns), path, row_group_size=max(1, len(rows) // 3))


def _write_xlsx(path: Path, rows: Rows) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for r in rows:
        sheet.append(list(r.values()))
    book.save(path)


def export_writer(tmp_path: Path) -> Writer:
    """A writer: write("x.csv.gz", rows, encoding=..., delimiter=...) -> path, format from suffix."""

    def write(name: str, rows: Rows, encoding: str = "utf-8", delimiter: str = ",") -> Path:
        path = tmp_path / name
        plain = name.removesuffix(".gz")
        if plain.endswith((".csv", ".tsv")):
            data = _csv_bytes(rows, encoding, delimiter)
        elif plain.endswith((".jsonl", ".ndjson")):
            data = _jsonl_bytes(rows)
        elif plain.endswith(".json"):
            data = _json_bytes(rows)
        elif plain.endswith(".parquet"):
            _write_parquet(path, rows)
            return path
        elif plain.endswith(".xlsx"):
            _write_xlsx(path, rows)
            return path
        else:
            raise ValueError(name)
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        return path

    return write


def bytes_read(action: Callable[[], object]) -> int:
    """Bytes this process read (every read syscall: Python, pandas, Arrow) while running `action`.

    Linux /proc/self/io "rchar"; counts reads of cached pages too, so it measures what the code
    asks for, not what the disk did.
    """

    def rchar() -> int:
        with open("/proc/self/io") as io_stats:
            return next(int(line.split()[1]) for line in io_stats if line.startswith("rchar:"))

    before = rchar()
    action()
    return rchar() - before
