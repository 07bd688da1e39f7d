"""Why a column got its label: header evidence, per-entity counts and thresholds, masked examples.

Built for every column (it costs a few masks) and printed only by `outbound classify --explain`.
Examples are masked with `masking.mask` keeping one character at each end: enough to see a shape
(1****************X, 北*********号), never enough to recover a value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from outbound.classifiers.cells import ColumnValues
from outbound.common.masking import mask
from outbound.common.records import ColumnExplanation, EntityEvidence
from outbound.regulation.rules import EntityFile

if TYPE_CHECKING:
    from outbound.classifiers.headers import HeaderEvidence
    from outbound.classifiers.vote import Standing

MAX_EXAMPLE_CHARS = 24


def masked(value: str) -> str:
    """A masked example; long free text is cut after MAX_EXAMPLE_CHARS (its length is shown)."""
    if len(value) <= 2:
        return "*" * len(value)
    text = mask(value, keep_start=1, keep_end=1)
    return text if len(text) <= MAX_EXAMPLE_CHARS else f"{text[: MAX_EXAMPLE_CHARS - 1]}…({len(value)} chars)"


def explanation(
    evidence: HeaderEvidence,
    entity_rules: EntityFile,
    values: ColumnValues,
    text_cells: int,
    standings: Sequence[Standing],
    *,
    notes: Mapping[str, str | None] | None = None,
    hinted_only: Collection[str] = (),
) -> ColumnExplanation:
    notes = notes or {}
    seen = {s.entity for s in standings}
    candidates = [
        EntityEvidence(
            entity=s.entity,
            proposed=s.tally.proposed,
            validated=s.tally.validated,
            in_text=s.tally.in_text,
            share=round(s.share, 4),
            threshold=s.threshold,
            threshold_name=s.threshold_name,
            passed=s.passed,
            examples=tuple(masked(v) for v in s.tally.examples) or tuple(s.tally.masked),
            note=notes.get(s.entity, s.note),
        )
        for s in sorted(standings, key=lambda s: (not s.passed, -s.share, s.entity))
    ]
    for entity in hinted_only:  # a hinting header whose values gave nothing: say so
        spec = entity_rules.entities.get(entity)
        if entity not in seen and spec is not None:
            candidates.append(
                EntityEvidence(entity, 0, 0, 0, 0.0, spec.min_share_with_header, "min_share_with_header", False,
                               note="header hints at it; no value matched")
            )
    return ColumnExplanation(
        header=evidence.header,
        hinted=evidence.hinted,
        header_refs=evidence.refs,
        entity_rules=entity_rules.meta.id,
        cells=values.cells,
        distinct=values.distinct,
        text_cells=text_cells,
        candidates=tuple(candidates),
    )
