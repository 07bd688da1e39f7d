"""Column evidence beyond single cells: what a column's values say together, or beside another column.

Two kinds of column no single value gives away, found under meaningless headers (`c02`):

- **Dates of birth by their spread.** Any date is also an order, check-in or shipping date, so a
  date column without a hinting header was left unlabelled. Event dates fall within a few years;
  births spread over decades. A column of dates, none after the export date, none of a person
  older than OLDEST_AGE, whose middle 80 % span at least SPREAD_YEARS, is of dates of birth.
- **Identity documents that complement the resident ID, row by row.** Nine digits or a letter and
  eight digits (foreign passports) are also order codes. A column of such values filled on the
  rows where the resident-ID column is empty, and on almost no other row, is the identity document
  of the persons who have no resident ID (foreign guests, crews): it is labelled PASSPORT_NUMBER.

Each says why in `--explain` (a note on its candidate). The constants are the classifier's own
judgement, not regulation numbers (those live in rules/).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from outbound.classifiers.cells import ColumnValues, column_values
from outbound.classifiers.matching import SCOUT_VALUES, WholePass, tally_of
from outbound.common.records import Category, ColumnLabel, EntityEvidence
from outbound.identifiers.birthdates import parse_birth_date
from outbound.identifiers.placeholders import PLACEHOLDER_FIRST, is_placeholder
from outbound.regulation.rules import EntityFile

BIRTH = "DATE_OF_BIRTH"
SPREAD_YEARS = 25  # between the 10th and 90th percentile of ages; event dates span a few years
OLDEST_AGE = 100  # no one in the column older than this
MIN_DATES = 20  # distinct dates: fewer say nothing about a spread

DOCUMENT = "PASSPORT_NUMBER"
RESIDENT_ID = "CN_RESIDENT_ID"
MIN_DOCUMENTS = 5  # filled cells of the complementing column
MAX_OVERLAP = 0.02  # share of its filled rows that also hold a resident ID
MIN_COVER = 0.8  # share of the rows without a resident ID that it fills


def _age_years(born: dt.date, on: dt.date) -> float:
    return (on - born).days / 365.2425


def birth_spread(values: Sequence[tuple[str, int]], on: dt.date) -> str | None:
    """Why the dates `values` (text, count) are dates of birth on `on`, or None when they are not."""
    births, why = spread_verdict(values, on)
    return why if births else None


def spread_verdict(values: Sequence[tuple[str, int]], on: dt.date) -> tuple[bool, str]:
    """Whether the dates `values` (text, count) are dates of birth on `on` by their spread, and why."""
    ages: list[float] = []
    for text, n in values:
        born = parse_birth_date(text)
        if born is None:
            continue
        age = _age_years(born, on)
        if age < 0:
            return False, f"no header; a date after {on}: not dates of birth"
        if age > OLDEST_AGE:
            return False, f"no header; a date {age:.0f} years back (> {OLDEST_AGE}): not dates of birth"
        ages.extend([age] * n)
    if len(values) < MIN_DATES or not ages:
        return False, f"no header; {len(values)} distinct dates < {MIN_DATES}: too few to tell births by their spread"
    ages.sort()
    low, high = ages[len(ages) // 10], ages[(len(ages) * 9) // 10]
    span = f"dates spread over {high - low:.0f} years (10th-90th percentile of ages {low:.0f}-{high:.0f})"
    if high - low < SPREAD_YEARS:
        return False, f"no header; {span} < {SPREAD_YEARS}: event dates, not dates of birth"
    return True, (f"no header; {span}, ages {ages[0]:.0f}-{ages[-1]:.0f}, none in the future:"
                  " dates of birth by their spread")


def births_by_spread(values: ColumnValues, whole: WholePass, on: dt.date) -> tuple[bool, str | None]:
    """Whether the column's dates are births by their spread (then their tally is put in `whole`),
    and why (None when the column holds too few dates to ask).

    The dates are matched again as if a header hinted at them (the spread stands in for the
    header); the vote's own threshold (`min_share`, not the lower `min_share_with_header`) still
    decides.
    """
    if BIRTH not in whole.tallies:  # no cell even looked like a date
        return False, None
    first = tally_of(BIRTH, values, first=SCOUT_VALUES)  # timestamps fail here, cheaply
    if first is None or first.validated < 0.5 * sum(values.counts[:SCOUT_VALUES]):
        return False, None
    tally = tally_of(BIRTH, values)
    if tally is None or not tally.values:
        return False, None
    births, why = spread_verdict(tally.values, on)
    if births:
        whole.tallies[BIRTH] = tally
        whole.scouted_out.discard(BIRTH)
    return births, why


def _filled(cell: object) -> bool:
    if type(cell) is str:
        text = cell.strip()
    elif cell is None or (isinstance(cell, float) and cell != cell):
        return False
    else:
        text = str(cell).strip()
    return bool(text) and not (text[0] in PLACEHOLDER_FIRST and is_placeholder(text))


def _complement_note(docs: int, overlap: int, empty_ids: int, covered: int, column: str) -> str:
    return (f"no header; filled on {covered} of the {empty_ids} sampled rows without a resident ID in"
            f" {column!r} and on {overlap} of the rows with one: an identity document complementing it")


def complementing_documents(
    columns: Sequence[Sequence[object]], labels: Sequence[ColumnLabel], entity_rules: EntityFile
) -> tuple[ColumnLabel, ...]:
    """`labels`, with unlabelled columns that complement a resident-ID column row by row labelled
    PASSPORT_NUMBER. `columns` holds each column's sampled cells, rows aligned."""
    spec = entity_rules.entities.get(DOCUMENT)
    ids = [i for i, lab in enumerate(labels) if lab.entity == RESIDENT_ID]
    if spec is None or not ids:
        return tuple(labels)
    id_filled = [[_filled(c) for c in columns[i]] for i in ids]
    # a resident-ID column filled on every sampled row leaves no row for a document to complement
    ids, id_filled = [i for i, f in zip(ids, id_filled, strict=True) if not all(f)], [f for f in id_filled if not all(f)]
    out = list(labels)
    for j, lab in enumerate(labels):
        if lab.entity is not None:
            continue
        filled = [_filled(c) for c in columns[j]]
        docs = sum(filled)
        if docs < MIN_DOCUMENTS:
            continue
        for i, has_id in zip(ids, id_filled, strict=True):
            overlap = sum(1 for f, h in zip(filled, has_id, strict=True) if f and h)
            empty_ids = sum(1 for h in has_id if not h)
            covered = docs - overlap
            if overlap > MAX_OVERLAP * docs or covered < MIN_COVER * empty_ids:
                continue
            why = _complement_note(docs, overlap, empty_ids, covered, labels[i].column)
            labelled = _as_document(lab, columns[j], spec.min_share, why, spec.category)
            if labelled is not None:
                out[j] = labelled
                break
    return tuple(out)


# Without a header, only a passport's own shape: 9 digits, or a letter and 8 digits (the loose
# document shapes of the recognizer also fit order codes such as O0000123 that an API's response
# rows hold where its request rows hold the resident ID).
_PASSPORT_SHAPE = re.compile(r"[A-Z][0-9]{8}|[0-9]{9}")


def _strict_share(values: ColumnValues) -> float:
    shaped = sum(n for text, n in zip(values.texts, values.counts, strict=True)
                 if _PASSPORT_SHAPE.fullmatch(text.strip().upper()))  # fmt: skip
    return shaped / values.cells if values.cells else 0.0


def _as_document(lab: ColumnLabel, cells: Sequence[object], min_share: float, why: str,
                 category: Category | None) -> ColumnLabel | None:
    values = column_values(cells)
    tally = tally_of(DOCUMENT, values)
    share = tally.validated / values.cells if tally and values.cells else 0.0
    if tally is None or share < min_share or _strict_share(values) < min_share:
        return None
    from outbound.classifiers.explain import masked

    evidence = EntityEvidence(DOCUMENT, tally.proposed, tally.validated, 0, round(share, 4), min_share, "min_share",
                              True, tuple(masked(v) for v in tally.examples), note=why)
    explain = lab.explain
    if explain is not None:
        rest = tuple(e for e in explain.candidates if e.entity != DOCUMENT)
        explain = dataclasses.replace(explain, candidates=(evidence, *rest))
    return dataclasses.replace(lab, entity=DOCUMENT, category=category, score=share, matched_share=share,
                               entities=(DOCUMENT,), rule_refs=(f"entities#{DOCUMENT}", "evidence#complements-resident-id"),
                               explain=explain)
