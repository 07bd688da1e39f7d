"""Counting benchmark: `outbound scan` + `outbound persons` against DuckDB's own count(DISTINCT).

    python -m bench.count [--rows N] [--persons N] [--repeat N]

Generates (once, cached under .bench/) an export of 10 million rows and about 2 million distinct
persons as CSV and Parquet, then runs, each in a fresh process and the outbound ones on a fresh
warehouse: the floor (DuckDB counting distinct resident IDs: just reading the column), and
`outbound scan` followed by `outbound persons`. Prints wall time, rows/s, peak RSS, the ratio to
the floor and whether the count is exact (the generator's truth). Best of --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.count_corpus import EXPORTED_ON, corpus

TARGETS = {"parquet": 2.5, "csv": 2.0}  # ratio to the floor, from the issue
OUTBOUND = str(Path(sys.executable).with_name("outbound"))


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float  # user + system seconds of the child (all its threads): steadier than wall on a busy machine
    peak_mb: float
    stdout: str


def run(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """One child process: wall time and its own peak RSS (wait4, not the children's maximum)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, and its exit
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, problem = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])} … failed:\n{problem[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def floor(path: Path, fmt: str) -> tuple[Run, int]:
    reader = f"read_parquet('{path}')" if fmt == "parquet" else f"read_csv('{path}', all_varchar=true)"
    code = ("import duckdb; con = duckdb.connect(); con.execute('SET enable_progress_bar = false'); "
            f"print(con.execute(\"SELECT count(DISTINCT id_no) FROM {reader}\").fetchall()[0][0])")
    r = run([sys.executable, "-c", code])
    return r, int(r.stdout.strip())


def outbound(path: Path) -> tuple[Run, Run, dict[str, int]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-count-"))
    try:
        wh = folder / "w.duckdb"
        env = {**os.environ, "OUTBOUND_HASH_KEY": "bench-key-not-secret"}
        scan = run([OUTBOUND, "scan", str(path), "--processor", "bench", "--warehouse", str(wh),
                    "--exported-at", EXPORTED_ON.isoformat()], env)  # fmt: skip
        persons = run([OUTBOUND, "persons", "--processor", "bench", "--year", str(EXPORTED_ON.year),
                       "--warehouse", str(wh), "--json"], env)  # fmt: skip
        return scan, persons, json.loads(persons.stdout)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def best(runs: list[tuple[Run, ...]]) -> tuple[Run, ...]:
    return min(runs, key=lambda rs: sum(r.wall for r in rs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--persons", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    t0 = time.perf_counter()
    c = corpus(rows=args.rows, persons=args.persons)
    print(f"Counting benchmark: {c.rows:,} rows, {c.persons:,} distinct persons ({c.sensitive_persons:,} under 14), "
          f"{os.cpu_count()} cores; corpus ready in {time.perf_counter() - t0:.1f} s (cached in {c.csv.parent})")
    print(f"{'format':8} {'run':34} {'wall s':>7} {'cpu s':>6} {'rows/s':>9} {'peak RSS':>9} {'persons':>10} "
          f"{'sensitive':>9}  exact")
    verdicts = []
    for fmt, path in (("parquet", c.parquet), ("csv", c.csv)):
        size = path.stat().st_size / 1e6
        floors = [floor(path, fmt) for _ in range(args.repeat)]
        f_run, f_count = min(floors, key=lambda x: x[0].wall)
        ours = [outbound(path) for _ in range(args.repeat)]
        scan, persons, answer = min(ours, key=lambda x: x[0].wall + x[1].wall)
        exact = answer["persons"] == c.persons and answer["sensitive_persons"] == c.sensitive_persons
        total = scan.wall + persons.wall
        rows = [
            (f"duckdb count(DISTINCT id) {size:,.0f} MB", f_run.wall, f_run.cpu, f_run.peak_mb, f_count, None,
             f_count == c.persons),
            ("outbound scan", scan.wall, scan.cpu, scan.peak_mb, None, None, None),
            ("outbound persons", persons.wall, persons.cpu, persons.peak_mb, answer["persons"],
             answer["sensitive_persons"], exact),
            ("scan + persons", total, scan.cpu + persons.cpu, max(scan.peak_mb, persons.peak_mb), None, None, None),
        ]
        for name, wall, cpu, peak, n, s, ok in rows:
            print(f"{fmt:8} {name:34} {wall:7.2f} {cpu:6.2f} {c.rows / wall / 1e6:7.2f} M {peak:6.0f} MB "
                  f"{'' if n is None else f'{n:,}':>10} {'' if s is None else f'{s:,}':>9}  "
                  f"{'' if ok is None else ('yes' if ok else 'NO')}")
        ratio = total / f_run.wall
        target = TARGETS[fmt]
        verdicts.append(f"{fmt}: ratio {ratio:.2f} (target ≤ {target}) {'met' if ratio <= target else 'MISSED'}, "
                        f"cpu ratio {(scan.cpu + persons.cpu) / f_run.cpu:.2f}; "
                        f"peak RSS {max(scan.peak_mb, persons.peak_mb):.0f} MB (target < 2048) ; "
                        f"count {'exact' if exact else 'NOT exact'}")
    print()
    for v in verdicts:
        print(v)


if __name__ == "__main__":
    main()
