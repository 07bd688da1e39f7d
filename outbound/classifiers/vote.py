"""The column vote: which entities, if any, a column of sampled cells carries.

Per entity, the share of sampled non-empty cells that validate as whole values
(`matching.whole_passes`). A structured column passes an entity at `min_share` from rules/entities,
or `min_share_with_header` when its header hints at it. When no entity passes and most cells are
text (remarks), the text cells are searched (`matching.text_pass`) and an entity found in them
passes at `min_share_in_text`. Column-level checks follow
(`min_distinct`, a recognizer's own `column_check`). Neither a header alone nor a single hit ever
labels a column: the share does.

The main entity is the best-scoring one; the column's category is the most protected category of
all entities it carries (a remark holding a diagnosis is sensitive whatever else it holds), and a
location is sensitive only at the precision rules/entities calls precise.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from outbound.classifiers.cells import ColumnValues, column_values
from outbound.classifiers.evidence import BIRTH, births_by_spread
from outbound.classifiers.explain import explanation
from outbound.classifiers.headers import HeaderEvidence, header_evidence
from outbound.classifiers.matching import SCOUT_VALUES, Tally, WholePass, matchers, text_pass, whole_pass
from outbound.classifiers.recognizers.geo_coordinate import decimals
from outbound.common.records import Category, ColumnLabel
from outbound.identifiers.birthdates import (
    birth_date_from_resident_id,
    date_may_be_minor,
    is_minor,
    minor_cutoff,
    parse_birth_date,
    resident_id_may_be_minor,
)
from outbound.regulation.rules import EntityFile, EntitySpec, HeaderFile

log = logging.getLogger(__name__)

_BIRTH_DATE = {"CN_RESIDENT_ID": birth_date_from_resident_id, "DATE_OF_BIRTH": parse_birth_date}
# which values may be a minor's, told without parsing a date (adults ruled out by their digits)
_MAY_BE_MINOR = {"CN_RESIDENT_ID": resident_id_may_be_minor, "DATE_OF_BIRTH": date_may_be_minor}
_SCOUTED_OUT = f"none of the first {SCOUT_VALUES} distinct values validated: not tried on the rest"
HEADER_BONUS = 0.1  # a hinting header adds this to the score (capped at 1.0), never to the share
FREE_TEXT_SHARE = 0.5  # a column is free text when no entity passes whole and this share of cells is text


@dataclass(frozen=True, slots=True)
class Standing:
    """One entity's result in one column."""

    entity: str
    spec: EntitySpec
    tally: Tally
    hinted: bool
    share: float
    threshold: float
    threshold_name: str
    passed: bool
    note: str | None = None

    @property
    def score(self) -> float:
        return min(1.0, self.share + (HEADER_BONUS if self.hinted else 0.0)) if self.passed else 0.0

    def rank_key(self) -> tuple[float, int, str]:
        # Highest score, then the more protected category, then the name, for a stable order.
        rank = Category(self.spec.category).rank if self.spec.category else 0
        return (-self.score, -rank, self.entity)


def _standing(t: Tally, spec: EntitySpec, hinted: bool, cells: int, free_text: bool) -> Standing:
    if free_text and spec.min_share_in_text is not None:
        share = t.in_text / cells
        passed = share > 0 and share >= spec.min_share_in_text
        return Standing(t.entity, spec, t, hinted, share, spec.min_share_in_text, "min_share_in_text", passed)
    share = t.validated / cells
    needed = spec.min_share_with_header if hinted else spec.min_share
    name = "min_share_with_header" if hinted else "min_share"
    return Standing(t.entity, spec, t, hinted, share, needed, name, share > 0 and share >= needed)


def _standings(
    tallies: dict[str, Tally], values: ColumnValues, hints: Collection[str], rules: EntityFile, free_text: bool
) -> list[Standing]:
    out = []
    for entity, t in tallies.items():
        spec = rules.entities.get(entity)
        if spec is None:  # a recognizer for an entity the rules in force do not know
            log.warning("entity %s has no entry in rules %s; not voted", entity, rules.meta.id)
            continue
        out.append(_column_checks(_standing(t, spec, entity in hints, values.cells, free_text), values))
    return out


def _column_checks(s: Standing, values: ColumnValues) -> Standing:
    """Column-level evidence a share cannot give: enough distinct values, the recognizer's own check."""
    if not s.passed:
        return s
    in_text = s.threshold_name == "min_share_in_text"
    distinct = s.tally.in_text_distinct if in_text else len(s.tally.values)
    cells = s.tally.in_text if in_text else s.tally.validated
    if s.spec.min_distinct and not s.hinted and distinct < min(s.spec.min_distinct, (cells + 1) // 2):
        note = f"{distinct} distinct values < min_distinct {s.spec.min_distinct}: repeated labels, not persons"
        return Standing(s.entity, s.spec, s.tally, s.hinted, s.share, s.threshold, s.threshold_name, False, note)
    if in_text:  # the recognizer's own column check reads whole values
        return s
    check: Callable[..., str | None] | None = next(
        (getattr(m.recognizer, "column_check", None) for m in matchers() if m.entity == s.entity), None
    )
    why = check(s.tally.values, hinted=s.hinted) if check else None
    if why:
        return Standing(s.entity, s.spec, s.tally, s.hinted, s.share, s.threshold, s.threshold_name, False, why)
    return s


def _category(s: Standing) -> tuple[Category | None, str | None]:
    """The entity's category in this column, and a note when the values decided it."""
    category = Category(s.spec.category) if s.spec.category else None
    if s.spec.precise_decimals is None or s.spec.coarse_category is None:
        return category, None
    if not s.tally.values:  # found inside free text only: the recognizer decided on precise pairs
        return category, None
    precise = sum(n for v, n in s.tally.values if decimals(v) >= s.spec.precise_decimals)
    if precise * 2 >= s.tally.validated:
        return category, f"{precise} of {s.tally.validated} values with >= {s.spec.precise_decimals} decimals: precise"
    return Category(s.spec.coarse_category), f"coarser than {s.spec.precise_decimals} decimals: not precise location"


def _minor_share(passing: list[Standing], cells: int, on: dt.date, age_below: int) -> float:
    """Share of cells whose birth date (resident ID or date of birth) is of a person under `age_below`."""
    best, cutoff = 0, minor_cutoff(on, age_below)
    for s in passing:
        parse = _BIRTH_DATE.get(s.entity)
        if parse is None:
            continue
        may_be = _MAY_BE_MINOR[s.entity]
        best = max(best, sum(n for v, n in s.tally.values
                             if may_be(v, cutoff) and (b := parse(v)) and is_minor(b, on, age_below)))
    return best / cells if cells else 0.0


def classify_values(
    header: object, values: ColumnValues, *, on: dt.date, entity_rules: EntityFile, header_rules: HeaderFile,
    whole: WholePass | None = None, evidence: HeaderEvidence | None = None,
) -> ColumnLabel:
    """The label of one column, from its distinct values (and its whole pass and header evidence,
    when the file's columns were passed together: `matching.whole_passes`)."""
    evidence = evidence or header_evidence(header, header_rules)
    hints = evidence.hinted
    standings: list[Standing] = []
    text_cells = 0
    scouted_out: set[str] = set()
    spread: str | None = None
    if values.cells:
        whole = whole or whole_pass(values, hints)
        scouted_out = whole.scouted_out
        standings = _standings(whole.tallies, values, hints, entity_rules, free_text=False)
        if not any(s.passed for s in standings) and BIRTH not in hints:  # dates under no header: their spread
            births, spread = births_by_spread(values, whole, on)
            if births:
                standings = _standings(whole.tallies, values, hints, entity_rules, free_text=False)
        # No entity as whole values, and mostly text (remarks): search inside the text cells.
        if not any(s.passed for s in standings) and values.mostly_text(FREE_TEXT_SHARE):
            eligible = {e for e, spec in entity_rules.entities.items() if spec.min_share_in_text is not None}
            text_cells = text_pass(values, hints, whole, eligible)
            standings = _standings(whole.tallies, values, hints, entity_rules, free_text=True)
    passing = sorted((s for s in standings if s.passed), key=Standing.rank_key)
    notes = {s.entity: s.note or (_SCOUTED_OUT if s.entity in scouted_out and not s.passed else None)
             for s in standings}
    if spread and BIRTH in notes:  # the spread's verdict, passed or not, says more than scouting
        notes[BIRTH] = spread
    hint = evidence.hinted[0] if evidence.hinted else None
    if not passing:
        why = explanation(evidence, entity_rules, values, text_cells, standings, notes=notes, hinted_only=hints)
        return ColumnLabel(str(header), None, None, 0.0, 0.0, header_hint=hint, explain=why)
    main = passing[0]
    categories = []
    for s in passing:
        category, note = _category(s)
        categories.append(category)
        notes[s.entity] = note or notes[s.entity]
    ranked = [c for c in categories if c is not None]
    refs = (f"entities#{main.entity}",) + ((f"headers#{main.entity}",) if main.hinted else ())
    why = explanation(evidence, entity_rules, values, text_cells, standings, notes=notes, hinted_only=hints)
    return ColumnLabel(
        column=str(header),
        entity=main.entity,
        category=max(ranked, key=lambda c: c.rank) if ranked else None,
        score=main.score,
        matched_share=main.share,
        entities=tuple(s.entity for s in passing),
        header_hint=hint,
        rule_refs=refs,
        minor_share=_minor_share(passing, values.cells, on, entity_rules.minor_age_below),
        explain=why,
    )


def classify_column(
    header: object, cells: Iterable[object], *, on: dt.date, entity_rules: EntityFile, header_rules: HeaderFile
) -> ColumnLabel:
    """The label of one column of sampled cells (str or None)."""
    return classify_values(header, column_values(cells), on=on, entity_rules=entity_rules, header_rules=header_rules)
