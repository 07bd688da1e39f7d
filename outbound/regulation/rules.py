"""Load and validate rules/ (YAML) with pydantic; pick the edition in force on a date.

The rules folder is data only. Its location: $OUTBOUND_RULES_DIR, else `rules/` at the project
root (the package is installed editable from a checkout, see README).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import Field, ValidationError, model_validator

from outbound.common.errors import RuleFileError, UsageError
from outbound.common.records import Category
from outbound.regulation.lists import ListFile
from outbound.regulation.rule_facts import ExemptionFile, ImportantDataFile, ProcedureFile
from outbound.regulation.rule_national import RegulationFile
from outbound.regulation.rulebase import RuleFile, _Strict

# --- thresholds -------------------------------------------------------------------------------

# pi_persons: all PI persons, sensitive ones included (the 2022 regime counted "10万人个人信息")
Counter = Literal["pi_non_sensitive_persons", "spi_persons", "important_data", "pi_persons_or_important",
                  "pi_persons"]
Mechanism = Literal["exempt", "standard_contract_or_certification", "security_assessment"]


class Counting(_Strict):
    window: Literal["calendar_year"]
    window_start: Literal["current_year", "previous_year"]
    timezone: str
    scope: str
    unit: str
    pi_and_spi_separate: bool
    boundary: dict[str, Literal["inclusive", "exclusive"]]


class ThresholdRule(_Strict):
    id: str
    article: str
    summary: dict[str, str]
    counter: Counter
    at_least: Annotated[int, Field(ge=0)] | None = None  # 以上: inclusive
    below: Annotated[int, Field(ge=1)] | None = None  # 不满: exclusive
    requires: dict[str, bool | int] = {}
    mechanism: Mechanism

    @model_validator(mode="after")
    def _bounds(self) -> ThresholdRule:
        if self.at_least is None and self.below is None:
            raise ValueError("a rule needs at_least, below or both")
        if self.at_least is not None and self.below is not None and self.below <= self.at_least:
            raise ValueError(f"below ({self.below}) must be greater than at_least ({self.at_least})")
        return self

    def holds_for(self, value: int) -> bool:
        lo_ok = self.at_least is None or value >= self.at_least
        hi_ok = self.below is None or value < self.below
        return lo_ok and hi_ok


class ThresholdFile(RuleFile):
    counting: Counting
    rules: list[ThresholdRule]


# --- entities and header hints ----------------------------------------------------------------


class EntitySpec(_Strict):
    category: Category | None
    identifier: bool
    min_share: Annotated[float, Field(gt=0, le=1)]
    min_share_with_header: Annotated[float, Field(gt=0, le=1)]
    # free-text columns (remarks): share of cells holding the entity somewhere; None = never from text
    min_share_in_text: Annotated[float, Field(gt=0, le=1)] | None = None
    # fewest distinct validated values a column needs when its header does not hint at the entity
    # (a status or product column repeats a handful of values; names and addresses do not)
    min_distinct: Annotated[int, Field(ge=1)] | None = None
    # location: values with at least this many decimals are precise; coarser ones get coarse_category
    precise_decimals: Annotated[int, Field(ge=0)] | None = None
    coarse_category: Category | None = None
    verified: bool = True
    note: str | None = None


class EntityFile(RuleFile):
    entities: dict[str, EntitySpec]
    minor_age_below: Annotated[int, Field(gt=0)]


class HeaderHint(_Strict):
    exact: list[str] = []
    contains: list[str] = []


class HeaderFile(RuleFile):
    hints: dict[str, HeaderHint]


class AlertPolicy(RuleFile):
    approaching_share: Annotated[float, Field(gt=0, lt=1)]
    # bands told apart by outbound.alerts (a higher band is re-sent); none below approaching_share
    approaching_shares: list[Annotated[float, Field(gt=0, lt=1)]] = [0.8, 0.9]
    scan_failure_nights: Annotated[int, Field(ge=1)] = 3  # a file failing this many nights running


# --- loading ----------------------------------------------------------------------------------

KINDS: dict[str, type[RuleFile]] = {
    "thresholds": ThresholdFile,
    "entities": EntityFile,
    "headers": HeaderFile,
    "alerts": AlertPolicy,
    "exemptions": ExemptionFile,
    "important_data": ImportantDataFile,
    "procedures": ProcedureFile,
    "lists": ListFile,
    "regulations": RegulationFile,
}
T = TypeVar("T", bound=RuleFile)


def rules_dir() -> Path:
    env = os.environ.get("OUTBOUND_RULES_DIR")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "rules"
    if not path.is_dir():
        raise RuleFileError(str(path), "rules folder not found; set OUTBOUND_RULES_DIR to the project's rules/")
    return path


def _explain(err: ValidationError) -> str:
    parts = []
    for e in err.errors()[:3]:
        key = ".".join(str(p) for p in e["loc"]) or "(top level)"
        parts.append(f"key {key}: {e['msg']}")
    return "; ".join(parts)


def load_file(path: Path, model: type[T]) -> T:
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(str(path), f"not readable YAML ({exc.__class__.__name__}: {exc})") from exc
    if not isinstance(raw, dict):
        raise RuleFileError(str(path), "top level must be a mapping with a meta block")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise RuleFileError(str(path), _explain(exc)) from exc


@functools.cache
def load_kind(kind: str, folder: Path | None = None) -> tuple[RuleFile, ...]:
    """Every edition of one kind of rule file, validated. Ids must be unique."""
    model = KINDS[kind]
    base = (folder or rules_dir()) / kind
    files = sorted(base.glob("*.yaml"))
    if not files:
        raise RuleFileError(str(base), f"no {kind} rule files found")
    loaded = tuple(load_file(p, model) for p in files)
    ids = [f.meta.id for f in loaded]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuleFileError(str(base), f"duplicate meta.id {sorted(dupes)}")
    return loaded


def in_force(kind: str, on: dt.date, model: type[T], folder: Path | None = None, scope: str = "national") -> T:
    """The one edition of `kind` for `scope` in force on `on`; none or two is an error naming the files."""
    editions = [f for f in load_kind(kind, folder) if f.meta.scope == scope and f.meta.in_force(on)]
    if not editions:
        raise RuleFileError(f"{kind}/", f"no {scope} edition in force on {on.isoformat()}")
    if len(editions) > 1:
        ids = ", ".join(e.meta.id for e in editions)
        raise RuleFileError(f"{kind}/", f"two {scope} editions in force on {on.isoformat()}: {ids}")
    edition = editions[0]
    if not isinstance(edition, model):
        raise RuleFileError(f"{kind}/", f"{edition.meta.id} is not a {model.__name__}")
    return edition


def thresholds(on: dt.date) -> ThresholdFile:
    return in_force("thresholds", on, ThresholdFile)


SPI_READINGS = ("in-force", "strictest")


def entities(on: dt.date, reading: str | None = None) -> EntityFile:
    """Entity → category on `on`, under `reading` (else $OUTBOUND_SPI_READING, else "in-force").

    "in-force": the edition in force on `on`. "strictest": per entity, the most severe category of
    every entity edition published by `on` (e.g. a resident ID number is SPI under GB/T 35273-2020
    Appendix B, personal under GB/T 45574-2025), detection settings from the edition in force.
    """
    chosen = reading or os.environ.get("OUTBOUND_SPI_READING") or "in-force"
    if chosen not in SPI_READINGS:
        raise UsageError(f"SPI reading {chosen!r} is unknown; pass or set OUTBOUND_SPI_READING to one of "
                         f"{', '.join(SPI_READINGS)}")
    current = in_force("entities", on, EntityFile)
    if chosen == "in-force":
        return current
    others = [f for f in load_kind("entities") if isinstance(f, EntityFile) and f.meta.id != current.meta.id
              and (f.meta.published or f.meta.effective_from) <= on]
    return _strictest(current, sorted(others, key=lambda f: f.meta.effective_from, reverse=True))


def _severity(spec: EntitySpec) -> int:
    return 0 if spec.category is None else Category(spec.category).rank


def _strictest(current: EntityFile, others: list[EntityFile]) -> EntityFile:
    merged = dict(current.entities)
    for other in others:
        for key, spec in other.entities.items():
            mine = merged.get(key)
            if mine is None or _severity(spec) > _severity(mine):
                why = f"strictest reading: {spec.category or 'none'} per {other.meta.id}"
                base = mine or spec
                merged[key] = base.model_copy(update={"category": spec.category, "verified": spec.verified,
                                                      "note": f"{why}; {spec.note}" if spec.note else why})
    editions = [current, *others]
    meta = current.meta.model_copy(update={
        "id": f"strictest({'+'.join(e.meta.id for e in editions)})",
        "title": {"zh": "敏感个人信息从严口径", "en": "Strictest SPI reading across editions"},
        "document_number": " + ".join(e.meta.document_number or e.meta.id for e in editions),
        "sources": sorted({s for e in editions for s in e.meta.sources}),
        "verified": all(e.meta.verified for e in editions),
    })
    return EntityFile(meta=meta, entities=merged, minor_age_below=max(e.minor_age_below for e in editions))


def headers(on: dt.date) -> HeaderFile:
    return in_force("headers", on, HeaderFile)


def alert_policy(on: dt.date) -> AlertPolicy:
    return in_force("alerts", on, AlertPolicy)


def exemptions(on: dt.date) -> ExemptionFile:
    return in_force("exemptions", on, ExemptionFile)


def important_data_rules(zone: str, on: dt.date) -> ImportantDataFile | None:
    """The zone's rules that make PI important data by volume, in force on `on`; None when it has none."""
    if not any(f.meta.scope == zone and f.meta.in_force(on) for f in load_kind("important_data")):
        return None
    return in_force("important_data", on, ImportantDataFile, scope=zone)


def procedures(on: dt.date, scope: str = "national") -> ProcedureFile:
    return in_force("procedures", on, ProcedureFile, scope=scope)
