"""Year-of-nights benchmark: does a nightly scan's cost follow that night's export, not the year?

    python -m bench.nights [--nights 90] [--rows 20000] [--population 600000]

Generates (once, cached under .bench/) one CSV export per night (`bench.nights_corpus`: persons
recurring across nights, a fifth of rows with only a mobile number), then scans them one night at
a time into one fresh warehouse, each with `outbound scan` in a fresh process as the nightly job
does (record, then evaluate the year), and reads the year's count with `outbound persons --json`.
Prints per night the scan's wall and CPU seconds (user + system of the scan process and its
forked full pass: steadier than wall on a shared machine), the warehouse size and whether the
count is exact; then night 1, the medians of the first and last tenth, and their ratio (target
≤ 1.2), for wall and for CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.count import OUTBOUND
from bench.nights_corpus import corpus

TARGET = 1.2


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of one child and everything it forked (RUSAGE_CHILDREN counts
    grandchildren once they are waited for: the full pass's fork is), and its stdout."""
    import subprocess

    cpu0, t0 = _children_cpu(), time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])} … failed:\n{done.stderr[-2000:]}")
    return wall, cpu, done.stdout


def _size_mb(warehouse: Path) -> float:
    return sum(p.stat().st_size for p in warehouse.parent.glob(warehouse.name + "*") if p.is_file()) / 1e6


def _tenths(values: list[float]) -> tuple[float, float]:
    tenth = max(1, len(values) // 10)
    return statistics.median(values[:tenth]), statistics.median(values[-tenth:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nights", type=int, default=90)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--population", type=int, default=600_000)
    parser.add_argument("--keep", type=Path, help="Keep the warehouse at this path (default: a temporary one).")
    args = parser.parse_args()
    t0 = time.perf_counter()
    nights = corpus(nights=args.nights, rows=args.rows, population=args.population)
    print(f"Year of nights: {len(nights)} nightly CSV exports of {args.rows:,} rows, population "
          f"{args.population:,}, {os.cpu_count()} cores; corpus ready in {time.perf_counter() - t0:.1f} s "
          f"(cached in {nights[0].path.parent})")
    folder = Path(tempfile.mkdtemp(prefix="bench-nights-"))
    wh = args.keep or folder / "w.duckdb"
    env = {**os.environ, "OUTBOUND_HASH_KEY": "bench-key-not-secret"}
    walls, cpus, exact = [], [], []
    print(f"{'night':>5} {'date':10} {'scan s':>7} {'cpu s':>6} {'persons':>9} {'sensitive':>9} {'truth':>9} "
          f"{'warehouse':>10}  exact")
    try:
        for i, night in enumerate(nights, 1):
            wall, cpu, _ = timed([OUTBOUND, "scan", str(night.path), "--processor", "bench", "--warehouse", str(wh),
                                  "--recipient", night.recipient, "--exported-at", night.day.isoformat()], env)
            _, _, out = timed([OUTBOUND, "persons", "--processor", "bench", "--year", str(night.day.year),
                               "--warehouse", str(wh), "--json"], env)
            answer = json.loads(out)
            ok = (answer["persons"], answer["sensitive_persons"]) == (night.persons, night.sensitive_persons)
            walls.append(wall)
            cpus.append(cpu)
            exact.append(ok)
            print(f"{i:5} {night.day} {wall:7.2f} {cpu:6.2f} {answer['persons']:9,} {answer['sensitive_persons']:9,} "
                  f"{night.persons:9,} {_size_mb(wh):7.1f} MB  {'yes' if ok else 'NO'}", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    for name, values in (("wall", walls), ("cpu", cpus)):
        first, last = _tenths(values)
        ratio = last / first
        print(f"{name:4}: night 1 {values[0]:.2f} s, median first tenth {first:.2f} s, last tenth {last:.2f} s, "
              f"growth {ratio:.2f}x (target <= {TARGET}x) {'met' if ratio <= TARGET else 'MISSED'}")
    print(f"counts exact on {sum(exact)} of {len(exact)} nights; warehouse {_size_mb(wh) if args.keep else 0:.1f} MB kept"
          if args.keep else f"counts exact on {sum(exact)} of {len(exact)} nights")
    sys.exit(0 if all(exact) else 1)


if __name__ == "__main__":
    main()
