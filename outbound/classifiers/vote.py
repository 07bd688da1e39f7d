"""The column vote: which entity, if any, a column of sampled cells carries.

For every entity a recognizer can find, the share of non-empty cells with at least one validated
match; for entities without a recognizer, the share of cells of the right shape, but only when
the header hints at them. An entity passes when its share reaches `min_share` from rules, or
`min_share_with_header` when the header hints at it. The header alone never labels a column, and
a single hit never does either: the share does.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from outbound.classifiers.engine import LANGUAGE, analyzer, recognized_entities
from outbound.classifiers.headers import hinted_entities
from outbound.classifiers.shapes import SHAPES
from outbound.common.records import Category, ColumnLabel
from outbound.common.rules import EntityFile, EntitySpec, HeaderFile

log = logging.getLogger(__name__)

HEADER_BONUS = 0.1  # a hinting header adds this to the score (capped at 1.0), never to the share


@dataclass(frozen=True, slots=True)
class Candidate:
    """One entity's standing in one column."""

    entity: str
    spec: EntitySpec
    matched_share: float
    hinted: bool

    @property
    def needed(self) -> float:
        return self.spec.min_share_with_header if self.hinted else self.spec.min_share

    @property
    def passes(self) -> bool:
        return self.matched_share > 0 and self.matched_share >= self.needed

    @property
    def score(self) -> float:
        return min(1.0, self.matched_share + (HEADER_BONUS if self.hinted else 0.0))

    def rank_key(self) -> tuple[float, int, str]:
        # Highest score, then the more protected category, then the name, for a stable order.
        rank = self.spec.category.rank if isinstance(self.spec.category, Category) else 0
        return (-self.score, -rank, self.entity)


def non_empty_counts(cells: Iterable[object]) -> Counter[str]:
    """Stripped non-empty cell texts with how often each occurs (dedupe for speed, keep weight)."""
    counts: Counter[str] = Counter()
    for cell in cells:
        if cell is None or (isinstance(cell, float) and cell != cell):  # None or NaN
            continue
        text = (cell if isinstance(cell, str) else str(cell)).strip()
        if text:
            counts[text] += 1
    return counts


def recognizer_hits(counts: Counter[str]) -> Counter[str]:
    """Per entity, the number of cells in which Presidio kept at least one (validated) result."""
    engine, wanted = analyzer(), sorted(recognized_entities())
    hits: Counter[str] = Counter()
    for text, n in counts.items():
        found = {
            r.entity_type
            for r in engine.analyze(text=text, language=LANGUAGE, entities=wanted)
            if r.score > 0
        }
        for entity in found:
            hits[entity] += n
    return hits


def shape_hits(counts: Counter[str], entity: str, on: dt.date) -> int:
    shape = SHAPES[entity]
    return sum(n for text, n in counts.items() if shape(text, on))


def candidates(
    header: object, counts: Counter[str], *, on: dt.date, entity_rules: EntityFile, header_rules: HeaderFile
) -> tuple[tuple[str, ...], list[Candidate]]:
    """The header's hints, and every entity with a measured share in this column."""
    hints = hinted_entities(header, header_rules)
    total = sum(counts.values())
    if not total:
        return hints, []
    hits = recognizer_hits(counts)
    for entity in hints:
        if entity not in recognized_entities() and entity in SHAPES:
            hits[entity] = shape_hits(counts, entity, on)
    found = []
    for entity, n in hits.items():
        spec = entity_rules.entities.get(entity)
        if spec is None:  # a recognizer or hint for an entity the rules in force do not know
            log.warning("entity %s has no entry in rules %s; not voted", entity, entity_rules.meta.id)
            continue
        found.append(Candidate(entity, spec, n / total, entity in hints))
    return hints, found


def classify_column(
    header: object,
    cells: Iterable[object],
    *,
    on: dt.date,
    entity_rules: EntityFile,
    header_rules: HeaderFile,
) -> ColumnLabel:
    """The label of one column of sampled cells."""
    counts = non_empty_counts(cells)
    hints, found = candidates(header, counts, on=on, entity_rules=entity_rules, header_rules=header_rules)
    passing = sorted((c for c in found if c.passes), key=Candidate.rank_key)
    hint = hints[0] if hints else None
    if not passing:
        return ColumnLabel(
            column=str(header), entity=None, category=None, score=0.0, matched_share=0.0, header_hint=hint
        )
    main = passing[0]
    refs = (f"entities#{main.entity}",) + ((f"headers#{main.entity}",) if main.hinted else ())
    return ColumnLabel(
        column=str(header),
        entity=main.entity,
        category=main.spec.category,
        score=main.score,
        matched_share=main.matched_share,
        entities=tuple(c.entity for c in passing),
        header_hint=hint,
        rule_refs=refs,
    )
