"""`python -m bench.classify` (`make bench`): outbound vs presidio-structured, side by side.

1. On the evaluation corpus (`tests/eval`, cached under `.bench/eval/`), every file is classified
   twice from the same 1,000-row sample size:
   (a) baseline — presidio-structured's PandasAnalysisBuilder with a blank spaCy "zh" pipeline and
       Chinese pattern recognizers (`bench/presidio_baseline.py`); its rows are read with
       outbound's own scanner (`open_source(path).sample(1000, seed)`), so both pay the same I/O;
   (b) outbound — `classify_source(open_source(path), sample_rows=1000, seed=0)`.
   Per file set (format) and in total: wall time of each, the ratio, the same for the analysis
   alone (both classifying the one sample already read, outbound via `classify_frame`), and
   column-level F1 of each (the metrics of `tests/eval`). Both are warmed up on one file first
   (imports, rule loading). (b)'s predictions come from its end-to-end run.
2. Bounded read: outbound classifies a ~1 GB CSV and its Parquet twin (cached under `.bench/big-1024mb/`)
   and 1 MB files of the same rows; with a sample-only read both times should be close.

Options: --files N (corpus size), --skip-big, --big-mb N. Not part of CI: speed is measured here,
never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections import defaultdict
from dataclasses import dataclass, fields
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench import bigfile
from tests.eval import metrics as m
from tests.eval.corpus import CorpusSpec, cached
from tests.eval.metrics import Key, Prediction
from tests.eval.runner import ON, classify_file, files_of
from tests.eval.truth import ENTITIES, ColumnTruth

SAMPLE_ROWS, SEED = 1000, 0


@dataclass
class Seconds:
    """Wall times of one file (or a sum): the shared sample read, each side's analysis, and
    outbound end to end (its own read + classify, as a user runs it)."""

    read: float = 0.0
    a_analysis: float = 0.0
    b_analysis: float = 0.0
    b_total: float = 0.0

    @property
    def a_total(self) -> float:
        return self.read + self.a_analysis

    def __iadd__(self, other: Seconds) -> Seconds:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


def _one_file(path: Path, failed: list[str]) -> tuple[dict[str, Prediction], dict[str, Prediction], Seconds]:
    """Baseline and outbound predictions for one file; a side that fails is listed, not raised."""
    from bench.presidio_baseline import classify_frame as baseline
    from outbound.classifiers import classify_frame
    from outbound.scanners import open_source

    t = Seconds()
    a: dict[str, Prediction] = {}
    b: dict[str, Prediction] = {}
    clock = time.perf_counter()
    try:
        frame = open_source(path).sample(SAMPLE_ROWS, SEED)
        t.read, clock = time.perf_counter() - clock, time.perf_counter()
        a = {c: Prediction(e) for c, e in baseline(frame, SAMPLE_ROWS).items()}
        t.a_analysis, clock = time.perf_counter() - clock, time.perf_counter()
        classify_frame(frame, on=ON)
        t.b_analysis, clock = time.perf_counter() - clock, time.perf_counter()
        b = classify_file(path, sample_rows=SAMPLE_ROWS, seed=SEED, on=ON)
        t.b_total = time.perf_counter() - clock
    except Exception as e:  # noqa: BLE001 - one broken file must not stop the benchmark
        failed.append(f"{path.name}: {type(e).__name__}: {e}"[:300])
    return a, b, t


def _f1(truth: list[ColumnTruth], predictions: dict[Key, Prediction]) -> float:
    return m.micro(m.per_entity(truth, predictions)).f1 or 0.0


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b else "—"


def compare(console: Console, folder: Path, truth: list[ColumnTruth]) -> None:
    files = files_of(truth)
    _one_file(folder / files[0], [])  # warm-up (imports, rule loading, spaCy), not timed
    base: dict[Key, Prediction] = {}
    ours: dict[Key, Prediction] = {}
    times: dict[str, Seconds] = defaultdict(Seconds)
    fmt_of = {t.file: t.format for t in truth}
    failed: list[str] = []
    for name in files:
        a, b, seconds = _one_file(folder / name, failed)
        base.update({(name, c): p for c, p in a.items()})
        ours.update({(name, c): p for c, p in b.items()})
        times[fmt_of[name]] += seconds
    for seconds in list(times.values()):
        times["all"] += seconds
    table = Table(title=f"1,000-row sample per file, {len(files)} files: (a) presidio-structured baseline vs (b) outbound",
                  title_justify="left")  # fmt: skip
    for col in ("file set", "files", "columns", "read s", "(a) s", "(b) s", "(a)/(b)",
                "(a) analysis s", "(b) analysis s", "analysis (a)/(b)", "(a) F1", "(b) F1"):  # fmt: skip
        table.add_column(col, justify="left" if col == "file set" else "right")
    for fmt, t in times.items():
        subset = [c for c in truth if fmt in ("all", c.format)]
        table.add_row(fmt, str(len({c.file for c in subset})), str(len(subset)), f"{t.read:.2f}", f"{t.a_total:.2f}",
                      f"{t.b_total:.2f}", _ratio(t.a_total, t.b_total), f"{t.a_analysis:.2f}", f"{t.b_analysis:.2f}",
                      _ratio(t.a_analysis, t.b_analysis), f"{_f1(subset, base):.3f}", f"{_f1(subset, ours):.3f}")  # fmt: skip
    console.print(table)
    console.print("read s: the shared 1,000-row sample read by outbound's scanner, counted in (a); (b) s: outbound's "
                  "classify_source end to end (its own read included); analysis: classification of the read sample only")  # fmt: skip
    for line in failed:
        console.print(f"  FAILED {line}", markup=False)
    per_a, per_b = m.per_entity(truth, base), m.per_entity(truth, ours)
    detail = Table(title="F1 per entity", title_justify="left")
    for col in ("entity", "columns", "(a) presidio-structured", "(b) outbound"):
        detail.add_column(col, justify="left" if col == "entity" else "right")
    for e in ENTITIES:
        detail.add_row(e, str(per_b[e].support), _fmt(per_a[e].f1), _fmt(per_b[e].f1))
    detail.add_row("decoy columns labelled", str(sum(1 for t in truth if t.kind == "decoy")),
                   str(len(m.decoy_hits(truth, base))), str(len(m.decoy_hits(truth, ours))))  # fmt: skip
    console.print(detail)


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


def bounded_read(console: Console, root: Path, big_mb: int) -> None:
    start = time.perf_counter()
    paths = bigfile.ensure(root, target_bytes=big_mb << 20)
    console.print(f"large files ready in {time.perf_counter() - start:.1f} s (cached under {root})")
    table = Table(title="Bounded read: outbound classify_source, 1,000-row sample", title_justify="left")
    for col in ("file", "size MB", "rows", "seconds"):
        table.add_column(col, justify="left" if col == "file" else "right")
    for name in ("small.csv", "big.csv", "small.parquet", "big.parquet"):
        path = paths[name]
        start = time.perf_counter()
        classify_file(path, sample_rows=SAMPLE_ROWS, seed=SEED, on=ON)
        seconds = time.perf_counter() - start
        table.add_row(name, f"{path.stat().st_size / (1 << 20):,.1f}", f"{bigfile.rows_of(path):,}", f"{seconds:.2f}")
    console.print(table)


def _cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor()
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.classify", description=__doc__)
    parser.add_argument("--files", type=int, default=CorpusSpec().files)
    parser.add_argument("--skip-big", action="store_true", help="skip the bounded-read check")
    parser.add_argument("--big-mb", type=int, default=1024, help="size of the large CSV (default %(default)s MB)")
    parser.add_argument("--cache", type=Path, default=Path(".bench"))
    args = parser.parse_args(argv)
    console = Console(width=int(os.environ.get("COLUMNS", "140")), highlight=False)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    console.print(f"machine: {platform.machine()} {_cpu_model()}, {cores} usable cores "
                  f"({os.cpu_count()} total), Python {platform.python_version()}, {platform.system()}")  # fmt: skip
    console.print("(a) presidio-structured PandasAnalysisBuilder + blank spaCy zh + Chinese PatternRecognizers "
                  "(bench/presidio_baseline.py); (b) outbound.classifiers.classify_source")  # fmt: skip
    folder, truth = cached(CorpusSpec(files=args.files), args.cache / "eval")
    compare(console, folder, truth)
    if not args.skip_big:
        bounded_read(console, args.cache / f"big-{args.big_mb}mb", args.big_mb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
