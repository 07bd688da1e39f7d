"""`python -m bench.speed` (`make bench`): classification speed past start-up, in µs per sampled cell.

Three classifiers on the same sampled frames (read once, not timed), each warmed up on the first
frame (imports, spaCy, rules) and then timed on all of them:
  lean     presidio-structured + blank spaCy zh + ten hand-written Chinese pattern recognizers
           (`presidio_baseline.analyzer(lean=True)`: the headline baseline of issue 21);
  current  the same with Presidio's predefined phone, IP and MAC recognizers and all sixteen
           Chinese patterns (`presidio_baseline.analyzer()`, the README's earlier baseline);
  outbound `outbound.classifiers.classify_frame`.
`--per-kind` adds one frame per kind of distinct-heavy column, to show how the ratio depends on
the mix. Two corpora: distinct-heavy frames (`bench/distinct.py`: every value different, 200-800 rows, 8-11
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


def _f1(data: list[Frame], predicted: list[dict[str, str | None]]) -> float:
    tp = fp = fn = 0
    for (_, truth), got in zip(data, predicted, strict=True):
        for column, entity in truth.items():
            guess = got.get(column)
            tp += bool(entity) and guess == entity
            fp += bool(guess) and guess != entity
            fn += bool(entity) and guess != entity
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


Classify = Callable[[pd.DataFrame], dict[str, str | None]]


def compare(data: list[Frame], sides: dict[str, Classify], repeats: int) -> dict[str, tuple[float, float]]:
    """label -> (µs per sampled cell, F1). Past start-up (each side warmed up on the first frame);
    the sides take turns frame by frame and each frame's time is its fastest of `repeats` runs, so
    that the load of a shared machine drifting during the run weighs on all sides alike."""
    for classify in sides.values():
        classify(data[0][0])
    cells = sum(int(f.notna().sum().sum()) for f, _ in data)
    seconds = dict.fromkeys(sides, 0.0)
    predicted: dict[str, list[dict[str, str | None]]] = {label: [] for label in sides}
    for frame, _ in data:
        best = dict.fromkeys(sides, float("inf"))
        got: dict[str, dict[str, str | None]] = {}
        for _ in range(repeats):
            for label, classify in sides.items():
                start = time.perf_counter()
                got[label] = classify(frame)
                best[label] = min(best[label], time.perf_counter() - start)
        for label in sides:
            seconds[label] += best[label]
            predicted[label].append(got[label])
    return {label: (seconds[label] / cells * 1e6, _f1(data, predicted[label])) for label in sides}


def per_kind(seed: int, rows: int = 300) -> None:
    """One frame per kind of column (`bench.distinct.COLUMNS`: three columns of `rows` distinct
    values, no hinting header): outbound against the lean baseline, each frame's fastest of two."""
    import random

    from faker import Faker

    from bench.distinct import COLUMNS, distinct_values
    from tests.eval.values import Gen

    rng, zh, en = random.Random(seed), Faker("zh_CN"), Faker("en_US")
    zh.seed_instance(seed)
    en.seed_instance(seed)
    g = Gen(rng=rng, zh=zh, en=en)
    kinds = {key: (pd.DataFrame({f"c{i}": distinct_values(g, make, rows) for i in range(3)}), {f"c{i}": entity for i in range(3)})
             for key, (entity, make) in COLUMNS.items()}
    print(f"per kind of column: 3 x {rows} distinct values, no header")
    for key, frame in kinds.items():
        (us, f1), (lean_us, lean_f1) = compare([frame], {"outbound": _outbound, "lean": _baseline(True)}, 2).values()
        score = f"F1 {f1:.3f} / {lean_f1:.3f}" if COLUMNS[key][0] else "(decoy)"
        print(f"  {key:15} outbound {us:5.1f} µs/cell  lean {lean_us:6.1f}  {lean_us / us:5.1f}x  {score}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__)
    parser.add_argument("--files", type=int, default=8, help="files per corpus (default %(default)s)")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--cache", type=Path, default=Path(".bench/eval"))
    parser.add_argument("--skip-current", action="store_true", help="skip the slow 'current' baseline")
    parser.add_argument("--repeats", type=int, default=2, help="runs per frame, fastest kept (default %(default)s)")
    parser.add_argument("--per-kind", action="store_true", help="also one frame per kind of column")
    args = parser.parse_args(argv)
    print(f"classification speed, {dt.datetime.now():%Y-%m-%d %H:%M}, past start-up")
    corpora = {"distinct-heavy": frames(args.files, args.seed), "evaluation": eval_frames(args.files, args.cache)}
    sides: dict[str, Classify] = {"outbound": _outbound, "lean": _baseline(True)}
    if not args.skip_current:
        sides["current"] = _baseline(False)
    for name, data in corpora.items():
        cells = sum(int(f.notna().sum().sum()) for f, _ in data)
        print(f"{name}: {len(data)} frames, {cells} sampled non-empty cells")
        result = compare(data, {k: v for k, v in sides.items() if k != "current"}, args.repeats)
        if "current" in sides:  # minutes per run: once, not repeated
            result |= compare(data, {"outbound": _outbound, "current": sides["current"]}, 1)
        ours = result["outbound"][0]
        for label, (us, f1) in result.items():
            ratio = "" if label == "outbound" else f"  outbound {us / ours:.1f}x faster"
            print(f"  {label:9} {us:8.1f} µs/cell  F1 {f1:.3f}{ratio}")
    if args.per_kind:
        per_kind(args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
