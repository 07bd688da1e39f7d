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

from outbound.common.errors import RuleFileError
from outbound.common.records import Category
from outbound.common.rulebase import RuleFile, _Strict

# --- thresholds -------------------------------------------------------------------------------

Counter = Literal["pi_non_sensitive_persons", "spi_persons", "important_data", "pi_persons_or_important"]
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


# --- loading ----------------------------------------------------------------------------------

KINDS: dict[str, type[RuleFile]] = {
    "thresholds": ThresholdFile,
    "entities": EntityFile,
    "headers": HeaderFile,
    "alerts": AlertPolicy,
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


def entities(on: dt.date) -> EntityFile:
    return in_force("entities", on, EntityFile)


def headers(on: dt.date) -> HeaderFile:
    return in_force("headers", on, HeaderFile)


def alert_policy(on: dt.date) -> AlertPolicy:
    return in_force("alerts", on, AlertPolicy)
