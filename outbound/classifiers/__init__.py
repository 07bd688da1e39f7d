"""Classify sampled columns: which personal-information entity each one carries.

Recognizers (one per file under `recognizers/`, Presidio-shaped but Presidio-free) propose values
with a regex and decide with a validator; `matching.py` runs them by hand over each column's
distinct values (the fast path: no Presidio import, prefilters derived from the regexes); header
hints from rules/headers lower the bar the values must clear; the column vote in `vote.py` decides
with the shares and thresholds of rules/entities, and `explain.py` keeps the evidence (counts and
masks only). `engine.py` still adapts the same recognizers to a Presidio `AnalyzerEngine` for
free-text analysis and the parity test.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Protocol

import pandas as pd

from outbound.common.records import Category, ColumnLabel, FileClassification
from outbound.identifiers.birthdates import birth_date_from_resident_id, is_minor, parse_birth_date
from outbound.regulation import rules

log = logging.getLogger(__name__)

__all__ = [
    "SampledSource",
    "birth_date_from_resident_id",
    "classify_frame",
    "classify_source",
    "is_minor",
    "parse_birth_date",
]


# A column with fewer non-empty cells than this in a sample of a larger file is looked at again
# by the full pass, in up to SPARSE_TOP_UP of its non-empty cells from the whole file: a health
# note on one row in ten thousand is still sensitive personal information.
SPARSE_CELLS = 20
SPARSE_TOP_UP = 200


class SampledSource(Protocol):
    """What the classifier needs from a scanner's source (structural: no import of scanners)."""

    @property
    def path(self) -> object: ...

    @property
    def format(self) -> str: ...

    def sample(self, n: int, seed: int) -> pd.DataFrame: ...


def classify_frame(frame: pd.DataFrame, *, on: dt.date) -> tuple[ColumnLabel, ...]:
    """One label per column, in column order, from sampled rows whose cells are str or None."""
    from outbound.classifiers.cells import column_values
    from outbound.classifiers.evidence import complementing_documents
    from outbound.classifiers.headers import header_evidence
    from outbound.classifiers.matching import whole_passes
    from outbound.classifiers.vote import classify_values

    entity_rules, header_rules = rules.entities(on), rules.headers(on)
    columns = [series.tolist() for _, series in frame.items()]  # a list iterates ~10x faster than a Series
    values = [column_values(cells) for cells in columns]
    evidence = [header_evidence(name, header_rules) for name in frame.columns]
    wholes = whole_passes(values, [e.hinted for e in evidence])  # the recognizers over the file's columns at once
    labels = tuple(
        classify_values(name, v, on=on, entity_rules=entity_rules, header_rules=header_rules, whole=w, evidence=e)
        for name, v, w, e in zip(frame.columns, values, wholes, evidence, strict=True)
    )
    return complementing_documents(columns, labels, entity_rules)  # column evidence across columns


# Numbers of 16 digits or more in scientific notation ("1.10105E+17" in a CSV saved by Excel,
# "1.1010519491231e+17" from a workbook): a spreadsheet took resident IDs or card numbers for
# numbers and keeps 15 significant digits, so the rest were gone before any export read them.
_SCIENTIFIC = re.compile(r"[1-9](?:\.[0-9]+)?[eE]\+?(?:1[5-9]|2[0-9])")
LOST_DIGITS_SHARE = 0.5  # of a column's non-empty sampled cells


def lost_digits(frame: pd.DataFrame) -> tuple[str, ...]:
    """Columns of `frame` (sampled cells, str or None) mostly of numbers whose digits a spreadsheet lost."""
    found = []
    for i, name in enumerate(frame.columns):
        cells = [c for c in frame.iloc[:, i].tolist() if isinstance(c, str) and c.strip()]
        hits = sum(1 for c in cells if ("e" in c or "E" in c) and _SCIENTIFIC.fullmatch(c.strip()))
        if hits and hits >= LOST_DIGITS_SHARE * len(cells):
            found.append(str(name))
    return tuple(found)


def classify_source(
    source: SampledSource, *, sample_rows: int = 1000, seed: int = 0, on: dt.date
) -> FileClassification:
    """Sample `source` reproducibly and classify its columns."""
    sample = source.sample(sample_rows, seed)
    columns = classify_frame(sample, on=on)
    filled = sample.notna().sum()
    sparse = tuple(
        c.column for c in columns if not c.entity and filled[c.column] < SPARSE_CELLS
    ) if len(sample) >= sample_rows else ()  # fmt: skip
    n_sensitive = sum(1 for c in columns if c.category is Category.SENSITIVE)
    log.info(
        "classified %s: %d rows sampled, %d columns, %d labelled, %d sensitive",
        source.path,
        len(sample),
        len(columns),
        sum(1 for c in columns if c.entity),
        n_sensitive,
    )
    return FileClassification(
        path=str(source.path), format=source.format, rows_sampled=len(sample), columns=columns, sparse=sparse,
        lost_digits=lost_digits(sample),
    )
