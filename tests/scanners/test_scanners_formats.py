"""Every format gives back the same columns and the same text, exactly as written."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook
from scanner_fixtures import TRICKY_ROWS, Writer

from outbound.scanners import open_source

ALL_NAMES = [
    "x.csv",
    "x.csv.gz",
    "x.tsv",
    "x.jsonl",
    "x.jsonl.gz",
    "x.ndjson",
    "x.json",
    "x.json.gz",
    "x.parquet",
    "x.xlsx",
]
EXPECTED_FORMAT = {
    "csv": "csv",
    "tsv": "csv",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "json": "json",
    "parquet": "parquet",
    "xlsx": "xlsx",
}


def _format_of(name: str) -> str:
    return EXPECTED_FORMAT[name.removesuffix(".gz").rsplit(".", 1)[1]]


@pytest.mark.parametrize("name", ALL_NAMES, ids=ALL_NAMES)
def test_when_export_has_identifier_like_values_then_they_come_back_as_written(
    write_export: Writer, name: str
) -> None:
    source = open_source(write_export(name, TRICKY_ROWS, delimiter="\t" if ".tsv" in name else ","))
    sample = source.sample(100, seed=1)

    assert source.format == _format_of(name)
    assert source.columns() == list(TRICKY_ROWS[0])
    assert sample.to_dict("records") == TRICKY_ROWS
    assert all(isinstance(v, str) or v is None for v in sample.to_numpy().ravel())
    assert source.count_rows() == len(TRICKY_ROWS)


@pytest.mark.parametrize("name", ALL_NAMES, ids=ALL_NAMES)
def test_when_columns_are_streamed_then_cells_match_the_sample(write_export: Writer, name: str) -> None:
    source = open_source(write_export(name, TRICKY_ROWS, delimiter="\t" if ".tsv" in name else ","))
    frames = list(source.iter_columns(["账号", "身份证号"]))
    streamed = pd.concat(frames)
    assert list(streamed.columns) == ["账号", "身份证号"]
    assert streamed.to_dict("records") == [
        {"账号": r["账号"], "身份证号": r["身份证号"]} for r in TRICKY_ROWS
    ]


@pytest.mark.parametrize(
    ("written_as", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"), ("utf-16", "utf-16"),
     ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
    ids=["utf8", "utf8-bom", "gb18030", "gbk-read-as-gb18030", "utf16-bom", "utf16le-no-bom", "utf16be-no-bom"],
)  # fmt: skip
@pytest.mark.parametrize("name", ["x.csv", "x.csv.gz"], ids=["plain", "gz"])
def test_when_csv_has_chinese_headers_then_encoding_is_detected(
    write_export: Writer, name: str, written_as: str, detected: str
) -> None:
    source = open_source(write_export(name, TRICKY_ROWS, encoding=written_as))
    assert source.encoding == detected
    assert source.columns() == ["姓名", "身份证号", "邮编", "账号"]
    assert source.sample(10, 0)["姓名"].tolist() == ["测试甲", "测试乙", "Test C"]


@pytest.mark.parametrize(
    ("encoding", "char", "pad"),
    [("utf-8", "张", p) for p in range(3)] + [("gb18030", "张", p) for p in range(2)],
    ids=["utf8-pad0", "utf8-pad1", "utf8-pad2", "gb18030-pad0", "gb18030-pad1"],
)
def test_when_prefix_ends_inside_a_multibyte_char_then_detection_is_not_fooled(
    tmp_path: Path, encoding: str, char: str, pad: int
) -> None:
    # One long field so the 64 KiB cut falls mid-character for one of the paddings.
    text = "名" + "a" * pad + "\n" + char * 40_000 + "\n"
    path = tmp_path / "long.csv"
    path.write_bytes(text.encode(encoding))
    source = open_source(path)
    assert source.encoding == encoding
    assert source.count_rows() == 1


def test_when_encoding_is_given_then_it_overrides_detection(write_export: Writer) -> None:
    source = open_source(write_export("x.csv", TRICKY_ROWS, encoding="gbk"), encoding="GBK")
    assert source.encoding == "gbk"
    assert source.columns()[0] == "姓名"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab", "pipe"])
def test_when_csv_uses_a_delimiter_then_it_is_sniffed(write_export: Writer, delimiter: str) -> None:
    source = open_source(write_export("x.csv", TRICKY_ROWS, delimiter=delimiter))
    assert source.columns() == list(TRICKY_ROWS[0])


def test_when_csv_has_a_single_column_then_comma_is_assumed(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("id\n011\n012\n")
    assert open_source(path).sample(5, 0)["id"].tolist() == ["011", "012"]


NESTED = [
    {
        "booking": "B001",
        "guest": {"name": "测试甲", "doc": {"id_no": "11010519491231002X"}},
        "phones": ["13800000000", "13900000000"],
        "nights": 2,
        "rate": 1.5,
        "vip": True,
        "card": 6222020200000000000,
        "note": None,
    },
    {"booking": "B002", "guest": {"name": "测试乙"}, "extra": "only-here"},
]
NESTED_COLUMNS = [
    "booking",
    "guest.name",
    "guest.doc.id_no",
    "phones",
    "nights",
    "rate",
    "vip",
    "card",
    "note",
    "extra",
]
NESTED_FIRST = {
    "booking": "B001",
    "guest.name": "测试甲",
    "guest.doc.id_no": "11010519491231002X",
    "phones": '["13800000000", "13900000000"]',
    "nights": "2",
    "rate": "1.5",
    "vip": "true",
    "card": "6222020200000000000",
    "note": None,
    "extra": None,
}


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("n.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n\n" for r in NESTED)),
        ("n.json", json.dumps(NESTED, ensure_ascii=False)),
        ("n.json.gz", json.dumps({"data": NESTED}, ensure_ascii=False)),
    ],
    ids=["jsonl-with-blank-lines", "json-array", "json-wrapped-gz"],
)
def test_when_json_is_nested_then_columns_are_dotted_paths(tmp_path: Path, name: str, body: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(body.encode()) if name.endswith(".gz") else body.encode())
    source = open_source(path)
    assert source.columns() == NESTED_COLUMNS
    sample = source.sample(10, 3)
    assert sample.iloc[0].to_dict() == NESTED_FIRST
    assert sample.iloc[1]["extra"] == "only-here"
    assert pd.concat(source.iter_columns(["guest.doc.id_no"]))["guest.doc.id_no"].tolist() == [
        "11010519491231002X",
        None,
    ]


def test_when_parquet_has_typed_and_nested_columns_then_they_are_text_and_dotted(tmp_path: Path) -> None:
    table = pa.table(
        {
            "card": pa.array([6222020200000000000, None], type=pa.int64()),
            "guest": pa.array([{"id_no": "11010519491231002X", "age": 30}, {"id_no": None, "age": None}]),
            "tags": pa.array([["a", "b"], []]),
            "day": pa.array([dt.date(2025, 1, 2), None]),
            "kind": pa.array(["x", "y"]).dictionary_encode(),
        }
    )
    path = tmp_path / "typed.parquet"
    pq.write_table(table, path)
    source = open_source(path)
    assert source.columns() == ["card", "guest.id_no", "guest.age", "tags", "day", "kind"]
    assert source.sample(5, 0).to_dict("records") == [
        {
            "card": "6222020200000000000",
            "guest.id_no": "11010519491231002X",
            "guest.age": "30",
            "tags": '["a", "b"]',
            "day": "2025-01-02",
            "kind": "x",
        },
        {"card": None, "guest.id_no": None, "guest.age": None, "tags": None, "day": None, "kind": "y"},
    ]


def test_when_xlsx_has_number_cells_then_whole_numbers_have_no_decimal_point(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["zip", "count", "rate", None])
    sheet.append(["011234", 11234, 1.5, "stray"])
    sheet.append(["000001", 7.0, None, None])
    path = tmp_path / "n.xlsx"
    book.save(path)
    source = open_source(path)
    assert source.columns() == ["zip", "count", "rate", "column_4"]
    assert source.sample(5, 0).to_dict("records") == [
        {"zip": "011234", "count": "11234", "rate": "1.5", "column_4": "stray"},
        {"zip": "000001", "count": "7", "rate": None, "column_4": None},
    ]
