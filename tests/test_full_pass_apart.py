"""The full pass reads raw cells in a forked child; the process that writes the warehouse never
runs them through DuckDB (whose unused block space reaches the file as found in memory)."""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
import types
from pathlib import Path

import outbound.fullpass.apart as apart
from outbound.demo.identifiers import make_resident_id
from outbound.pipeline import concurrency, flow
from outbound.scanners import Streamed
from outbound.warehouse import open_warehouse, yearly_counts

# More rows than the sample (1,000): the full pass reads the file through DuckDB. A file the sample
# reads whole is keyed from the sample in the reader, without DuckDB (test_small_files.py).
ROWS = 1_200


def _export(tmp_path: Path, n: int = ROWS) -> Path:
    rng = random.Random(7)
    path = tmp_path / "2026-03-01" / "guests.csv"
    path.parent.mkdir()
    rows = "".join(f"{make_resident_id(rng, dt.date(1980, 1, 1) + dt.timedelta(days=i))},139{i:08d}\n" for i in range(n))
    path.write_text("id_no,mobile\n" + rows, encoding="utf-8")
    return path


def test_when_a_file_is_scanned_then_raw_cells_reach_duckdb_only_in_another_process(tmp_path, monkeypatch):
    real = Streamed.open

    def spy(self, con, columns):
        (tmp_path / f"reader-{os.getpid()}").touch()  # the child's memory is its own: leave a trace
        return real(self, con, columns)

    monkeypatch.setattr(Streamed, "open", spy)
    (outcome,) = flow.scan([_export(tmp_path)], processor="p", warehouse=tmp_path / "w.duckdb")
    readers = [int(p.name.split("-")[1]) for p in tmp_path.glob("reader-*")]
    assert outcome.status == "recorded" and outcome.rows == ROWS
    assert readers and os.getpid() not in readers
    wh = open_warehouse(tmp_path / "w.duckdb", read_only=True)
    try:
        counts, _ = yearly_counts(wh, "p", 2026)
    finally:
        wh.close()
    assert counts.persons == ROWS
    assert not list(tmp_path.glob("w.duckdb.spill-*")), "the full pass's private directory outlived the run"


def test_when_the_full_pass_process_dies_then_the_file_fails_alone_and_nothing_is_recorded(tmp_path, monkeypatch):
    monkeypatch.setattr(apart, "person_keys", lambda *a, **k: os._exit(9))
    path = _export(tmp_path)
    (outcome,) = flow.scan([path], processor="p", warehouse=tmp_path / "w.duckdb")
    assert outcome.status == "failed"
    assert str(path) in outcome.error and "exited with code 9" in outcome.error
    wh = open_warehouse(tmp_path / "w.duckdb", read_only=True)
    try:
        assert wh.exports("p") == []
    finally:
        wh.close()
    assert not list(tmp_path.glob("w.duckdb.spill-*"))


def test_when_known_content_is_scanned_again_then_the_child_is_stopped_and_nothing_changes(tmp_path):
    path, wh_path = _export(tmp_path), tmp_path / "w.duckdb"
    (first,) = flow.scan([path], processor="p", warehouse=wh_path)
    (again,) = flow.scan([path], processor="p", warehouse=wh_path)
    assert (first.status, again.status) == ("recorded", "unchanged")
    assert again.content_sha256 == first.content_sha256
    wh = open_warehouse(wh_path, read_only=True)
    try:
        assert len(wh.exports("p")) == 1
        assert yearly_counts(wh, "p", 2026)[0].persons == ROWS
    finally:
        wh.close()
    assert not list(tmp_path.glob("w.duckdb.spill-*"))


def test_when_several_files_are_scanned_then_no_background_import_runs_at_a_fork(tmp_path, monkeypatch):
    seen: list[list[str]] = []
    real = os.fork

    def watch():
        import threading

        seen.append([t.name for t in threading.enumerate() if t.name.startswith("import-")])
        return real()

    monkeypatch.setattr(os, "fork", watch)
    monkeypatch.setattr(concurrency, "_IMPORTING", [])
    monkeypatch.delitem(sys.modules, "scipy.sparse.csgraph", raising=False)
    # an import still running (only the background imports' import_module: the reader imports too)
    monkeypatch.setattr(concurrency, "importlib", types.SimpleNamespace(import_module=lambda name: time.sleep(2)))
    first = _export(tmp_path, n=30)
    second = tmp_path / "2026-03-02" / "guests.csv"
    second.parent.mkdir()
    second.write_text(first.read_text(encoding="utf-8").replace(",139", ",138"), encoding="utf-8")
    outcomes = flow.scan([first, second], processor="p", warehouse=tmp_path / "w.duckdb")
    assert [o.status for o in outcomes] == ["recorded", "recorded"]
    assert seen and all(running == [] for running in seen)  # the readers, forked with no import running
    assert len(seen) <= 2  # forked once for the batch (one or two readers), not once a file


def test_when_the_parent_dies_before_its_child_asks_to_die_with_it_then_the_child_ends_at_once():
    pid = os.fork()
    if pid == 0:  # a parent pid that is not this child's: as if the parent had died already
        apart.die_with_parent(os.getppid() + 1_000_000)
        os._exit(5)  # reached only if the child read on
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
