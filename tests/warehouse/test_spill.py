"""Spilled blocks of a full pass can hold raw cells: they live in a private directory that never
outlives the run (removed on close, and at the next open after a crash)."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from outbound.warehouse.store import open_warehouse


def _spill_setting(wh) -> Path:
    return Path(wh.con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0])


def test_when_a_warehouse_opens_for_writing_then_it_spills_into_a_private_directory(tmp_path):
    wh = open_warehouse(tmp_path / "w.duckdb")
    try:
        spill = _spill_setting(wh)
        assert spill == wh.spill and spill.parent == tmp_path and spill.is_dir()
        assert stat.S_IMODE(spill.stat().st_mode) == 0o700
    finally:
        wh.close()
    assert not spill.exists()


def test_when_a_crashed_run_left_spill_files_then_the_next_open_removes_them(tmp_path):
    path = tmp_path / "w.duckdb"
    open_warehouse(path).close()
    for stale in (tmp_path / "w.duckdb.spill-crashed", tmp_path / "w.duckdb.tmp"):  # .tmp: older versions
        stale.mkdir()
        (stale / "duckdb_temp_block-1.block").write_bytes(b"110105194912310021")
    other = tmp_path / "x.duckdb.spill-keep"  # another warehouse's: not ours to remove
    other.mkdir()
    wh = open_warehouse(path)
    try:
        leftovers = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())
        assert leftovers == sorted([wh.spill.name, other.name])
    finally:
        wh.close()


def test_when_a_warehouse_opens_read_only_then_it_makes_no_spill_directory(tmp_path):
    path = tmp_path / "w.duckdb"
    open_warehouse(path).close()
    wh = open_warehouse(path, read_only=True)
    try:
        assert wh.spill is None
        assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == []
    finally:
        wh.close()


def test_when_a_spill_directory_belongs_to_a_live_process_then_an_open_keeps_it(tmp_path):
    path = tmp_path / "w.duckdb"
    dead = subprocess.Popen(["true"])
    dead.wait()  # its pid names a process that is gone
    live = tmp_path / f"w.duckdb.spill-{os.getpid()}-running"  # e.g. another scan's full pass
    gone = tmp_path / f"w.duckdb.spill-{dead.pid}-crashed"
    for d in (live, gone):
        d.mkdir()
    wh = open_warehouse(path)
    try:
        assert live.is_dir() and not gone.exists()
        assert wh.spill is not None and wh.spill.name.startswith(f"w.duckdb.spill-{os.getpid()}-")
    finally:
        wh.close()
