"""A scan of many files: the reader processes forked once for the batch, the warehouse held across small files
and let go so that another scan started at the same time gets its turn (issue 20)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from outbound.pipeline import batch as batch_module
from outbound.pipeline import flow
from outbound.warehouse import open_warehouse

ROOT = Path(__file__).resolve().parents[1]


def _folder(root: Path, name: str, n: int, first: int) -> Path:
    folder = root / name
    folder.mkdir()
    for i in range(n):
        (folder / f"2026-05-01_{i}.csv").write_text(
            f"姓名,手机号\n张{i},138{first + i:08d}\n", encoding="utf-8"
        )
    return folder


@pytest.mark.parametrize("readers", [1, 2])
def test_when_many_small_files_are_scanned_then_the_readers_are_forked_once_for_them_all(
    tmp_path: Path, monkeypatch, readers: int
):
    forks: list[int] = []
    real = os.fork

    def counted() -> int:
        pid = real()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    monkeypatch.setattr(batch_module, "_readers", lambda bounds: readers)
    folder = _folder(tmp_path, "a", 12, 0)
    outcomes = flow.scan([folder], processor="p", warehouse=tmp_path / "w.duckdb")
    assert [o.status for o in outcomes] == ["recorded"] * 12
    assert len(forks) == readers
    assert flow.persons(tmp_path / "w.duckdb", "p", 2026)[0].persons == 12


def test_when_two_scans_of_many_files_start_together_then_both_record_everything_once(tmp_path: Path):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OUTBOUND_HASH_KEY": "batch-test",
        "OUTBOUND_WAREHOUSE_WAIT": "120",
    }
    warehouse = tmp_path / "w.duckdb"
    folders = [_folder(tmp_path, "a", 15, 0), _folder(tmp_path, "b", 15, 1000)]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "outbound",
                "scan",
                str(f),
                "--processor",
                "p",
                "--warehouse",
                str(warehouse),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for f in folders
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1].decode()[-500:] for r in results]
    assert sum(r[0].decode().count("recorded ") for r in results) == 30
    wh = open_warehouse(warehouse, read_only=True)
    try:
        assert len(wh.exports("p")) == 30  # none lost, none twice
    finally:
        wh.close()


SCRIPT = """
import sys, time
from outbound.pipeline.reader import Reader
reader = Reader(time.sleep)
reader.start()
print(reader._pid, flush=True)
reader.run(600, what="a long job", seconds=900)
"""


def test_when_the_scan_is_killed_then_its_reader_process_dies_with_it(tmp_path: Path):
    import signal
    import time

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT], env=env, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    reader = int(proc.stdout.readline())
    os.kill(reader, 0)  # alive while its parent is
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(reader, 0)
        except ProcessLookupError:
            return  # gone (PR_SET_PDEATHSIG); reaped by init
        with open(f"/proc/{reader}/stat", encoding="ascii") as fh:
            if fh.read().split(")")[-1].split()[0] == "Z":
                return  # dead, a zombie until init reaps it
        time.sleep(0.1)
    raise AssertionError(f"reader {reader} outlived its killed parent")


def test_when_outbound_readers_is_set_then_a_batch_forks_that_many_readers_at_most_one_per_cpu(monkeypatch):
    from outbound.common import limits

    cpus = len(os.sched_getaffinity(0))
    monkeypatch.setenv("OUTBOUND_READERS", "64")
    assert batch_module._readers(limits.current()) == min(64, cpus)
    monkeypatch.setenv("OUTBOUND_READERS", "1")
    assert batch_module._readers(limits.current()) == 1
    monkeypatch.delenv("OUTBOUND_READERS")
    assert batch_module._readers(limits.current()) == min(2, cpus)
