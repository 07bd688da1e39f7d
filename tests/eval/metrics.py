"""Column-level scores: a column is a true positive for its entity when the predicted main
`entity` equals the true one. A prediction of E on any other column (a decoy, or a column of
another entity) is a false positive for E; a column of E predicted otherwise is a false negative.
The overall score is the micro average over all entities (the decoys' false positives included).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from tests.eval.truth import ENTITIES, ColumnTruth

Key = tuple[str, str]  # (file, column)


@dataclass(frozen=True, slots=True)
class Prediction:
    entity: str | None
    category: str | None = None
    entities: tuple[str, ...] = ()


MISSING = Prediction(None)  # a column the classifier did not report (or its file failed)


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    def __iadd__(self, other: Counts) -> Counts:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self


def key(t: ColumnTruth) -> Key:
    return (t.file, t.column)


def per_entity(
    truth: Iterable[ColumnTruth],
    predictions: Mapping[Key, Prediction],
    where: Callable[[ColumnTruth], bool] = lambda t: True,
) -> dict[str, Counts]:
    """Counts per entity over the truth columns that satisfy `where`."""
    counts = {e: Counts() for e in ENTITIES}
    for t in truth:
        if not where(t):
            continue
        got = predictions.get(key(t), MISSING).entity
        if got == t.entity and t.entity is not None:
            counts[t.entity].tp += 1
            continue
        if t.entity is not None:
            counts[t.entity].fn += 1
        if got is not None:
            counts.setdefault(got, Counts()).fp += 1
    return counts


def micro(counts: Mapping[str, Counts]) -> Counts:
    total = Counts()
    for c in counts.values():
        total += c
    return total


def decoy_hits(truth: Iterable[ColumnTruth], predictions: Mapping[Key, Prediction]) -> list[tuple[ColumnTruth, Prediction]]:
    """Decoy columns that got any entity: each one is a false positive."""
    return [(t, p) for t in truth if t.kind == "decoy" and (p := predictions.get(key(t), MISSING)).entity]


def category_accuracy(truth: Iterable[ColumnTruth], predictions: Mapping[Key, Prediction]) -> tuple[int, int]:
    """(columns whose predicted category is the expected one, columns)."""
    pairs = [(t.category, predictions.get(key(t), MISSING).category) for t in truth]
    return sum(1 for want, got in pairs if want == got), len(pairs)


def entities_recall(truth: Iterable[ColumnTruth], predictions: Mapping[Key, Prediction]) -> tuple[int, int]:
    """Over remark columns: (embedded entities listed in `entities`, embedded entities)."""
    found = total = 0
    for t in truth:
        if t.kind == "remark":
            listed = set(predictions.get(key(t), MISSING).entities)
            total += len(t.entities)
            found += len(set(t.entities) & listed)
    return found, total


def errors(truth: Iterable[ColumnTruth], predictions: Mapping[Key, Prediction]) -> list[tuple[ColumnTruth, Prediction]]:
    """Every column whose main entity is wrong, in corpus order."""
    return [(t, p) for t in truth if (p := predictions.get(key(t), MISSING)).entity != t.entity]
