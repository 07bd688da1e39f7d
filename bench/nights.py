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

The machine may be shared: its load can change between the first and the last tenth. So on each
night of those tenths a control is scanned beside the night: night 1's export into a fresh
warehouse, the same work every time. The control's own growth says how much the machine changed;
the night's growth divided by it is the growth the year itself caused (`adjusted`).
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
from bench.nights_corpus import Night, corpus

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


def control(night: Night, warehouse: Path, env: dict[str, str]) -> tuple[float, float]:
    """Night 1's export scanned into a fresh warehouse: the same work whenever it runs."""
    wall, cpu, _ = timed([OUTBOUND, "scan", str(night.path), "--processor", "bench", "--warehouse", str(warehouse),
                          "--recipient", night.recipient, "--exported-at", night.day.isoformat()], env)
    for p in warehouse.parent.glob(warehouse.name + "*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    return wall, cpu


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
    walls, cpus, sizes, exact, controls = [], [], [], [], {}
    tenth = max(1, len(nights) // 10)
    print(f"{'night':>5} {'date':10} {'scan s':>7} {'cpu s':>6} {'persons':>9} {'sensitive':>9} {'truth':>9} "
          f"{'warehouse':>10}  exact  control s / cpu s")
    try:
        for i, night in enumerate(nights, 1):
            wall, cpu, _ = timed([OUTBOUND, "scan", str(night.path), "--processor", "bench", "--warehouse", str(wh),
                                  "--recipient", night.recipient, "--exported-at", night.day.isoformat()], env)
            _, _, out = timed([OUTBOUND, "persons", "--processor", "bench", "--year", str(night.day.year),
                               "--warehouse", str(wh), "--json"], env)
            answer = json.loads(out)
            if i <= tenth or i > len(nights) - tenth:
                controls[i] = control(nights[0], folder / f"control-{i}.duckdb", env)
            ok = (answer["persons"], answer["sensitive_persons"]) == (night.persons, night.sensitive_persons)
            sizes.append(_size_mb(wh))
            walls.append(wall)
            cpus.append(cpu)
            exact.append(ok)
            print(f"{i:5} {night.day} {wall:7.2f} {cpu:6.2f} {answer['persons']:9,} {answer['sensitive_persons']:9,} "
                  f"{night.persons:9,} {sizes[-1]:7.1f} MB  {'yes ' if ok else 'NO  '}"
                  + (f"  {controls[i][0]:7.2f} / {controls[i][1]:5.2f}" if i in controls else ""), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    for k, (name, values) in enumerate((("wall", walls), ("cpu", cpus))):
        first, last = _tenths(values)
        ratio = last / first
        c_first = statistics.median(c[k] for i, c in controls.items() if i <= tenth)
        c_last = statistics.median(c[k] for i, c in controls.items() if i > tenth)
        adjusted = ratio / (c_last / c_first)
        print(f"{name:4}: night 1 {values[0]:.2f} s, median first tenth {first:.2f} s, last tenth {last:.2f} s, "
              f"growth {ratio:.2f}x (target <= {TARGET}x) {'met' if ratio <= TARGET else 'MISSED'}; control "
              f"{c_first:.2f} s then {c_last:.2f} s ({c_last / c_first:.2f}x), adjusted growth {adjusted:.2f}x")
    print(f"counts exact on {sum(exact)} of {len(exact)} nights; warehouse {sizes[-1]:.1f} MB after night {len(sizes)}")
    sys.exit(0 if all(exact) else 1)


if __name__ == "__main__":
    main()
