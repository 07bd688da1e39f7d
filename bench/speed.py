"""`python -m bench.speed` (`make bench`): classification speed past start-up, in µs per sampled cell.

Three classifiers on the same sampled frames (read once, not timed), each warmed up on the first
frame (imports, spaCy, rules) and then timed on all of them:
  lean     presidio-structured + blank spaCy zh + ten hand-written Chinese pattern recognizers
           (`presidio_baseline.analyzer(lean=True)`: the headline baseline of issue 21);
  current  the same with Presidio's predefined phone, IP and MAC recognizers and all sixteen
           Chinese patterns (`presidio_baseline.analyzer()`, the README's earlier baseline);
  outbound `outbound.classifiers.classify_frame`.
Two corpora: distinct-heavy frames (`bench/distinct.py`: every value different, 200-800 rows, 8-11
columns) and the evaluation corpus (`tests/eval`, sampled 1,000 rows per file). Printed: µs per
sampled cell of each, the ratios to outbound, and column-level F1. The machine is shared: keep it
small (--files), run it twice, report both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from bench.distinct import frames
from tests.eval.runner import ON, files_of

Frame = tuple[pd.DataFrame, dict[str, str | None]]


def _outbound(frame: pd.DataFrame) -> dict[str, str | None]:
    from outbound.classifiers import classify_frame

    return {lab.column: lab.entity for lab in classify_frame(frame, on=ON)}


def _baseline(lean: bool) -> Callable[[pd.DataFrame], dict[str, str | None]]:
    from bench.presidio_baseline import classify_frame

    return lambda frame: classify_frame(frame, 1000, lean=lean)


def eval_frames(files: int, cache: Path) -> list[Frame]:
    from outbound.scanners import open_source
    from tests.eval.corpus import CorpusSpec, cached

    folder, truth = cached(CorpusSpec(files=files, max_rows=800), cache)
    out = []
    for name in files_of(truth):
        frame = open_source(folder / name).sample(1000, 0)
        out.append((frame, {t.column: t.entity for t in truth if t.file == name}))
    return out


def run(label: str, data: list[Frame], classify: Callable[[pd.DataFrame], dict[str, str | None]]) -> tuple[float, float]:
    """(µs per sampled cell past start-up, column-level F1 over PI columns)."""
    classify(data[0][0])  # start-up, not timed
    cells = sum(int(f.notna().sum().sum()) for f, _ in data)
    tp = fp = fn = 0
    start = time.perf_counter()
    predicted = [classify(f) for f, _ in data]
    seconds = time.perf_counter() - start
    for (_, truth), got in zip(data, predicted, strict=True):
        for column, entity in truth.items():
            guess = got.get(column)
            tp += bool(entity) and guess == entity
            fp += bool(guess) and guess != entity
            fn += bool(entity) and guess != entity
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    print(f"  {label:9} {seconds / cells * 1e6:8.1f} µs/cell  ({seconds:.2f} s, {cells} cells)  F1 {f1:.3f}")
    return seconds / cells * 1e6, f1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__)
    parser.add_argument("--files", type=int, default=8, help="files per corpus (default %(default)s)")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--cache", type=Path, default=Path(".bench/eval"))
    parser.add_argument("--skip-current", action="store_true", help="skip the slow 'current' baseline")
    args = parser.parse_args(argv)
    print(f"classification speed, {dt.datetime.now():%Y-%m-%d %H:%M}, past start-up")
    corpora = {"distinct-heavy": frames(args.files, args.seed), "evaluation": eval_frames(args.files, args.cache)}
    for name, data in corpora.items():
        print(f"{name}: {len(data)} frames")
        ours, _ = run("outbound", data, _outbound)
        for label, lean in (("lean", True), ("current", False)):
            if lean or not args.skip_current:
                theirs, _ = run(label, data, _baseline(lean))
                print(f"  {'':9} outbound is {theirs / ours:.1f}x faster than {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
