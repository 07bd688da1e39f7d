"""Crash safety: `outbound scan` killed with SIGKILL at random moments leaves no raw value in the
warehouse file, its WAL or any spill or temporary file, and the next run counts exactly what an
uninterrupted run counts. CI runs KILLS (20) kills; `make crash` runs more (OUTBOUND_CRASH_KILLS)."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.classifiers.synthetic import REGIONS, resident_id

KILLS = int(os.environ.get("OUTBOUND_CRASH_KILLS", "20"))
ROWS = 30_000
ENV = {**os.environ, "OUTBOUND_HASH_KEY": "crash-test-key", "OUTBOUND_WAREHOUSE_WAIT": "30"}


def _export(path: Path) -> list[str]:
    rng = random.Random(11)
    ids = [resident_id(rng, region=rng.choice(REGIONS)) for _ in range(ROWS // 3)]
    mobiles = [f"13{rng.randrange(10**9):09d}" for _ in range(ROWS // 3)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["姓名", "身份证号", "手机号", "金额"])
        for i in range(ROWS):
            w.writerow([f"张{'三四五六七八'[i % 6]}{'明亮华'[i % 3]}", ids[i % len(ids)], mobiles[(i * 7) % len(mobiles)], i])
    return ids[:300] + mobiles[:300]


def _scan(export: Path, warehouse: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "outbound", "scan", str(export), "--processor", "p", "--warehouse", str(warehouse),
           "--exported-at", "2026-05-01"]  # fmt: skip
    return subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _persons(warehouse: Path) -> dict[str, int]:
    out = subprocess.run([sys.executable, "-m", "outbound", "persons", "--processor", "p", "--year", "2026",
                          "--warehouse", str(warehouse), "--json"], env=ENV, capture_output=True, text=True, check=True)
    doc = json.loads(out.stdout)
    return {k: doc[k] for k in ("persons", "sensitive_persons")}


def _raw_found(folder: Path, raw: list[str]) -> list[str]:
    needles = [v.encode() for v in raw]
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "export.csv":
            data = path.read_bytes()
            found += [f"{path.name}: {n.decode()[:3]}…" for n in needles if n in data]
    return found


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], dict[str, int], float]:
    root = tmp_path_factory.mktemp("crash-truth")
    export = root / "export.csv"
    raw = _export(export)
    started = time.monotonic()
    proc = _scan(export, root / "wh.duckdb")
    assert proc.wait(300) == 0, proc.stderr.read().decode() if proc.stderr else ""
    return export, raw, _persons(root / "wh.duckdb"), time.monotonic() - started


def test_when_a_scan_is_killed_at_random_moments_then_nothing_raw_stays_and_the_next_run_counts_exactly(
    uninterrupted: tuple[Path, list[str], dict[str, int], float], tmp_path: Path
) -> None:
    export, raw, truth, duration = uninterrupted
    rng = random.Random(5)
    warehouse = tmp_path / "wh.duckdb"
    killed_midway, outcomes = 0, []
    for _ in range(KILLS):
        proc, started = _scan(export, warehouse), time.monotonic()
        time.sleep(rng.uniform(0.0, duration))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_midway += 1
        elif proc.returncode in (0, 1):  # it finished first: start over, so that the next kill lands in a scan
            duration = min(duration, time.monotonic() - started)  # the machine got quicker: aim earlier
            for leftover in tmp_path.glob("wh.duckdb*"):
                leftover.unlink() if leftover.is_file() else None
        proc.wait(60)
        outcomes.append(proc.returncode)
        time.sleep(0.2)  # the full pass's forked child notices its parent gone
        assert not _raw_found(tmp_path, raw), "raw values at rest after a kill"
    proc = _scan(export, warehouse)
    assert proc.wait(300) == 0, proc.stderr.read().decode() if proc.stderr else ""
    assert _persons(warehouse) == truth
    assert not _raw_found(tmp_path, raw)
    assert killed_midway >= KILLS // 2, outcomes  # most kills landed while the scan ran


SMALL_FILES = 600  # several chunks of a scan (one per 2 s) are recorded before the last


def _small_exports(folder: Path) -> list[str]:
    """Many one- or two-row exports whose persons recur across files (issue 20: a folder of small files)."""
    rng = random.Random(13)
    people = [(resident_id(rng, region=rng.choice(REGIONS)), f"13{rng.randrange(10**9):09d}") for _ in range(150)]
    folder.mkdir()
    for i in range(SMALL_FILES):
        rows = [rng.choice(people) for _ in range(rng.randint(1, 2))]
        lines = ["姓名,身份证号,手机号", *(f"张{i},{rid},{mobile}" for rid, mobile in rows)]
        (folder / f"2026-05-01_{i:04d}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [v for person in people[:40] for v in person]


def _exports(warehouse: Path) -> list[str]:
    out = subprocess.run([sys.executable, "-c", "import sys, duckdb; c = duckdb.connect(sys.argv[1], read_only=True); "
                          "print('\\n'.join(sorted(r[0] for r in c.execute('SELECT content_sha256 FROM exports').fetchall())))",
                          str(warehouse)], capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout.split()


def test_when_a_scan_of_many_small_files_is_killed_mid_batch_then_the_next_run_counts_exactly(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    raw = _small_exports(folder)
    truth_wh = tmp_path / "truth" / "wh.duckdb"
    truth_wh.parent.mkdir()
    started = time.monotonic()
    proc = _scan(folder, truth_wh)
    assert proc.wait(300) == 0, proc.stderr.read().decode() if proc.stderr else ""
    duration, truth = time.monotonic() - started, _persons(truth_wh)
    rng = random.Random(7)
    warehouse = tmp_path / "killed" / "wh.duckdb"
    warehouse.parent.mkdir()
    killed_midway, recorded_before = 0, []
    for _ in range(max(5, KILLS // 4)):
        proc = _scan(folder, warehouse)
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_midway += 1
        elif proc.returncode == 0:  # it finished first (less was left to do): start over
            for leftover in warehouse.parent.glob("wh.duckdb*"):
                leftover.unlink() if leftover.is_file() else None
        proc.wait(60)
        time.sleep(0.2)  # the reader notices its parent gone
        assert not _raw_found(warehouse.parent, raw), "raw values at rest after a kill"
        if warehouse.exists():
            recorded_before.append(len(_exports(warehouse)))
    proc = _scan(folder, warehouse)
    assert proc.wait(300) == 0, proc.stderr.read().decode() if proc.stderr else ""
    assert _persons(warehouse) == truth
    assert _exports(warehouse) == _exports(truth_wh) and len(_exports(truth_wh)) == SMALL_FILES
    assert not _raw_found(warehouse.parent, raw)
    assert killed_midway >= 3
    assert any(0 < n < SMALL_FILES for n in recorded_before), recorded_before  # some kills landed mid-batch
