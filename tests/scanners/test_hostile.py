"""Hostile input, each scanned in one batch beside a good file: the bad file is refused in one
line naming it and the bound (and how to raise it), the good file is recorded, nothing hangs and
memory stays bounded (issue 20)."""

from __future__ import annotations

import gzip
import os
import socket
import time
from pathlib import Path

import pytest

from outbound.common.masking import printable
from outbound.pipeline import flow

GOOD = "姓名,手机号\n张伟,13812345678\n李娜,13987654321\n"


def _good(folder: Path) -> Path:
    path = folder / "2026-05-01_good.csv"
    path.write_text(GOOD, encoding="utf-8")
    return path


def _scan(folder: Path, tmp_path: Path, **kw: object) -> dict[str, object]:
    outcomes = flow.scan([folder], processor="p", warehouse=tmp_path / "w.duckdb", **kw)  # type: ignore[arg-type]
    return {o.path: o for o in outcomes}


def _one_line(outcome: object) -> str:
    error = getattr(outcome, "error", None) or ""
    assert "\n" not in error and error, error
    return error


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "exports"
    d.mkdir()
    _good(d)
    return d


def test_when_a_gzip_bomb_sits_beside_a_good_file_then_it_is_refused_in_seconds_and_the_good_one_recorded(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    bomb = folder / "2026-05-01_bomb.csv.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:  # 256 MiB of zeros, no newline: ~250 KB
        block = b"0" * (1 << 20)
        for _ in range(256):
            fh.write(block)
    start = time.monotonic()
    found = _scan(folder, tmp_path)
    assert time.monotonic() - start < 60
    assert found[str(folder / "2026-05-01_good.csv")].status == "recorded"  # type: ignore[attr-defined]
    error = _one_line(found[str(bomb)])
    assert str(bomb) in error and "OUTBOUND_" in error and "limit" in error


def test_when_the_compression_ratio_is_past_the_bound_then_the_file_is_refused_naming_the_variable(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("OUTBOUND_MAX_COMPRESSION_RATIO", "2")
    monkeypatch.setenv("OUTBOUND_MAX_DECOMPRESSED_BYTES", str(1 << 20))
    rows = "".join(f"张{i},1380000{i % 10000:04d}\n" for i in range(100_000))
    bomb = folder / "2026-05-01_many.csv.gz"
    bomb.write_bytes(gzip.compress(("姓名,手机号\n" + rows).encode()))
    found = _scan(folder, tmp_path)
    assert "OUTBOUND_MAX_DECOMPRESSED_BYTES" in _one_line(found[str(bomb)])


def test_when_a_line_is_longer_than_the_bound_then_the_file_is_refused_and_the_batch_records(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("OUTBOUND_MAX_LINE_BYTES", str(1 << 20))
    long = folder / "2026-05-01_long.csv"
    long.write_bytes(b"1," * (2 << 20))  # 4 MiB of `1,1,…`, one line
    found = _scan(folder, tmp_path)
    error = _one_line(found[str(long)])
    assert "longer than 1048576 bytes" in error and "OUTBOUND_MAX_LINE_BYTES" in error
    assert found[str(folder / "2026-05-01_good.csv")].status == "recorded"  # type: ignore[attr-defined]


def test_when_a_csv_has_ten_thousand_columns_then_it_is_refused_at_once(folder: Path, tmp_path: Path):
    wide = folder / "2026-05-01_wide.csv"
    header = ",".join(f"c{i}" for i in range(10_000))
    wide.write_text(
        header + "\n" + "\n".join(",".join("1" * 1 for _ in range(10_000)) for _ in range(20)) + "\n"
    )
    start = time.monotonic()
    found = _scan(folder, tmp_path)
    assert time.monotonic() - start < 30
    error = _one_line(found[str(wide)])
    assert "10000 columns" in error and "OUTBOUND_MAX_COLUMNS" in error


def test_when_a_workbook_has_more_sheets_than_the_bound_then_it_is_refused(folder: Path, tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    for i in range(120):
        sheet = book.active if i == 0 else book.create_sheet(f"s{i}")
        sheet.append(["姓名", "手机号"])
        sheet.append(["张伟", "13812345678"])
    path = folder / "2026-05-01_sheets.xlsx"
    book.save(path)
    error = _one_line(_scan(folder, tmp_path)[str(path)])
    assert "120 worksheets" in error and "OUTBOUND_MAX_SHEETS" in error


def test_when_a_fifo_a_socket_and_a_link_to_dev_zero_are_in_the_folder_then_each_is_named_and_nothing_hangs(
    folder: Path, tmp_path: Path
):
    os.mkfifo(folder / "x.csv")
    (folder / "zero.csv").symlink_to("/dev/zero")
    sock = socket.socket(socket.AF_UNIX)
    short = Path("/tmp") / f"ob-{os.getpid()}.csv"  # a socket's path must be short
    sock.bind(str(short))
    (folder / "sock.csv").symlink_to(short)
    try:
        found = _scan(folder, tmp_path)
    finally:
        sock.close()
        short.unlink()
    assert found[str(folder / "2026-05-01_good.csv")].status == "recorded"  # type: ignore[attr-defined]
    assert "FIFO" in _one_line(found[str(folder / "x.csv")])
    for name in ("zero.csv", "sock.csv"):  # links out of the folder: not followed at all
        assert found[str(folder / name)].status == "skipped"  # type: ignore[attr-defined]


def test_when_a_fifo_is_named_explicitly_then_it_fails_in_one_line_without_blocking(tmp_path: Path):
    fifo = tmp_path / "2026-05-01_x.csv"
    os.mkfifo(fifo)
    (outcome,) = flow.scan([fifo], processor="p", warehouse=tmp_path / "w.duckdb")
    assert outcome.status == "failed" and "a FIFO, not a regular file" in _one_line(outcome)


def test_when_a_link_leaves_the_folder_then_it_is_skipped_unless_allowed(folder: Path, tmp_path: Path):
    other = tmp_path / "other-processor"
    other.mkdir()
    (other / "2026-05-01_theirs.csv").write_text("姓名,手机号\n王芳,13700000001\n", encoding="utf-8")
    (folder / "theirs.csv").symlink_to(other / "2026-05-01_theirs.csv")
    (folder / "inside.csv").symlink_to(folder / "2026-05-01_good.csv")
    found = _scan(folder, tmp_path)
    assert found[str(folder / "theirs.csv")].status == "skipped"  # type: ignore[attr-defined]
    assert "OUTBOUND_FOLLOW_SYMLINKS" in _one_line(found[str(folder / "theirs.csv")])
    assert found[str(folder / "inside.csv")].status in ("recorded", "unchanged")  # type: ignore[attr-defined]
    (tmp_path / "followed").mkdir()  # a fresh warehouse: the link's file is new there
    again = _scan(folder, tmp_path / "followed", follow_symlinks=True)
    assert again[str(folder / "theirs.csv")].status == "recorded"  # type: ignore[attr-defined]


def test_when_a_file_takes_longer_than_the_deadline_then_it_is_abandoned_and_named(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import outbound.classifiers

    slow = folder / "2026-05-01_slow.csv"
    slow.write_text("姓名,手机号\n王芳,13700000001\n", encoding="utf-8")
    real = outbound.classifiers.classify_source

    def stuck(source, **kw):  # type: ignore[no-untyped-def]
        if source.path.name == slow.name:
            time.sleep(600)
        return real(source, **kw)

    monkeypatch.setattr(outbound.classifiers, "classify_source", stuck)
    monkeypatch.setenv("OUTBOUND_MAX_FILE_SECONDS", "3")
    start = time.monotonic()
    found = _scan(folder, tmp_path)
    assert time.monotonic() - start < 60
    error = _one_line(found[str(slow)])
    assert "took more than 3 s" in error and "OUTBOUND_MAX_FILE_SECONDS" in error
    assert found[str(folder / "2026-05-01_good.csv")].status == "recorded"  # type: ignore[attr-defined]


def test_when_reading_needs_more_memory_than_the_bound_then_the_file_is_refused_and_the_next_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import outbound.classifiers

    folder = tmp_path / "exports"
    folder.mkdir()
    greedy = folder / "2026-05-01_a_greedy.csv"
    greedy.write_text("姓名,手机号\n王芳,13700000001\n", encoding="utf-8")
    _good(folder)
    real = outbound.classifiers.classify_source

    def hungry(source, **kw):  # type: ignore[no-untyped-def]
        if source.path.name == greedy.name:
            return bytearray(2 << 30)  # 2 GiB: past the bound
        return real(source, **kw)

    monkeypatch.setattr(outbound.classifiers, "classify_source", hungry)
    monkeypatch.setenv("OUTBOUND_MAX_MEMORY_BYTES", str(512 << 20))
    found = _scan(folder, tmp_path)
    assert "OUTBOUND_MAX_MEMORY_BYTES" in _one_line(found[str(greedy)])
    assert found[str(folder / "2026-05-01_good.csv")].status == "recorded"  # type: ignore[attr-defined]


def test_when_a_file_name_is_not_utf8_then_it_is_scanned_and_shown_escaped(tmp_path: Path):
    folder = tmp_path / "exports"
    folder.mkdir()
    name = os.fsdecode(
        b"2026-05-01_\xd6\xd0\xce\xc4.csv"
    )  # GBK bytes of 中文, as a Windows share leaves them
    (folder / name).write_text(GOOD, encoding="utf-8")
    (outcome,) = flow.scan([folder], processor="p", warehouse=tmp_path / "w.duckdb")
    assert (outcome.status, outcome.rows) == ("recorded", 2), outcome.error
    assert outcome.path.endswith("2026-05-01_\\xd6\\xd0\\xce\\xc4.csv")
    assert flow.persons(tmp_path / "w.duckdb", "p", 2026)[0].persons == 2


def test_when_a_folder_holds_files_of_no_export_format_then_each_is_named_as_skipped(
    folder: Path, tmp_path: Path
):
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    (folder / ".hidden.csv").write_text(GOOD, encoding="utf-8")
    found = _scan(folder, tmp_path)
    assert found[str(folder / "notes.txt")].status == "skipped"  # type: ignore[attr-defined]
    assert "not an export format" in _one_line(found[str(folder / "notes.txt")])
    assert str(folder / ".hidden.csv") not in found  # hidden entries: passed over by design


def test_when_a_file_name_holds_a_newline_then_no_line_can_be_forged(folder: Path, tmp_path: Path):
    forged = folder / "2026-05-01_x.csv\nrecorded  passwd.csv  rows=9"
    forged.write_text(GOOD.replace("张伟", "赵六"), encoding="utf-8")
    for outcome in _scan(folder, tmp_path).values():
        assert "\n" not in outcome.path  # type: ignore[attr-defined]
    assert printable("a\nb\x1b[31m") == "a\\nb\\x1b[31m"


def _mixed(folder: Path) -> tuple[Path, int]:
    rows = ["姓名,手机号,城市"] + [f"张{i},1380000{i:04d},上海" for i in range(199)]
    good = ("\n".join(rows) + "\n").encode()
    path = folder / "2026-05-01_mixed.csv"
    path.write_bytes(good + "李四,13900000001,北京\n".encode("gbk"))  # a GBK row appended to UTF-8
    return path, len(good)


def test_when_gbk_rows_follow_utf8_rows_then_the_refusal_names_the_right_byte_and_line(
    folder: Path, tmp_path: Path
):
    path, at = _mixed(folder)
    error = _one_line(_scan(folder, tmp_path)[str(path)])
    assert f"not valid UTF-8 at byte {at} (line 201)" in error and "OUTBOUND_BAD_BYTES=skip" in error


def test_when_a_file_is_cut_inside_a_character_then_the_byte_named_is_where_the_cut_is(
    folder: Path, tmp_path: Path
):
    body = "姓名,手机号\n" + "".join(f"张{i},1380000{i:04d}\n" for i in range(50)) + "王五,139000"
    data = body.encode() + "广".encode()[:-1]
    path = folder / "2026-05-01_cut.csv"
    path.write_bytes(data)
    assert f"at byte {len(body.encode())} (line 52)" in _one_line(_scan(folder, tmp_path)[str(path)])


def test_when_bad_bytes_are_skipped_then_the_other_rows_count_and_the_bad_lines_are_named(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("OUTBOUND_BAD_BYTES", "skip")
    path, _ = _mixed(folder)
    outcome = _scan(folder, tmp_path)[str(path)]
    assert (outcome.status, outcome.rows) == ("recorded", 200)  # type: ignore[attr-defined]
    assert any("1 line(s)" in n and "lines 201)" in n for n in outcome.notes)  # type: ignore[attr-defined]


def test_when_json_is_nested_ten_thousand_deep_then_it_is_refused_in_one_line(folder: Path, tmp_path: Path):
    deep = folder / "2026-05-01_deep.jsonl"
    deep.write_text('{"a":' * 10_000 + "1" + "}" * 10_000 + "\n", encoding="utf-8")
    error = _one_line(_scan(folder, tmp_path)[str(deep)])
    assert "nested deeper" in error and "internal error" not in error


def test_when_a_folder_holds_a_legacy_xls_then_it_is_read_not_skipped(folder: Path, tmp_path: Path):
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the .xls fixture (pip install xlwt)")
    book = xlwt.Workbook()
    sheet = book.add_sheet("客户")
    for r, row in enumerate([["姓名", "手机号"], ["王芳", "13700000001"], ["赵六", "13700000002"]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = folder / "2026-05-01_legacy.xls"
    book.save(str(path))
    outcome = _scan(folder, tmp_path)[str(path)]
    assert (outcome.status, outcome.rows, outcome.columns_labelled) == ("recorded", 2, 2), outcome  # type: ignore[attr-defined]


def test_when_a_json_lines_file_has_a_gbk_line_then_skip_reads_the_others_and_names_it(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = folder / "2026-05-01_a.jsonl"
    rows = b"".join(f'{{"姓名":"张{i}","手机号":"1380000{i:04d}"}}\n'.encode() for i in range(40))
    path.write_bytes(rows + '{"姓名":"李四","手机号":"13900000001"}\n'.encode("gbk"))
    # the first bad byte follows the line's opening {"
    assert f"at byte {len(rows) + 2} (line 41)" in _one_line(_scan(folder, tmp_path)[str(path)])
    monkeypatch.setenv("OUTBOUND_BAD_BYTES", "skip")
    (tmp_path / "again").mkdir()  # a fresh warehouse
    outcome = _scan(folder, tmp_path / "again")[str(path)]
    assert (outcome.status, outcome.rows) == ("recorded", 41)  # type: ignore[attr-defined]
    assert any("lines 41)" in n for n in outcome.notes)  # type: ignore[attr-defined]
