"""One more night scanned into a copy of a year's warehouse: what recording and evaluating cost.

    python -m bench.late_night WAREHOUSE NIGHT.csv [--repeat 3]

WAREHOUSE: a year's warehouse (`python -m bench.nights --keep W.duckdb` leaves one); NIGHT.csv:
an export of the bench (its first data row is changed, so its bytes are new and its persons are
the same). Each repeat scans it into a fresh copy, in this process, and prints the wall and CPU
seconds of `Warehouse.record_export` and of `flow.evaluate_processors` (the full pass runs in a
forked child and is the same work every night, so it is left out of the CPU seconds here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMES: dict[str, tuple[float, float]] = {}


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("night", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("OUTBOUND_HASH_KEY", "bench-key-not-secret")  # bench.nights's key
    import scipy.sparse.csgraph  # noqa: F401  (a real scan imports it beside the full pass)

    from outbound.pipeline import flow
    from outbound.warehouse import store

    store.Warehouse.record_export = timed("record", store.Warehouse.record_export)  # type: ignore[method-assign]
    folder = Path(tempfile.mkdtemp(prefix="bench-late-"))
    try:
        late = folder / "late-20260401.csv"
        lines = args.night.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[1] = lines[1].replace(",", ",9", 1)  # another export's bytes, the same persons
        late.write_text("".join(lines), encoding="utf-8")
        for _ in range(args.repeat):
            wh = folder / "late.duckdb"
            shutil.copy(args.warehouse, wh)
            flow.scan_file(wh, late, processor="bench", recipient="Pearl Hotels HQ", exported_at=dt.date(2026, 4, 1))
            evaluate = timed("evaluate", flow.evaluate_processors)
            persons = evaluate(wh, ["bench"])[0].counts.persons
            print(f"{persons:,} persons; " + "; ".join(f"{k} {w:.3f} s wall {c:.3f} s cpu" for k, (w, c) in TIMES.items()),
                  flush=True)
            wh.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
