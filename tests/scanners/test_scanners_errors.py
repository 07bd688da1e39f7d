"""Every read failure is an UnreadableExport (or UnsupportedFormat) that names the file."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scanner_fixtures import TRICKY_ROWS, Writer

from outbound.common.errors import UnreadableExport, UnsupportedFormat, UsageError
from outbound.scanners import open_source


def _parquet_bytes() -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.table({"id": ["011"] * 100}), buf)
    return buf.getvalue()


def _truncated_gzip() -> bytes:
    whole = gzip.compress("".join(f'{{"n": "{i * 7919 % 100_003:06d}"}}\n' for i in range(20_000)).encode())
    return whole[: len(whole) // 2]


def _read_everything(path: Path) -> None:
    source = open_source(path)
    source.sample(5, 0)
    for _ in source.iter_columns(source.columns()):
        pass


CASES = [
    # id, file name, content, expected exception, words the message must hold
    ("corrupt-parquet", "x.parquet", b"PAR1 this is not parquet PAR1", UnreadableExport, "parquet"),
    ("truncated-parquet", "x.parquet", _parquet_bytes()[:-40], UnreadableExport, "parquet"),
    ("jsonl-invalid-line", "x.jsonl", b'{"a": 1}\n{"a": \n', UnreadableExport, "line 2 is not valid JSON"),
    ("jsonl-line-not-object", "x.jsonl", b'{"a": 1}\n\n[1, 2]\n', UnreadableExport, "line 3 is a JSON list"),
    ("json-invalid", "x.json", b'[{"a": 1},', UnreadableExport, "not valid JSON"),
    ("json-scalar", "x.json", b"42", UnreadableExport, "found a JSON int"),
    ("json-values-not-objects", "x.json", b'{"a": 1}\n[1]', UnreadableExport, "top-level value 1 is a JSON list"),
    ("json-item-not-object", "x.json", b'{"rows": [{"a": 1}, "x"]}', UnreadableExport, "rows[1]"),
    (
        "csv-undecodable",
        "x.csv",
        b"id,name\n1,\x80\xff\n",
        UnreadableExport,
        "not valid UTF-8 at byte 10 (line 2); pass --encoding"  # the byte where UTF-8, which read furthest, stopped,
    ),
    (
        "csv-undecodable-late",
        "x.csv",
        b"id\n" + b"1\n" * 40_000 + b"\x80\xff\n",
        UnreadableExport,
        "pass --encoding",
    ),
    ("csv-ragged-row", "x.csv", b"a,b\n1,2\n1,2,3,4\n", UnreadableExport, "line 3 has 4 fields where the header has 2"),
    ("csv-ragged-first-row", "x.csv", b"a,b\n1,2,3\n1,2\n", UnreadableExport, "line 2 has 3 fields where the header has 2"),
    ("csv-empty", "x.csv", b"", UnreadableExport, "empty file"),
    ("jsonl-empty", "x.jsonl", b"", UnreadableExport, "empty file"),
    ("parquet-empty", "x.parquet", b"", UnreadableExport, "empty file"),
    ("xlsx-empty", "x.xlsx", b"", UnreadableExport, "empty file"),
    ("gz-of-nothing", "x.csv.gz", gzip.compress(b""), UnreadableExport, "empty file"),
    ("gz-truncated", "x.jsonl.gz", _truncated_gzip(), UnreadableExport, "EOFError"),
    ("gz-not-gzip", "x.csv.gz", b"id\n1\n", UnreadableExport, "BadGzipFile"),
    ("xlsx-not-a-zip", "x.xlsx", b"id,name\n1,2\n", UnreadableExport, "xlsx"),
    ("unknown-suffix", "x.txt", b"id\n1\n", UnsupportedFormat, "supported suffixes are .csv, .tsv"),
    ("gz-of-binary-format", "x.parquet.gz", b"whatever", UnsupportedFormat, "unknown export format"),
]


@pytest.mark.parametrize(
    ("name", "content", "error", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_when_file_cannot_be_read_then_error_names_file_and_reason(
    tmp_path: Path, name: str, content: bytes, error: type[Exception], words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as caught:
        _read_everything(path)
    assert str(path) in str(caught.value)
    assert words in str(caught.value)


def test_when_file_does_not_exist_then_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableExport, match="no such file"):
        open_source(tmp_path / "gone.csv")


def test_when_a_column_is_missing_then_streaming_names_it(write_export: Writer) -> None:
    source = open_source(write_export("x.parquet", TRICKY_ROWS))
    with pytest.raises(UnreadableExport, match="no column 'passport'") as caught:
        source.iter_columns(["身份证号", "passport"])
    assert caught.value.path == str(source.path)


def test_when_given_encoding_does_not_fit_then_unreadable_says_pass_encoding(write_export: Writer) -> None:
    path = write_export("x.csv", TRICKY_ROWS, encoding="gb18030")
    with pytest.raises(UnreadableExport, match=r"not valid UTF-8 at byte \d+ \(line \d+\); pass --encoding"):
        open_source(path, encoding="utf-8")


def test_when_encoding_is_unknown_then_usage_error(write_export: Writer) -> None:
    with pytest.raises(UsageError, match="unknown text encoding 'klingon'"):
        open_source(write_export("x.csv", TRICKY_ROWS), encoding="klingon")


def test_when_format_is_forced_to_an_unknown_name_then_unsupported(write_export: Writer) -> None:
    with pytest.raises(UnsupportedFormat):
        open_source(write_export("x.csv", TRICKY_ROWS), fmt="xml")


def test_when_a_json_object_without_one_array_is_too_big_to_read_whole_then_it_says_to_export_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outbound.scanners import json_source

    monkeypatch.setattr(json_source, "WHOLE_DOCUMENT_BYTES", 10)
    path = tmp_path / "x.json"
    path.write_bytes(b'{"a": [{"x": 1}], "b": [{"x": 2}]}')
    with pytest.raises(UnreadableExport, match="export it as JSON Lines"):
        open_source(path).columns()
