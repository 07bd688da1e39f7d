"""A folder of many small files (issue 20): read with several files in flight, keyed from their
samples, recorded in chunks, and yet recorded exactly as files read by DuckDB's full pass and
recorded one at a time; one broken file, one the reader dies on, one past its deadline, or one the
warehouse refuses costs that file alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import time
from pathlib import Path

import pytest

from outbound.common import limits
from outbound.pipeline import batch as batch_module
from outbound.pipeline import flow, reader_work
from outbound.pipeline.batch import Batch, FileJob
from outbound.warehouse import open_warehouse
from outbound.warehouse.store import Warehouse
from tests.classifiers.synthetic import resident_id

HEADERS = ["姓名,身份证号,手机号", "name,id_no,phone,bank_card", "客户,联系电话", "姓名,备注"]


def _folder(root: Path, n: int, seed: int = 1) -> Path:
    """n small files: persons recur across files (one shares an ID, another a mobile), a few
    rows, dates in the names over two years, a sensitive column, names only, one file twice."""
    rng = random.Random(seed)
    people = [(f"张{i}", resident_id(rng), f"13{rng.randrange(10**9):09d}") for i in range(n // 2)]
    folder = root / "exports"
    folder.mkdir()
    for i in range(n):
        kind = i % 4
        lines = [HEADERS[kind] + ",序号"]
        for k in range(rng.randint(1, 3)):
            name, rid, mobile = rng.choice(people)
            lines.append([f"{name},{rid},{mobile}", f"{name},{rid},{mobile},6222020000000000000",
                          f"{name},{mobile}", f"{name},常客"][kind] + f",{i}-{k}")  # fmt: skip
        day = dt.date(2025 + i % 2, 1 + i % 12, 1 + i % 28)
        (folder / f"{day:%Y-%m-%d}_{i:03d}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    twin = sorted(folder.iterdir())[5]
    (folder / f"{twin.stem}_copy.csv").write_bytes(twin.read_bytes())  # the same content again
    return folder


def _contents(path: Path) -> dict[str, list[tuple]]:
    wh = open_warehouse(path, read_only=True)
    try:
        return {
            "exports": sorted(wh.query("SELECT content_sha256, exported_on, path, format, rows, unlinked, "
                                       "unlinked_sensitive FROM exports")),
            "labels": sorted(wh.query("SELECT * FROM column_labels"), key=repr),
            "nodes": sorted(wh.query("SELECT e.content_sha256, i.h, n.sensitive FROM export_nodes n JOIN exports e "
                                     "USING (export_id) JOIN identifiers i USING (node)")),
            "edges": sorted(wh.query("SELECT e.content_sha256, a.h, b.h FROM export_edges x JOIN exports e "
                                     "USING (export_id) JOIN identifiers a ON a.node = x.a JOIN identifiers b ON b.node = x.b")),
            "tally": sorted(wh.query("SELECT * FROM year_tally"), key=repr),
            "fingerprints": sorted(wh.query("SELECT * FROM file_fingerprints")),
        }  # fmt: skip
    finally:
        wh.close()


def test_when_a_folder_of_small_files_is_scanned_then_it_records_what_one_file_at_a_time_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("OUTBOUND_HASH_KEY", "small-files")
    folder = _folder(tmp_path, 90)
    keyed_in_memory = tmp_path / "in-memory.log"
    real = reader_work._in_memory

    def counted(*args):  # type: ignore[no-untyped-def]  # in the reader process: one line per file
        with keyed_in_memory.open("a") as log:
            log.write("x\n")
        return real(*args)

    monkeypatch.setattr(reader_work, "_in_memory", counted)
    many = flow.scan([folder], processor="p", warehouse=tmp_path / "many.duckdb")
    # every file without DuckDB, the copy too: its twin, read with it, was not recorded yet
    assert len(keyed_in_memory.read_text().splitlines()) == 91
    monkeypatch.setattr(reader_work, "WHOLE_IN_MEMORY", ())  # every file through DuckDB's full pass
    files = sorted(folder.iterdir())
    with Batch(tmp_path / "one.duckdb", "p") as one_by_one:
        single = [one_by_one.scan(FileJob(p, None, None, 1000, 0, None, None, False, None)) for p in files]
    assert [o.status for o in many] == [o.status for o in single] == ["recorded"] * 6 + ["unchanged"] + ["recorded"] * 84
    assert [(o.path, o.rows, o.content_sha256) for o in many] == [(o.path, o.rows, o.content_sha256) for o in single]
    assert _contents(tmp_path / "many.duckdb") == _contents(tmp_path / "one.duckdb")
    for year in (2025, 2026):
        assert flow.persons(tmp_path / "many.duckdb", "p", year) == flow.persons(tmp_path / "one.duckdb", "p", year)
    assert flow.persons(tmp_path / "many.duckdb", "p", 2026)[0].sensitive_persons > 0
    again = flow.scan([folder], processor="p", warehouse=tmp_path / "many.duckdb")
    assert {o.status for o in again} == {"unchanged"}  # idempotent


def test_when_a_broken_file_stands_among_small_files_then_it_is_named_and_the_others_recorded(tmp_path: Path):
    folder = _folder(tmp_path, 40)
    broken = sorted(folder.iterdir())[17]
    broken.write_bytes(broken.read_bytes() + "张三,1,2,3,4,5,6\n".encode())  # a line wider than the header
    outcomes = flow.scan([folder], processor="p", warehouse=tmp_path / "w.duckdb")
    failed = [o for o in outcomes if o.status == "failed"]
    assert [o.path for o in failed] == [str(broken)]
    assert "fields where the header has" in (failed[0].error or "")
    assert sum(o.status == "recorded" for o in outcomes) == len(outcomes) - 2  # and the copy: unchanged
    wh = open_warehouse(tmp_path / "w.duckdb", read_only=True)
    try:
        assert len(wh.exports("p")) == len(outcomes) - 2
    finally:
        wh.close()


def _dies_on(name: str, how: str):
    real = reader_work.read_file

    def read(job):  # type: ignore[no-untyped-def]  # in the reader process
        if job.path.name == name:
            if how == "dies":
                os._exit(3)
            time.sleep(30)
        return real(job)

    return read


@pytest.mark.parametrize("how", ["dies", "hangs"])
def test_when_the_reader_dies_or_hangs_on_a_file_in_flight_then_the_files_after_it_are_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
):
    folder = _folder(tmp_path, 30)
    victim = sorted(folder.iterdir())[11]
    monkeypatch.setattr(batch_module, "read_file", _dies_on(victim.name, how))
    bounds = dataclasses.replace(limits.current(), max_file_seconds=5.0)
    outcomes = flow.scan([folder], processor="p", warehouse=tmp_path / "w.duckdb", bounds=bounds)
    by_path = {o.path: o for o in outcomes}
    assert by_path[str(victim)].status == "failed"
    expected = "exited with code 3" if how == "dies" else "took more than 5 s"
    assert expected in (by_path[str(victim)].error or "")
    assert [o.status for o in outcomes].count("recorded") == len(outcomes) - 2  # the copy: unchanged


def test_when_the_warehouse_refuses_one_export_of_a_chunk_then_that_file_alone_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("OUTBOUND_DEBUG", raising=False)
    folder = _folder(tmp_path, 20)
    refused = sorted(folder.iterdir())[9]
    real = Warehouse.record_exports

    def picky(self, staged, fingerprints=()):  # type: ignore[no-untyped-def]
        if any(s.export.path.endswith(refused.name) for s in staged):
            raise RuntimeError("refused")
        return real(self, staged, fingerprints)

    monkeypatch.setattr(Warehouse, "record_exports", picky)
    outcomes = flow.scan([folder], processor="p", warehouse=tmp_path / "w.duckdb")
    assert [o.path for o in outcomes if o.status == "failed"] == [str(refused)]
    assert "internal error (RuntimeError: refused)" in (outcomes[9].error or "")
    assert [o.status for o in outcomes].count("recorded") == len(outcomes) - 2


def test_when_a_large_file_stands_among_small_files_then_it_is_read_alone_and_all_are_recorded(tmp_path: Path):
    folder = _folder(tmp_path, 30)
    rng = random.Random(9)
    rows = [f"王{i},{resident_id(rng)},13{rng.randrange(10**9):09d}" for i in range(30_000)]
    large = folder / "2026-03-03_large.csv"
    large.write_text("姓名,身份证号,手机号\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert large.stat().st_size > batch_module.SMALL_FILE
    outcomes = flow.scan([folder], processor="p", warehouse=tmp_path / "w.duckdb")
    assert [o.path for o in outcomes] == sorted(str(p) for p in folder.iterdir())  # in order
    assert [o.status for o in outcomes].count("recorded") == len(outcomes) - 1  # the copy: unchanged
    assert next(o for o in outcomes if o.path == str(large)).rows == 30_000
    again = flow.scan([folder], processor="p", warehouse=tmp_path / "w.duckdb")
    assert {o.status for o in again} == {"unchanged"}
