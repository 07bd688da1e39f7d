"""A large file is sampled from a bounded part of it: reproducibly, spread over the file where
the format can seek, and reading about as much from a file ten times longer."""

from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scanner_fixtures import Rows, bytes_read, numbered_rows

import outbound.scanners.sampling as sampling
from outbound.common.errors import UnreadableExport
from outbound.scanners import open_source

BUDGET = 32 << 10  # files above this are "large" in these tests; the real budget is a few MB
SEEKABLE = ["s.csv", "s.jsonl", "s.parquet"]
HEAD_ONLY = ["s.csv.gz", "s.jsonl.gz", "s.json", "s.json.gz"]


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sampling, "WHOLE_FILE_BYTES", BUDGET)


def write_large(tmp_path: Path, name: str, rows: Rows) -> Path:
    """Like write_export, but Parquet in many small row groups and pages, as big files are."""
    path = tmp_path / name
    if name.endswith(".parquet"):
        table = pa.table({k: pa.array([r[k] for r in rows], type=pa.string()) for k in rows[0]})
        pq.write_table(table, path, row_group_size=2048, data_page_size=2048, use_dictionary=False)
        return path
    from scanner_fixtures import export_writer

    return export_writer(tmp_path)(name, rows)


@pytest.fixture(scope="module")
def rows_20k() -> Rows:
    return numbered_rows(20_000)


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize("name", SEEKABLE + HEAD_ONLY + ["s.xlsx"], ids=lambda n: n)
def test_when_a_large_file_is_sampled_twice_with_one_seed_then_frames_are_equal(
    tmp_path: Path, rows_20k: Rows, name: str
) -> None:
    path = write_large(tmp_path, name, rows_20k[:4000] if name.endswith(".xlsx") else rows_20k)
    first = open_source(path).sample(50, seed=7)
    pd.testing.assert_frame_equal(first, open_source(path).sample(50, seed=7))
    other = open_source(path).sample(50, seed=8)
    assert len(first) == len(other) == 50
    assert first["row"].tolist() != other["row"].tolist()
    # every sampled row is a real row, whole, and the index is in file order
    assert all(rows_20k[int(r["row"])] == r for r in first.to_dict("records"))
    assert first.index.is_monotonic_increasing and first.index.is_unique


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize("name", SEEKABLE, ids=SEEKABLE)
def test_when_a_seekable_file_is_large_then_the_sample_spans_it(
    tmp_path: Path, rows_20k: Rows, name: str
) -> None:
    sample = open_source(write_large(tmp_path, name, rows_20k)).sample(200, seed=0)
    positions = sorted(int(r) for r in sample["row"])
    quarters = {p * 4 // len(rows_20k) for p in positions}
    assert quarters == {0, 1, 2, 3}


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize("name", SEEKABLE, ids=SEEKABLE)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_when_the_first_half_has_an_empty_column_then_the_sample_still_sees_its_values(
    tmp_path: Path, rows_20k: Rows, name: str, seed: int
) -> None:
    half = len(rows_20k) // 2
    rows = [{**r, "code": None if i < half else r["code"]} for i, r in enumerate(rows_20k)]
    sample = open_source(write_large(tmp_path, name, rows)).sample(400, seed=seed)
    share = sample["code"].notna().mean()
    assert 0.3 < share < 0.7, share


@pytest.mark.usefixtures("small_budget")
def test_when_the_first_half_has_no_identifiers_then_the_column_is_still_classified(tmp_path: Path) -> None:
    from stdnum.cn import ric

    from outbound.classifiers import classify_source

    def resident_id(i: int) -> str:
        body = f"110105{19700101 + (i % 28):08d}{i % 1000:03d}"
        return body + ric.calc_check_digit(body + "0")  # stdnum ignores the last character

    total = 20_000
    rows = [{"seq": f"{i:06d}", "证件": "" if i < total // 2 else resident_id(i)} for i in range(total)]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["seq", "证件"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "late.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")

    import datetime as dt

    # a head-only sample (the first 4 x 200 rows) would hold no identifier at all
    result = classify_source(open_source(path), sample_rows=200, seed=0, on=dt.date(2026, 1, 1))
    labels = {c.column: c.entity for c in result.columns}
    assert labels["证件"] == "CN_RESIDENT_ID"


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize("name", SEEKABLE + HEAD_ONLY, ids=lambda n: n)
def test_when_a_file_is_ten_times_longer_then_sampling_reads_about_as_much(tmp_path: Path, name: str) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shorter = write_large(tmp_path / "a", name, numbered_rows(20_000))
    longer = write_large(tmp_path / "b", name, numbered_rows(200_000))
    open_source(shorter).sample(100, 0)  # warm up: lazy imports read files too

    read_shorter = bytes_read(lambda: open_source(shorter).sample(100, 0))
    read_longer = bytes_read(lambda: open_source(longer).sample(100, 0))

    assert read_longer < 1.3 * read_shorter + (16 << 10), (read_shorter, read_longer)
    assert read_longer < longer.stat().st_size / 4


def test_when_a_csv_is_50_mb_then_a_sample_reads_no_more_than_for_1_mb(tmp_path: Path) -> None:
    """The real budget: 1 MB is read whole, 50 MB only in windows."""
    header = "seq,id_no,mobile,note\n"
    block = "".join(
        f"{i:08d},11010519491231{i % 10000:04d},138{i:08d},note-{i % 97}\n" for i in range(20_000)
    )
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_text(header + block[: 1 << 20].rsplit("\n", 1)[0] + "\n")
    with large.open("w") as f:
        f.write(header)
        for _ in range((50 << 20) // len(block) + 1):
            f.write(block)
    open_source(small).sample(1000, 0)

    read_small = bytes_read(lambda: open_source(small).sample(1000, 0))
    read_large = bytes_read(lambda: open_source(large).sample(1000, 0))

    assert large.stat().st_size > 50 << 20
    assert read_small > 1 << 20  # the small one is read whole
    assert read_large <= 1.5 * read_small, (read_small, read_large)


@pytest.mark.usefixtures("small_budget")
def test_when_an_xlsx_is_large_then_only_its_first_rows_are_read(
    tmp_path: Path, rows_20k: Rows, monkeypatch: pytest.MonkeyPatch
) -> None:
    from outbound.scanners.excel_source import ExcelSource

    source = open_source(write_large(tmp_path, "s.xlsx", rows_20k[:5000]))
    pulled = 0
    real_rows = ExcelSource._rows

    def counting(self: ExcelSource, sheet: str):  # type: ignore[no-untyped-def]
        nonlocal pulled
        for row in real_rows(self, sheet):
            pulled += 1
            yield row

    monkeypatch.setattr(ExcelSource, "_rows", counting)
    sample = source.sample(50, 0)
    assert len(sample) == 50
    assert pulled <= sampling.candidate_rows(50) + 2  # header, and the row that ends the batch


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize("name", ["s.csv", "s.jsonl"])
def test_when_text_is_sampled_in_windows_then_the_index_is_the_rows_byte_offset(
    tmp_path: Path, rows_20k: Rows, name: str
) -> None:
    path = write_large(tmp_path, name, rows_20k)
    sample = open_source(path).sample(100, 0)
    data = path.read_bytes()
    assert sample.index.name == "byte_offset"
    for offset, row in zip(sample.index, sample["row"], strict=True):
        assert data[offset - 1 : offset] == b"\n"
        assert row.encode() in data[offset : data.index(b"\n", offset)]


@pytest.mark.usefixtures("small_budget")
def test_when_parquet_is_sampled_from_row_groups_then_the_index_is_the_row_position(
    tmp_path: Path, rows_20k: Rows
) -> None:
    sample = open_source(write_large(tmp_path, "s.parquet", rows_20k)).sample(100, 0)
    assert sample["row"].tolist() == [f"{i:05d}" for i in sample.index]


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize(
    ("encoding", "ending"),
    [("gb18030", "\r\n"), ("utf-8-sig", "\n"), ("utf-8", "\r\n")],
    ids=["gb18030-crlf", "utf8-bom", "utf8-crlf"],
)
def test_when_a_large_csv_is_chinese_then_windows_decode_it(
    tmp_path: Path, encoding: str, ending: str
) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=ending)
    writer.writerow(["姓名", "编号"])
    writer.writerows([f"{'张王李赵'[i % 4]}测试{i}", f"{i:06d}"] for i in range(20_000))
    path = tmp_path / "cn.csv"
    path.write_bytes(buf.getvalue().encode(encoding))
    source = open_source(path)
    sample = source.sample(100, 0)
    assert source.encoding == encoding and sample.index.name == "byte_offset"
    assert list(sample.columns) == ["姓名", "编号"]
    assert all(f"{'张王李赵'[int(n) % 4]}测试{int(n)}" == name for name, n in sample.itertuples(index=False))


@pytest.mark.usefixtures("small_budget")
def test_when_quoted_fields_span_lines_then_the_head_is_sampled_and_a_log_says_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["seq", "note"])
    writer.writerows(
        [f"{i:06d}", 'two\nlines, "quoted"' if i % 40 == 39 else "one line"] for i in range(20_000)
    )
    path = tmp_path / "multi.csv"
    path.write_text(buf.getvalue())
    with caplog.at_level(logging.INFO, logger="outbound.scanners"):
        sample = open_source(path).sample(50, 0)
    assert "quoted fields span lines" in caplog.text and str(path) in caplog.text
    assert sample.index.max() < sampling.candidate_rows(50)
    assert all(
        note == ('two\nlines, "quoted"' if int(seq) % 40 == 39 else "one line")
        for seq, note in sample.itertuples(index=False)
    )


@pytest.mark.usefixtures("small_budget")
def test_when_encoding_cannot_resync_then_the_head_is_sampled(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes(("id,name\n" + "".join(f"{i:06d},名{i}\n" for i in range(20_000))).encode("utf-16"))
    with caplog.at_level(logging.INFO, logger="outbound.scanners"):
        sample = open_source(path, encoding="utf-16").sample(20, 0)
    assert "utf-16 lines cannot be found from a byte offset" in caplog.text
    assert sample["name"].tolist() == [f"名{int(i)}" for i in sample["id"]]


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize(
    ("name", "broken", "words"),
    [
        ("r.csv", "1,2,3", "Expected 2 fields in the line at byte"),
        ("r.jsonl", '{"a": ', "is not valid JSON"),
        ("r.jsonl", "[1]", "is a JSON list, not an object"),
    ],
    ids=["csv-ragged", "jsonl-invalid", "jsonl-not-object"],
)
def test_when_a_sampled_window_holds_a_broken_row_then_the_error_gives_its_byte_offset(
    tmp_path: Path, name: str, broken: str, words: str
) -> None:
    good = "{i},x" if name.endswith(".csv") else '{{"a": "{i}"}}'
    lines = ["a,b"] if name.endswith(".csv") else []
    lines += [broken if i % 25 == 24 else good.format(i=i) for i in range(20_000)]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(UnreadableExport, match=words) as caught:
        open_source(path).sample(100, 0)
    offset = int(re.search(r"at byte (\d+)", str(caught.value)).group(1))  # type: ignore[union-attr]
    assert path.read_bytes()[offset:].startswith(broken.encode() + b"\n")


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize("name", ["s.csv", "s.jsonl", "s.parquet", "s.json"])
def test_when_n_is_zero_on_a_large_file_then_the_sample_is_empty_with_columns(
    tmp_path: Path, rows_20k: Rows, name: str
) -> None:
    sample = open_source(write_large(tmp_path, name, rows_20k)).sample(0, 0)
    assert sample.empty and list(sample.columns) == ["row", "code", "name"]
