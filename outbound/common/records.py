"""Frozen records that cross stage boundaries.

After the classify step nothing carries raw cell values: only labels, counts, masks and keyed
hashes. Records here are plain data so they can travel through XCom as JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from outbound.common.masking import redact


class Category(StrEnum):
    """Classification of a column per GB/T 45574-2025 (see rules/entities)."""

    PERSONAL = "personal"
    SENSITIVE = "sensitive"
    IMPORTANT = "important"

    @property
    def rank(self) -> int:
        return {"personal": 1, "sensitive": 2, "important": 3}[self.value]


@dataclass(frozen=True, slots=True)
class EntityEvidence:
    """Why one entity passed or failed one column's vote: counts, thresholds and masks only."""

    entity: str
    proposed: int  # sampled non-empty cells a pattern of the entity matched (whole or inside text)
    validated: int  # cells that are the entity as a whole (validator, or shape under a hinting header)
    in_text: int  # cells of free text holding a validated match
    share: float  # the share compared with `threshold`
    threshold: float  # the rule value used
    threshold_name: str  # min_share | min_share_with_header | min_share_in_text
    passed: bool
    examples: tuple[str, ...] = ()  # masked with masking.mask, never raw values
    note: str | None = None  # a column-level check that failed, or what decided the category


@dataclass(frozen=True, slots=True)
class ColumnExplanation:
    """The evidence behind one ColumnLabel (`outbound classify --explain`)."""

    header: str  # normalised header as matched against rules/headers
    hinted: tuple[str, ...]  # entities the header hints at
    header_refs: tuple[str, ...]  # e.g. "outbound-header-hints-2026#PERSON_NAME exact 'xm'"
    entity_rules: str  # id of the rules/entities edition whose thresholds were used
    cells: int  # sampled non-empty cells
    distinct: int  # distinct non-empty values among them
    text_cells: int  # cells read as free text (no recognizer took them whole)
    candidates: tuple[EntityEvidence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ColumnLabel:
    column: str
    entity: str | None  # main entity, e.g. "CN_RESIDENT_ID"; None when nothing was found
    category: Category | None  # the most protected category among `entities` (free text may hold several)
    score: float  # after the column vote, 0..1
    matched_share: float  # share of sampled non-empty cells that validated for `entity`
    entities: tuple[str, ...] = ()  # every entity that passed the vote, main one first
    header_hint: str | None = None  # entity suggested by the column name, if any
    rule_refs: tuple[str, ...] = ()  # e.g. ("entities#CN_RESIDENT_ID", "headers#sfzh")
    # share of sampled non-empty cells whose birth date (resident ID or date of birth) is of a
    # person under the minors' age line on the export date (rules/entities `minor_age_below`)
    minor_share: float = 0.0
    explain: ColumnExplanation | None = None  # evidence; printed only when asked (--explain)

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        d = asdict(self)
        d.pop("explain")
        if explain and self.explain is not None:
            d["explain"] = self.explain.to_json()
        # the CLI contract calls it "name"; a name that holds an identifier (a JSON object keyed by
        # mobile numbers) is shown masked, as every identifier outside the full pass is
        d = {"name": redact(d.pop("column")), **d}
        d["category"] = self.category.value if self.category else None
        d["entities"] = list(self.entities)
        d["rule_refs"] = list(self.rule_refs)
        d["score"] = round(self.score, 4)
        d["matched_share"] = round(self.matched_share, 4)
        d["minor_share"] = round(self.minor_share, 4)
        return d


@dataclass(frozen=True, slots=True)
class FileClassification:
    path: str
    format: str
    rows_sampled: int
    columns: tuple[ColumnLabel, ...]
    # unlabelled columns with too few non-empty cells in a sample that is not the whole file: the
    # full pass looks for more of their cells before it counts (outbound.fullpass.passes.top_up_sparse)
    sparse: tuple[str, ...] = ()
    # columns of numbers a spreadsheet wrote in scientific notation: their digits are lost (lost_digits_note)
    lost_digits: tuple[str, ...] = ()

    @property
    def labelled(self) -> tuple[ColumnLabel, ...]:
        return tuple(c for c in self.columns if c.entity)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(lost_digits_note(c) for c in self.lost_digits)

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "rows_sampled": self.rows_sampled,
            "columns": [c.to_json(explain) for c in self.columns],
            **({"notes": list(self.notes)} if self.notes else {}),
        }


def lost_digits_note(column: str) -> str:
    return (f"column {redact(column)}: numbers of 16 or more digits in scientific notation (like 1.1E+17): a "
            "spreadsheet took resident IDs or card numbers for numbers and kept 15 digits at most, so the rest are "
            "lost and this column identifies no one; export the file again with this column formatted as text")


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One file a processor sent abroad, identified by its content."""

    content_sha256: str
    processor: str
    exported_on: dt.date  # calendar date in Asia/Shanghai
    recipient: str | None
    path: str
    format: str
    rows: int = 0


@dataclass(frozen=True, slots=True)
class YearlyCounts:
    processor: str
    year: int
    persons: int  # distinct persons whose PI left this year (includes sensitive ones)
    sensitive_persons: int  # of which with at least one sensitive item
    important_data: bool = False
    ciio: bool = False

    @property
    def non_sensitive_persons(self) -> int:
        """Persons with PI but no sensitive item: the counter of Art. 7/8 '(不含敏感个人信息)'."""
        return self.persons - self.sensitive_persons


@dataclass(frozen=True, slots=True)
class Obligation:
    """What the year's counts trigger under one rule, with the numbers that prove it."""

    rule_id: str
    mechanism: str  # exempt | standard_contract_or_certification | security_assessment
    counter: str  # which counter the rule reads: pi_non_sensitive_persons, spi_persons, ...
    measured: int
    threshold: int | None  # the line crossed (at_least) — or, for an exemption, the line it stays below
    source: str  # "<rule file id> Art. N"
    summary: str
    severity: int = 0  # higher is more severe; used for ordering
    next_line: int | None = None  # the rule's upper bound (不满, exclusive): where the next mechanism starts
    summary_zh: str = ""
    document: str = ""  # title and number of the text cited
    source_url: str | None = None
    verified: bool = True  # False when the rule rests on a single secondary source (◐)

    @property
    def share(self) -> float | None:
        return None if not self.threshold else self.measured / self.threshold


@dataclass(frozen=True, slots=True)
class Profile:
    """What the assessment needs to know of a processor beyond its counts."""

    processor: str
    zone: str | None = None  # zone of registration, e.g. "shanghai-ftz"; None outside any FTZ
    industry: str | None = None
    ciio: bool = False
    declared_grounds: tuple[str, ...] = ()  # exemption grounds the processor declares (contract, HR, ...)


@dataclass(frozen=True, slots=True)
class Alert:
    processor: str
    year: int
    kind: str  # triggered | approaching
    rule_id: str
    measured: int
    threshold: int | None
    message: str  # counts and rule ids only, never values


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one file in a run: recorded, already known, or failed with a reason."""

    path: str
    status: str  # recorded | unchanged | failed
    content_sha256: str | None = None
    columns_labelled: int = 0
    rows: int = 0
    error: str | None = None
    retryable: bool = False  # the failure may pass on retry (e.g. warehouse locked by another writer)
    labels: tuple[ColumnLabel, ...] = field(default=())
    notes: tuple[str, ...] = ()  # what the user should know of a file that was read (FileClassification.notes)


@dataclass(frozen=True, slots=True)
class ExportLine:
    """One export of a processor-year with its own counts: a row of the outbound ledger."""

    exported_on: dt.date
    recipient: str
    scenario: str
    rows: int
    content_sha256: str
    format: str
    categories: tuple[str, ...]
    entities: tuple[str, ...]
    persons: int
    sensitive_persons: int
