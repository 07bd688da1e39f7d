"""The spot-check policy (rules/spot_check/, product policy) and the legal facts it points to.

The legal numbers (validity years, renewal working days) are read from rules/procedures/; this
module never holds them. What Art. 13 leaves unquantified ("量级大幅度增加") is product policy,
in the YAML, with the reason.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator

from outbound.common.errors import RuleFileError
from outbound.regulation import rules
from outbound.regulation.rule_facts import ProcedureFact, ProcedureFile
from outbound.regulation.rulebase import RuleFile, _Strict

MajorWhen = Literal["always", "carries_personal", "carries_sensitive", "large_increase", "never"]
CHECKS = (
    "undeclared_dataset", "undeclared_field", "undeclared_entity", "undeclared_category", "masked_in_clear",
    "recipient_not_filed", "recipient_country", "scale_persons", "scale_sensitive_persons", "scale_records",
    "scenario_not_filed", "list_subcategory", "important_data",
)  # fmt: skip


class Basis(_Strict):
    procedures: str
    spot_check_article: str
    major_change_article: str
    filing_contents_article: str
    validity_fact: str
    renewal_fact: str
    other_zones: str
    expiry_reading: str
    window_reading: str


class LargeIncrease(_Strict):
    ratio: Annotated[float, Field(gt=1)]
    from_zero: Literal["major", "minor"]


class Drift(_Strict):
    major_when: MajorWhen
    ground: dict[str, str]
    filing_item: str


class SpotCheckPolicy(RuleFile):
    basis: Basis
    large_increase: LargeIncrease
    confidence: Annotated[float, Field(gt=0.5, lt=1)]
    target_absence_share: Annotated[float, Field(gt=0, lt=1)]
    clear_shapes: dict[str, str]
    drift: dict[str, Drift]

    @field_validator("clear_shapes")
    @classmethod
    def _regexes(cls, value: dict[str, str]) -> dict[str, str]:
        for entity, pattern in value.items():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"clear_shapes.{entity}: not a regular expression ({exc})") from exc
        return value

    @field_validator("drift")
    @classmethod
    def _every_check(cls, value: dict[str, Drift]) -> dict[str, Drift]:
        missing, unknown = sorted(set(CHECKS) - set(value)), sorted(set(value) - set(CHECKS))
        if missing or unknown:
            raise ValueError(f"drift must name every check exactly: missing {missing}, unknown {unknown}")
        return value


@functools.cache
def load_policy(folder: Path | None = None) -> SpotCheckPolicy:
    """The one spot-check policy file under rules/spot_check/."""
    base = (folder or rules.rules_dir()) / "spot_check"
    files = sorted(base.glob("*.yaml"))
    if len(files) != 1:
        raise RuleFileError(str(base), f"expected exactly one spot-check policy file, found {len(files)}")
    return rules.load_file(files[0], SpotCheckPolicy)


@dataclass(frozen=True, slots=True)
class LifecycleFacts:
    validity: ProcedureFact
    renewal: ProcedureFact
    source: str  # "<procedures id> Art. 13"
    by_analogy: bool  # the filing's zone has no verified rules: the policy's basis is applied
    note: str


def _procedure_files(folder: Path | None) -> list[ProcedureFile]:
    return [f for f in rules.load_kind("procedures", folder) if isinstance(f, ProcedureFile)]


def _has(f: ProcedureFile, fact_id: str) -> bool:
    return any(x.id == fact_id for x in f.facts)


def lifecycle_facts(zone: str | None, on: dt.date, folder: Path | None = None) -> LifecycleFacts:
    """Validity and renewal facts for a filing of `zone` approved on `on`.

    The zone's own procedures in force on `on` when they hold both facts; else the zone's latest
    edition holding them; else the policy's basis (Fujian Art. 13), marked as applied by analogy.
    """
    policy = load_policy(folder)
    vid, rid = policy.basis.validity_fact, policy.basis.renewal_fact
    own = [f for f in _procedure_files(folder) if f.meta.scope == zone and _has(f, vid) and _has(f, rid)]
    chosen = next((f for f in own if f.meta.in_force(on)), None) or (
        max(own, key=lambda f: f.meta.effective_from) if own else None
    )
    by_analogy = chosen is None
    if chosen is None:
        chosen = next((f for f in _procedure_files(folder) if f.meta.id == policy.basis.procedures), None)
        if chosen is None:
            raise RuleFileError("procedures/", f"policy basis {policy.basis.procedures} not found")
    validity, renewal = chosen.fact(vid), chosen.fact(rid)
    note = (f"{policy.basis.other_zones} (zone {zone or 'none'})" if by_analogy
            else f"rules of {chosen.meta.id}")
    if not by_analogy and not chosen.meta.in_force(on):
        note += f"; no edition was in force on {on.isoformat()}, the latest one is applied"
    return LifecycleFacts(validity, renewal, f"{chosen.meta.id} Art. {validity.article}", by_analogy, note)
