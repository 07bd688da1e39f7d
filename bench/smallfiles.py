"""Many small files: what one file costs a scan of a folder, against scanning the files one by one.

    python -m bench.smallfiles [--files N] [--baseline-files M]

Writes N one-row CSVs (default 5,000: `name,id_no,phone`, a Chinese name, a valid 18-digit
resident ID, a mobile) into a temporary folder, then, each in a fresh process and a fresh
warehouse (the hash key given, so both key alike):

- `outbound scan FOLDER`: the batch (one reader process, files in flight, chunks recorded at once);
- the baseline a user of the library would write without the batch: one process that imports
  outbound once and calls the per-file entry point, `flow.scan_file(warehouse, path, ...)`, for
  each file (no start-up per file; each call reads its file in its own reader and records it),
  then evaluates the processor's year once, as `outbound scan` does. On its first M files
  (default 500: at about a third of a second a file, all 5,000 would take half an hour);
  the two are compared per file.

Printed: wall and CPU time (the process and its reader, `wait4`), ms per file, peak RSS, the
persons each run counted (one per file: they must equal the files scanned), and the ratios.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

from bench.count import OUTBOUND, Run, run
from outbound.pipeline.clock import today

KEY = "bench-smallfiles"
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
BASELINE = """
import sys
from pathlib import Path
from outbound.pipeline import flow
warehouse, files = Path(sys.argv[1]), sorted(Path(sys.argv[2]).iterdir())[: int(sys.argv[3])]
outcomes = [flow.scan_file(warehouse, path, processor="p1") for path in files]
assert all(o.status == "recorded" for o in outcomes), [o.error for o in outcomes if o.status != "recorded"][:3]
flow.evaluate_processors(warehouse, ["p1"])
"""
PERSONS = """
import sys
from pathlib import Path
from outbound.pipeline import flow
print(flow.persons(Path(sys.argv[1]), "p1", int(sys.argv[2]))[0].persons)
"""


def files(folder: Path, n: int, seed: int = 1) -> None:
    """n one-row CSVs, as the issue's measurement made them."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for i in range(n):
        body = f"110101{rng.randint(1950, 2010)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        rid = body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]
        mobile = f"138{rng.randint(10**7, 10**8 - 1)}"
        (folder / f"e{i:04d}.csv").write_text(f"name,id_no,phone\n张三{i},{rid},{mobile}\n", encoding="utf-8")


def _persons(warehouse: Path, env: dict[str, str], year: int) -> int:
    return int(run([sys.executable, "-c", PERSONS, str(warehouse), str(year)], env).stdout.strip())


def _row(name: str, n: int, r: Run) -> str:
    return (f"| {name} | {n:,} | {r.wall:.1f} | {r.cpu:.1f} | {1000 * r.wall / n:.1f} | {1000 * r.cpu / n:.1f} "
            f"| {r.peak_mb:.0f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--baseline-files", type=int, default=500)
    args = parser.parse_args()
    n, m = args.files, min(args.files, args.baseline_files)
    root = Path(tempfile.mkdtemp(prefix="outbound-smallfiles-"))
    env = {**os.environ, "OUTBOUND_HASH_KEY": KEY}
    env.pop("OUTBOUND_WAREHOUSE", None)
    try:
        folder = root / "f"
        files(folder, n)
        year = today().year  # the files' export date is their mtime: today in Asia/Shanghai
        batch = run([OUTBOUND, "scan", str(folder), "--warehouse", str(root / "batch.duckdb"), "--processor", "p1"], env)
        base = run([sys.executable, "-c", BASELINE, str(root / "base.duckdb"), str(folder), str(m)], env)
        counted = (_persons(root / "batch.duckdb", env, year), _persons(root / "base.duckdb", env, year))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{n:,} one-row CSVs (name,id_no,phone); each run a fresh process and warehouse; load {os.getloadavg()[0]:.1f}\n")
    print("| run | files | wall s | CPU s | wall ms per file | CPU ms per file | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    print(_row("`outbound scan FOLDER` (one batch)", n, batch))
    print(_row("baseline: `flow.scan_file` per file, one process", m, base))
    print(f"\nper file, baseline / batch: wall {base.wall / m / (batch.wall / n):.1f}x, CPU {base.cpu / m / (batch.cpu / n):.1f}x")
    print(f"persons counted: batch {counted[0]:,} of {n:,} files, baseline {counted[1]:,} of {m:,} (one person a file)")
    if counted != (n, m):
        raise SystemExit("the persons counted differ from the files scanned")


if __name__ == "__main__":
    main()
