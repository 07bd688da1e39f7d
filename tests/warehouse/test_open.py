"""Opening a warehouse: a second process waits its turn (bounded), a file that is no warehouse is
refused in one line, and nothing is created where the user did not ask."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from outbound.common.errors import WarehouseBusy, WarehouseError
from outbound.warehouse.store import open_warehouse

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "wh.duckdb"
    open_warehouse(path).close()
    return path


@pytest.mark.parametrize("read_only", [False, True], ids=["writer-waits", "reader-waits"])
def test_when_another_process_holds_the_warehouse_then_the_second_waits_its_turn(warehouse, read_only):
    holder = _hold(warehouse, 1.5)
    started = time.monotonic()
    wh = open_warehouse(warehouse, read_only=read_only, wait_s=30)
    waited = time.monotonic() - started
    wh.close()
    holder.wait(10)
    assert waited >= 0.5  # it did wait for the holder instead of failing at once


def test_when_the_wait_runs_out_then_busy_says_so_in_one_line(warehouse):
    holder = _hold(warehouse, 5)
    try:
        with pytest.raises(WarehouseBusy) as caught:
            open_warehouse(warehouse, read_only=True, wait_s=0.3)
    finally:
        holder.kill()
        holder.wait(10)
    text = str(caught.value)
    assert "\n" not in text and "busy" in text and "OUTBOUND_WAREHOUSE_WAIT" in text
    assert "writing" not in text  # the other process may be a reader


def test_when_the_file_is_not_duckdb_then_it_is_refused_without_a_key_file(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(WarehouseError, match="not a DuckDB file"):
        open_warehouse(path)
    assert path.read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.duckdb"]


def test_when_the_file_is_another_tools_database_then_it_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE exports (x INTEGER)")
    con.close()
    with pytest.raises(WarehouseError, match="another tool"):
        open_warehouse(path)
    con = duckdb.connect(str(path), read_only=True)
    assert [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()] == ["exports"]
    con.close()


def test_when_the_folder_does_not_exist_then_nothing_is_created(tmp_path):
    with pytest.raises(WarehouseError, match="does not exist"):
        open_warehouse(tmp_path / "no" / "such" / "wh.duckdb")
    assert not (tmp_path / "no").exists()


def test_when_the_wait_setting_is_not_a_number_then_it_is_named(warehouse, monkeypatch):
    monkeypatch.setenv("OUTBOUND_WAREHOUSE_WAIT", "soon")
    with pytest.raises(WarehouseError, match="OUTBOUND_WAREHOUSE_WAIT"):
        open_warehouse(warehouse)
