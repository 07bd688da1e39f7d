"""FTZ data-export lists (负面清单 / 一般数据清单) as versioned data, and what a column falls under.

A list is domain → scenario → entry (data type, subcategory, data items, volume level, mechanism);
lists organised by category (Tianjin) hang entries straight under the domain. Most list bodies were
NOT FOUND in the reference, so `verified` is a content flag: true only when the part below it is
complete and checked against the official text. The matcher never answers "outside" from a list
that is not complete. Marks follow the reference: confirmed ✅, secondary ◐, unconfirmed ❓,
not_found. This module imports only rulebase/records/errors (rules.py imports it for KINDS).
Agencies exchange lists as spreadsheets: `list_sheets.py` reads and writes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from outbound.common.errors import RuleFileError
from outbound.common.naming import normalise_header
from outbound.common.records import ColumnLabel
from outbound.regulation.list_counts import Counts
from outbound.regulation.rulebase import Meta, RuleFile, _Strict

Mark = Literal["confirmed", "secondary", "unconfirmed", "not_found"]
DataType = Literal["important", "personal"]
VolumeCounter = Literal["pi_non_sensitive_persons", "spi_persons", "records"]
ListMechanism = Literal["security_assessment", "standard_contract_or_certification", "free_flow"]
Verdict = Literal["inside", "outside", "unknown"]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
EntityName = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]

_DOUBTFUL: frozenset[str] = frozenset({"secondary", "unconfirmed", "not_found"})
_SEVERITY = {"security_assessment": 3, "standard_contract_or_certification": 2, "free_flow": 1}


def _check_mark(verified: bool, mark: str | None, what: str) -> None:
    if verified and mark in _DOUBTFUL:
        raise ValueError(f"{what} is marked {mark} (◐/❓/NOT FOUND) and so must carry verified: false")


# --- schema -----------------------------------------------------------------------------------


class Text(_Strict):
    zh: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _some(self) -> Text:
        if not (self.zh or self.en):
            raise ValueError("give zh, en or both")
        return self


class Item(_Strict):
    """A data item (数据项 / 字段), mapped to what the classifier reports."""

    name: Text
    entities: list[EntityName] = []  # e.g. CN_RESIDENT_ID, see rules/entities
    keywords: list[str] = []  # matched inside the normalised column name

    @model_validator(mode="after")
    def _mapped(self) -> Item:
        if not (self.entities or self.keywords):
            raise ValueError(f"item {self.name.zh or self.name.en!r} maps to no entity or keyword")
        empty = [k for k in self.keywords if not normalise_header(k)]
        if empty:  # an empty keyword would be "contained" in every column name
            raise ValueError(f"keywords {empty} are empty once normalised")
        return self


class Volume(_Strict):
    counter: VolumeCounter
    at_least: Annotated[int, Field(ge=0)] | None = None  # 以上: inclusive
    below: Annotated[int, Field(ge=1)] | None = None  # 不满: exclusive

    @model_validator(mode="after")
    def _bounds(self) -> Volume:
        if self.at_least is None and self.below is None:
            raise ValueError("a volume needs at_least, below or both")
        if self.at_least is not None and self.below is not None and self.below <= self.at_least:
            raise ValueError(f"below ({self.below}) must be greater than at_least ({self.at_least})")
        return self


class Entry(_Strict):
    """A list subcategory (数据子类) in one mechanism bucket."""

    id: Id
    data_type: DataType
    subcategory: Text
    description: str | None = None  # 数据基本特征 / 描述, when the source gives one
    items: list[Item] = []
    volume: Volume | None = None
    mechanism: ListMechanism | None = None  # None: NOT FOUND
    verified: bool
    mark: Mark | None = None
    source: list[str] = []

    @model_validator(mode="after")
    def _complete_when_verified(self) -> Entry:
        _check_mark(self.verified, self.mark, f"entry {self.id}")
        if self.verified and not (self.items and self.mechanism and self.source):
            raise ValueError(f"entry {self.id} is verified but lacks items, mechanism or source")
        return self


class Scenario(_Strict):
    id: Id
    name: Text
    explanation: str | None = None  # 场景解释说明, when the source gives it
    note: str | None = None
    verified: bool  # true: every entry of the scenario is known and checked
    mark: Mark | None = None  # of the scenario's name and existence
    source: list[str] = []
    entries: list[Entry] = []

    @model_validator(mode="after")
    def _complete_when_verified(self) -> Scenario:
        _check_mark(self.verified, self.mark, f"scenario {self.id}")
        if self.verified and not (self.entries and all(e.verified for e in self.entries)):
            raise ValueError(f"scenario {self.id} is verified but has no entries or unverified ones")
        return self


class Domain(_Strict):
    id: Id
    name: Text
    note: str | None = None
    scenario_hints: list[str] = []  # what the source says the scenarios cover, not scenario names
    verified: bool
    mark: Mark | None = None
    source: list[str] = []
    scenarios: list[Scenario] = []
    entries: list[Entry] = []  # for lists built by category / subcategory rather than scenario

    @model_validator(mode="after")
    def _complete_when_verified(self) -> Domain:
        _check_mark(self.verified, self.mark, f"domain {self.id}")
        parts: list[Scenario | Entry] = [*self.scenarios, *self.entries]
        if self.verified and not (parts and all(p.verified for p in parts)):
            raise ValueError(f"domain {self.id} is verified but is empty or has unverified parts")
        return self


class AppliesTo(_Strict):
    registered_in_zone: bool
    excludes_ciio: bool
    note: str | None = None


_MARKABLE = frozenset(Meta.model_fields) | {"zones", "applies_to", "counts", "list_kind"}


class ListFile(RuleFile):
    zones: list[str] = []  # where the list applies; empty: meta.scope only
    list_kind: Literal["negative", "positive"]
    applies_to: AppliesTo
    counts: Counts = Counts()
    marks: dict[str, Mark] = {}  # marks of top-level facts that are not ✅, e.g. {effective_to: secondary}
    notes: list[str] = []
    domains: list[Domain] = []
    scenarios_without_domain: list[Scenario] = []  # named by the source, domain not known

    @property
    def applies_in(self) -> tuple[str, ...]:
        return tuple(self.zones) or (self.meta.scope,)

    @property
    def complete(self) -> bool:
        """Every domain's content is known and verified: only then can a column be 'outside'."""
        return (
            bool(self.domains) and not self.scenarios_without_domain and all(d.verified for d in self.domains)
        )

    def walk(self) -> Iterator[tuple[str, Domain | None, Scenario | None, Entry]]:
        """(key path, domain, scenario, entry) for every entry in file order."""
        for di, d in enumerate(self.domains):
            for ei, e in enumerate(d.entries):
                yield f"domains.{di}.entries.{ei}", d, None, e
            for si, s in enumerate(d.scenarios):
                for ei, e in enumerate(s.entries):
                    yield f"domains.{di}.scenarios.{si}.entries.{ei}", d, s, e
        for si, s in enumerate(self.scenarios_without_domain):
            for ei, e in enumerate(s.entries):
                yield f"scenarios_without_domain.{si}.entries.{ei}", None, s, e

    def _ids(self) -> Iterator[tuple[str, str]]:
        for di, d in enumerate(self.domains):
            yield f"domains.{di}.id", d.id
            for si, s in enumerate(d.scenarios):
                yield f"domains.{di}.scenarios.{si}.id", s.id
        for si, s in enumerate(self.scenarios_without_domain):
            yield f"scenarios_without_domain.{si}.id", s.id
        for path, _, _, e in self.walk():
            yield f"{path}.id", e.id

    @model_validator(mode="after")
    def _consistent(self) -> ListFile:
        self._check_meta()
        self._check_marks()
        self._check_unique_ids()
        self._check_counts()
        self._check_mechanisms()
        return self

    def _check_meta(self) -> None:
        m = self.meta
        if m.effective_to is not None and m.effective_to <= m.effective_from:
            raise ValueError(
                f"meta.effective_to ({m.effective_to}) must be after meta.effective_from ({m.effective_from})"
            )
        if self.meta.scope == "national":
            raise ValueError("meta.scope must name the zone the list belongs to, e.g. shanghai-ftz")
        if self.zones and self.meta.scope not in self.zones:
            raise ValueError(f"zones {self.zones} must include meta.scope {self.meta.scope!r}")

    def _check_marks(self) -> None:
        unknown = sorted(set(self.marks) - _MARKABLE)
        if unknown:
            raise ValueError(f"marks {unknown} name no meta or top-level key")
        doubtful = sorted(k for k, m in self.marks.items() if m in _DOUBTFUL)
        if self.meta.verified and doubtful:
            raise ValueError(f"meta.verified is true but marks {doubtful} are ◐/❓/NOT FOUND")
        if self.meta.verified and not self.complete:
            raise ValueError("meta.verified is true but the list's domains are missing or not all verified")

    def _check_unique_ids(self) -> None:
        seen: dict[str, str] = {}
        for path, ident in self._ids():
            if ident in seen:
                raise ValueError(f"duplicate id {ident!r} at {seen[ident]} and {path}")
            seen[ident] = path

    def _check_counts(self) -> None:
        c = self.counts
        if self.domains and c.domains is not None and len(self.domains) != c.domains:
            raise ValueError(f"counts.domains is {c.domains} but the file lists {len(self.domains)} domains")
        n_scen = sum(len(d.scenarios) for d in self.domains) + len(self.scenarios_without_domain)
        if c.scenarios is not None and (n_scen > c.scenarios or (self.complete and n_scen != c.scenarios)):
            raise ValueError(f"counts.scenarios is {c.scenarios} but the file lists {n_scen} scenarios")
        n_items = sum(len(e.items) for _, _, _, e in self.walk())
        for kind in ("important", "personal"):
            stated, n = c.stated_entries(kind), sum(e.data_type == kind for _, _, _, e in self.walk())
            if stated is not None and n > stated:
                raise ValueError(f"counts.{kind}_entries is {stated} but the file lists {n} {kind} entries")
        if c.data_items is not None and (
            n_items > c.data_items or (self.complete and n_items != c.data_items)
        ):
            raise ValueError(f"counts.data_items is {c.data_items} but the file lists {n_items} items")

    def _check_mechanisms(self) -> None:
        for path, _, _, e in self.walk():
            if e.mechanism and (e.mechanism == "free_flow") != (self.list_kind == "positive"):
                raise ValueError(f"{path}.mechanism {e.mechanism} does not fit a {self.list_kind} list")


# --- editions ---------------------------------------------------------------------------------


def lists_for_zone(zone: str, on: dt.date, *, folder: Path | None = None) -> tuple[ListFile, ...]:
    """Every list in force on `on` that applies in `zone`, negative first. Two editions of one kind
    for one zone on one date is an error naming both; an unknown zone gets ()."""
    from outbound.regulation.rules import load_kind  # rules.py imports this module for KINDS

    found = [f for f in load_kind("lists", folder) if isinstance(f, ListFile)]
    found = [f for f in found if zone in f.applies_in and f.meta.in_force(on)]
    for kind in ("negative", "positive"):
        same = [f.meta.id for f in found if f.list_kind == kind]
        if len(same) > 1:
            raise RuleFileError(
                "lists/", f"two {kind} lists in force for {zone} on {on.isoformat()}: {', '.join(same)}"
            )
    return tuple(sorted(found, key=lambda f: f.list_kind))


# --- matching ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListHit:
    domain: str | None
    scenario: str | None
    entry: str
    item: str
    matched_by: str  # "entity:CN_RESIDENT_ID" or "keyword:护照"
    data_type: str
    mechanism: str | None
    counter: str | None  # the entry's volume level, when it has one
    at_least: int | None
    below: int | None
    verified: bool

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    column: str
    verdict: Verdict
    mechanisms: tuple[str, ...]  # from verified hits, most severe first; a volume level may apply
    hits: tuple[ListHit, ...]
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "verdict": self.verdict,
            "mechanisms": list(self.mechanisms),
            "hits": [h.to_json() for h in self.hits],
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class ListMatch:
    list_id: str
    list_kind: str
    complete: bool
    columns: tuple[ColumnMatch, ...]

    def column(self, name: str) -> ColumnMatch:
        return next(c for c in self.columns if c.column == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "list_id": self.list_id,
            "list_kind": self.list_kind,
            "complete": self.complete,
            "columns": [c.to_json() for c in self.columns],
        }


def _hits(lst: ListFile, label: ColumnLabel) -> tuple[ListHit, ...]:
    found = {e for e in (label.entity, *label.entities) if e}
    header = normalise_header(label.column)
    hits = []
    for _, d, s, e in lst.walk():
        for item in e.items:
            by = [f"entity:{x}" for x in item.entities if x in found]
            by += [f"keyword:{k}" for k in item.keywords if normalise_header(k) in header]
            if by:
                v = e.volume
                hits.append(ListHit(
                    d.id if d else None, s.id if s else None, e.id, item.name.zh or item.name.en or "",
                    by[0], e.data_type, e.mechanism, v.counter if v else None, v.at_least if v else None,
                    v.below if v else None, e.verified,
                ))  # fmt: skip
    return tuple(hits)


def _verdict(lst: ListFile, hits: tuple[ListHit, ...]) -> tuple[Verdict, tuple[str, ...], str]:
    sure = [h for h in hits if h.verified]
    if sure:
        mechs = sorted({h.mechanism for h in sure if h.mechanism}, key=lambda m: -_SEVERITY[m])
        entries = sorted({h.entry for h in sure})
        return "inside", tuple(mechs), f"on the list as {', '.join(entries)}; a volume level may apply"
    if hits:
        entries = sorted({h.entry for h in hits})
        return "unknown", (), f"matches only unverified entries {', '.join(entries)}: check the official text"
    if not lst.complete:
        return (
            "unknown",
            (),
            "the list's content is NOT FOUND or not verified: cannot tell whether it is on it",
        )
    if lst.list_kind == "positive":
        return "outside", (), "not on the general data list: the national rules apply"
    zones = ", ".join(lst.applies_in)
    return (
        "outside",
        (),
        (
            f"not on the list: exempt under Art. 6 of the national rules if the processor is registered in "
            f"{zones}, is not a CIIO and works in a covered domain"
        ),
    )


def match_columns(lst: ListFile, labels: Sequence[ColumnLabel]) -> ListMatch:
    """What each column falls under in `lst`: by classified entity, or by a keyword in its name."""
    columns = []
    for label in labels:
        hits = _hits(lst, label)
        verdict, mechs, reason = _verdict(lst, hits)
        columns.append(ColumnMatch(label.column, verdict, mechs, hits, reason))
    return ListMatch(lst.meta.id, lst.list_kind, lst.complete, tuple(columns))
