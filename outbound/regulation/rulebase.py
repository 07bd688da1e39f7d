"""The shape every rule file shares: a `meta` block with provenance. Leaf module (pydantic only)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Meta(_Strict):
    id: str
    title: dict[str, str]
    issuer: str | list[str]
    document_number: str | None
    articles: list[str]
    published: dt.date | None
    effective_from: dt.date
    effective_to: dt.date | None
    source_url: str | None
    sources: list[str] = []
    verified: bool
    # "national", or the zone a file applies to (e.g. "beijing-ftz"): one edition per scope and date
    scope: str = "national"

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


class RuleFile(_Strict):
    meta: Meta
