"""National texts that add grounds, lines and route conditions beyond the Order 16 thresholds:
the Network Data Regulations (网络数据安全管理条例) and the certification measures (个人信息出境认证办法).
Schemas only; the facts live in rules/regulations/.

Leaf module: imports rulebase, rule_facts and errors only (rules.py imports it for KINDS). A file
may hold any of: declarable exemption grounds, flag lines (a status the counts can only bound
from below), notes attached to a mechanism, conditions of a route, and duties the scanner cannot
observe. Marks as elsewhere: ◐ facts carry `verified: false`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from outbound.regulation.rule_facts import Bilingual, ExemptionGround, SourceId, _unique
from outbound.regulation.rulebase import RuleFile, _Strict

Mechanism = Literal["security_assessment", "standard_contract_or_certification"]
BandCounter = Literal["pi_non_sensitive_persons", "spi_persons"]


class FlagLine(_Strict):
    """A line on persons *handled* (处理) that the scanner can only bound by persons *exported*.

    Fires when the exported count is at least `at_least` (以上: inclusive); below it nothing is
    said, since the processor may handle more persons than it exports.
    """

    id: str
    article: str
    summary: Bilingual
    counts: Literal["persons_processed"]  # what the text counts
    measured_as: Literal["persons_exported"]  # what the scanner counts: a lower bound of the above
    at_least: Annotated[int, Field(ge=1)]
    consequence: Bilingual
    duty_articles: list[str]
    verified: bool
    sources: list[SourceId]


class MechanismNote(_Strict):
    """A note shown with every obligation of `applies_to` (e.g. stay within the assessed scope)."""

    id: str
    article: str
    applies_to: Mechanism
    summary: Bilingual
    verified: bool
    sources: list[SourceId]
    note: str | None = None


class Band(_Strict):
    counter: BandCounter
    at_least: Annotated[int, Field(ge=1)]  # 以上: inclusive
    below: Annotated[int, Field(ge=2)]  # 不满: exclusive

    @model_validator(mode="after")
    def _order(self) -> Band:
        if self.below <= self.at_least:
            raise ValueError(f"below ({self.below}) must be greater than at_least ({self.at_least})")
        return self

    def holds_for(self, value: int) -> bool:
        return self.at_least <= value < self.below


class Route(_Strict):
    """A route open to a processor when every `requires` fact holds and any band holds."""

    id: str
    route: Literal["certification", "standard_contract"]
    refines: Mechanism  # the national obligation this route is one way to meet
    article: str
    summary: Bilingual
    requires: dict[Literal["ciio", "important_data"], bool]
    bands: Annotated[list[Band], Field(min_length=1)]
    validity_years: Annotated[int, Field(ge=1)] | None = None
    verified: bool
    sources: list[SourceId]


class Prohibition(_Strict):
    """A rule the data of one processor cannot show being broken (e.g. splitting volumes)."""

    id: str
    article: str
    applies_to: Mechanism
    summary: Bilingual
    observable: Literal[False]
    why_not_observable: Bilingual
    verified: bool
    sources: list[SourceId]


class RegulationFile(RuleFile):
    # which text this file is an edition of: editions of one text must not overlap in time,
    # different texts are in force side by side
    text: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    grounds: list[ExemptionGround] = []
    flags: list[FlagLine] = []
    mechanism_notes: list[MechanismNote] = []
    routes: list[Route] = []
    prohibitions: list[Prohibition] = []
    notes: list[str] = []

    @model_validator(mode="after")
    def _ids(self) -> RegulationFile:
        parts: list[list[str]] = [
            [g.id for g in self.grounds],
            [f.id for f in self.flags],
            [n.id for n in self.mechanism_notes],
            [r.id for r in self.routes],
            [p.id for p in self.prohibitions],
        ]
        _unique([i for part in parts for i in part], "entry")
        if not any(parts):
            raise ValueError(
                "a regulations file needs grounds, flags, mechanism_notes, routes or prohibitions"
            )
        return self
