"""Classify every file of a corpus through outbound's public API and collect the predictions.

Only `outbound.scanners.open_source` and `outbound.classifiers.classify_source` are used: the
evaluation measures what a user of the library or of `outbound classify` gets. A file that fails
to open or classify costs its columns (they count as unlabelled) and is reported, never raised.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.eval.metrics import Key, Prediction
from tests.eval.truth import ColumnTruth

ON = dt.date(2026, 3, 1)  # the corpus's "today": ages and export dates are relative to it


@dataclass
class RunResult:
    predictions: dict[Key, Prediction] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # file -> error
    seconds: dict[str, float] = field(default_factory=dict)  # file -> wall time of classify
    unexpected: list[Key] = field(default_factory=list)  # columns reported but not in the truth

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def files_of(truth: Iterable[ColumnTruth]) -> list[str]:
    return list(dict.fromkeys(t.file for t in truth))


def classify_file(path: Path, *, sample_rows: int, seed: int, on: dt.date) -> dict[str, Prediction]:
    """Column name -> prediction for one file (imports outbound lazily: it is what we measure)."""
    from outbound.classifiers import classify_source
    from outbound.scanners import open_source

    result = classify_source(open_source(path), sample_rows=sample_rows, seed=seed, on=on)
    return {
        c.column: Prediction(c.entity, c.category.value if c.category else None, tuple(c.entities))
        for c in result.columns
    }


def run(
    folder: Path, truth: list[ColumnTruth], *, sample_rows: int = 1000, seed: int = 0, on: dt.date = ON
) -> RunResult:
    known = {(t.file, t.column) for t in truth}
    result = RunResult()
    for name in files_of(truth):
        start = time.perf_counter()
        try:
            columns = classify_file(folder / name, sample_rows=sample_rows, seed=seed, on=on)
        except Exception as e:  # noqa: BLE001 - one broken file must not hide the others' scores
            result.failed[name] = f"{type(e).__name__}: {e}"[:300]
            continue
        finally:
            result.seconds[name] = time.perf_counter() - start
        for column, prediction in columns.items():
            result.predictions[(name, column)] = prediction
            if (name, column) not in known:
                result.unexpected.append((name, column))
    return result
