"""The full pass (DuckDB relation over every row) yields the cells the source's own reader yields."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scanner_fixtures import TRICKY_ROWS, Writer

from outbound.scanners import open_fallback, open_source, open_stream

NESTED = [
    {"booking_id": "B1", "guest": {"name": "Ann Lee", "passport_no": "E12345678", "contact": {"email": "a@x.com"}},
     "nights": 3, "tags": ["vip", "late"]},
    {"booking_id": "B2", "guest": {"name": "李四", "passport_no": None}, "nights": 1},
    {"booking_id": "B3", "guest": {"name": "", "contact": {"email": "b@y.cn"}}, "big": 110105194912310021},
]  # fmt: skip


def _rows(con: duckdb.DuckDBPyConnection, stream) -> list[tuple]:
    try:
        return con.execute(f"SELECT * FROM {stream.sql}").fetchall()
    finally:
        stream.close()


def _expected(path: Path, columns: list[str]) -> list[tuple]:
    frames = list(open_source(path).iter_columns(columns))
    return [tuple(r) for f in frames for r in f[columns].itertuples(index=False)]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "native"),
    [
        ("plain.csv", "utf-8", ",", True),
        ("bom.csv", "utf-8-sig", ",", True),
        ("gbk.csv", "gb18030", ",", False),
        ("packed.csv.gz", "utf-8", ",", True),
        ("gbk.csv.gz", "gb18030", ",", False),
        ("tabbed.tsv", "utf-8", "\t", True),
        ("semi.csv", "utf-8", ";", True),
        ("sheet.xlsx", "utf-8", ",", False),
        ("flat.parquet", "utf-8", ",", True),
        ("lines.jsonl", "utf-8", ",", True),
        ("lines.jsonl.gz", "utf-8", ",", True),
        ("wrapped.json", "utf-8", ",", True),
    ],
)
def test_when_a_file_is_streamed_then_every_row_matches_the_source_reader(
    write_export: Writer, name: str, encoding: str, delimiter: str, native: bool
):
    rows = TRICKY_ROWS * 40
    path = write_export(name, rows, encoding=encoding, delimiter=delimiter)
    columns = ["身份证号", "账号", "姓名"]
    con = duckdb.connect()
    stream = open_stream(con, open_source(path), columns)
    assert stream.native is native
    assert _rows(con, stream) == _expected(path, columns)
    assert len(_rows(con, open_fallback(con, open_source(path), columns))) == len(rows)


def test_when_jsonl_is_nested_then_dotted_names_reach_the_leaves(write_export: Writer):
    path = write_export("nested.jsonl", NESTED)
    columns = ["guest.passport_no", "guest.contact.email", "guest.name", "nights", "big"]
    con = duckdb.connect()
    got = _rows(con, open_stream(con, open_source(path), columns))
    assert got == _expected(path, columns)
    assert got[2][4] == "110105194912310021"  # an 18-digit JSON number keeps every digit


def test_when_parquet_has_structs_then_dotted_names_reach_the_leaves(tmp_path: Path):
    guest = pa.array([{"id_no": "11010519491231002X", "mobile": "13812345678"}, {"id_no": None, "mobile": ""}])
    path = tmp_path / "crew.parquet"
    pq.write_table(pa.table({"guest": guest, "n": pa.array([7, None], pa.int64())}), path)
    con = duckdb.connect()
    got = _rows(con, open_stream(con, open_source(path), ["guest.id_no", "guest.mobile", "n"]))
    assert got == [("11010519491231002X", "13812345678", "7"), (None, None, None)]


def test_when_a_large_gb18030_file_is_streamed_then_batches_keep_every_row(write_export: Writer):
    rows = [{"姓名": f"测试{i}", "手机号": f"138{i:08d}"} for i in range(150_000)]
    path = write_export("many.csv", rows, encoding="gb18030")
    con = duckdb.connect()
    stream = open_stream(con, open_source(path), ["手机号"])
    (got,) = con.execute(f"SELECT count(*), count(DISTINCT c0), min(c0), max(c0) FROM {stream.sql}").fetchall()
    stream.close()
    assert got == (150_000, 150_000, "13800000000", "13800149999")



def _stream_views(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE view_name LIKE 'stream_%'").fetchall()}


def test_when_a_stream_reads_through_python_then_it_is_not_retried_and_closing_it_drops_its_view(
    write_export: Writer,
):
    # Through the source's own reader there is nothing to fall back to; its Arrow view goes on close.
    path = write_export("gbk.csv", TRICKY_ROWS, encoding="gb18030", delimiter=",")
    con = duckdb.connect()
    stream = open_fallback(con, open_source(path), ["姓名"])
    assert stream.retry is False
    assert len(_stream_views(con)) == 1
    stream.close()
    assert _stream_views(con) == set()
