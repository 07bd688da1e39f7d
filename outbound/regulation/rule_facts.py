"""Regulation facts beyond thresholds and entities: exemption grounds, important data by volume,
procedure deadlines. Schemas only; the facts live in rules/{exemptions,important_data,procedures}/.

Leaf module: imports rulebase and errors only. Every entry carries its own `verified` mark (◐ facts
are false); a fact the reference marks ❓ or NOT FOUND is never given a value — procedures list it
under `absent`, exemptions say `unknown`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from outbound.common.errors import RuleFileError
from outbound.regulation.rulebase import RuleFile, _Strict


def _zh_en(text: dict[str, str]) -> dict[str, str]:
    missing = sorted({"zh", "en"} - text.keys())
    if missing:
        raise ValueError(f"needs both zh and en; missing {missing}")
    return text


Bilingual = Annotated[dict[str, str], AfterValidator(_zh_en)]
# an S-id of the reference, or the address a later fact is cited by inline (reference §17 has no S-ids)
SourceId = Annotated[str, Field(pattern=r"^(S\d+|https?://\S+)$")]


def _unique(ids: list[str], what: str) -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate {what} id {dupes}")


# --- exemptions (Order 16 Art. 3–6, as listed in the Shanghai Q&A) ---------------------------

Decider = Literal["declared", "measured", "list_match"]
Excluded = Literal["personal_information", "important_data", "domestic_personal_information",
                   "domestic_important_data"]


class ExemptionGround(_Strict):
    id: str
    number: Annotated[int, Field(ge=1)]  # its place in the Shanghai Q&A's list ("一是" … "七是")
    article: str
    title: Bilingual
    summary: Bilingual
    # declared: a scenario flag the processor sets (the scanner cannot see contract necessity);
    # measured: decided by counts (see measured_by); list_match: decided by the FTZ list matcher
    decided_by: Decider
    measured_by: str | None = None  # "<kind>/<file id>#<rule id>" of the rule that measures it
    data_must_not_contain: list[Excluded] = []
    # Shanghai reading (S1): PI notified or published as important data never takes this ground
    not_for_important_data: bool
    verified: bool
    sources: list[SourceId]
    note: str | None = None

    @model_validator(mode="after")
    def _measured_needs_rule(self) -> ExemptionGround:
        if (self.decided_by == "measured") != (self.measured_by is not None):
            raise ValueError("measured_by is required exactly when decided_by is measured")
        return self


class ExemptedInTotals(_Strict):
    """Whether PI sent under some grounds still counts toward the Art. 7/8 yearly totals."""

    grounds: list[str]
    counts_toward_totals: bool | Literal["unknown"]
    engine_reports: Literal["with_exempted", "without_exempted", "both_totals"]
    verified: bool
    note: str

    @model_validator(mode="after")
    def _unknown_reports_both(self) -> ExemptedInTotals:
        if self.counts_toward_totals == "unknown" and self.engine_reports != "both_totals":
            raise ValueError("an unknown counting rule must report both totals")
        return self


class ExemptionFile(RuleFile):
    grounds: list[ExemptionGround]
    exempted_pi_in_totals: ExemptedInTotals

    @model_validator(mode="after")
    def _ids(self) -> ExemptionFile:
        ids = [g.id for g in self.grounds]
        _unique(ids, "ground")
        unknown = sorted(set(self.exempted_pi_in_totals.grounds) - set(ids))
        if unknown:
            raise ValueError(f"exempted_pi_in_totals names unknown grounds {unknown}")
        return self

    def ground(self, ground_id: str) -> ExemptionGround:
        for g in self.grounds:
            if g.id == ground_id:
                return g
        raise RuleFileError(self.meta.id, f"no exemption ground {ground_id!r}")


# --- important data by volume (zone rules) -----------------------------------------------------

VolumeCounter = Literal["pi_persons", "pi_non_sensitive_persons", "spi_persons", "entity_persons"]


class VolumeRule(_Strict):
    """PI becomes important data when its counter is more than `more_than` (exclusive: "超过")."""

    id: str
    summary: Bilingual
    counter: VolumeCounter
    entities: list[str] = []  # for entity_persons: persons with any of these entity keys
    unmapped: list[str] = []  # data named by the rule that no entity key covers yet
    more_than: Annotated[int, Field(ge=0)]
    requires: dict[str, bool] = {}
    verified: bool
    sources: list[SourceId]
    note: str | None = None

    @model_validator(mode="after")
    def _entities_iff_entity_counter(self) -> VolumeRule:
        if (self.counter == "entity_persons") != bool(self.entities):
            raise ValueError("entities are required exactly when counter is entity_persons")
        return self

    def holds_for(self, value: int) -> bool:
        return value > self.more_than


class ImportantDataFile(RuleFile):
    applies_to: Literal["registered_in_zone"]
    volume_basis: Literal["held", "exported", "unknown"]  # what the persons are counted over
    note: str
    rules: list[VolumeRule]

    @model_validator(mode="after")
    def _ids(self) -> ImportantDataFile:
        _unique([r.id for r in self.rules], "rule")
        if self.meta.scope == "national":
            raise ValueError("important-data volume rules are zone rules; set meta.scope to the zone")
        return self


# --- procedure deadlines and validity periods -------------------------------------------------

Unit = Literal["years", "months", "working_days", "business_days", "days", "percent"]


class ProcedureFact(_Strict):
    id: str
    value: Annotated[int, Field(gt=0)]
    unit: Unit
    article: str
    summary: Bilingual
    verified: bool
    sources: list[SourceId] = []
    note: str | None = None


class AbsentFact(_Strict):
    """A fact looked for and not confirmed: named so nobody fills it in from memory. No value."""

    id: str
    article: str
    status: Literal["unverified", "not_found", "not_quantified"]
    note: str


class ProcedureFile(RuleFile):
    facts: list[ProcedureFact]
    absent: list[AbsentFact] = []

    @model_validator(mode="after")
    def _ids(self) -> ProcedureFile:
        _unique([f.id for f in self.facts] + [a.id for a in self.absent], "fact")
        return self

    def fact(self, fact_id: str) -> ProcedureFact:
        """The fact by id; an absent fact is an error that says why it has no value."""
        for f in self.facts:
            if f.id == fact_id:
                return f
        for a in self.absent:
            if a.id == fact_id:
                raise RuleFileError(self.meta.id, f"fact {fact_id!r} is {a.status}: {a.note}")
        raise RuleFileError(self.meta.id, f"no fact {fact_id!r}; known: {', '.join(f.id for f in self.facts)}")
