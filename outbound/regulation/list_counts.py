"""A list's totals as its source states them (not computed from the file). Leaf module: pydantic
and rulebase only; kept apart from lists.py so that module stays within its size."""

from __future__ import annotations

from pydantic import model_validator

from outbound.regulation.rulebase import _Strict


class Counts(_Strict):
    """Totals as the source states them (not computed from the file)."""

    domains: int | None = None
    data_types: int | None = None
    scenarios: int | None = None
    categories: int | None = None
    subcategories: int | None = None
    data_items: int | None = None
    fields: int | None = None
    entries: int | None = None  # list rows (数据类别 / 子类) as the source counts them
    important_entries: int | None = None  # of which important data
    personal_entries: int | None = None  # of which personal information
    note: str | None = None

    @model_validator(mode="after")
    def _split_adds_up(self) -> Counts:
        parts = (self.important_entries, self.personal_entries)
        if self.entries is not None and None not in parts and sum(p or 0 for p in parts) != self.entries:
            raise ValueError(
                f"important_entries ({parts[0]}) + personal_entries ({parts[1]}) "
                f"must equal entries ({self.entries})"
            )
        return self

    def stated_entries(self, data_type: str) -> int | None:
        """The stated number of entries of `data_type` ("important" / "personal"), if given."""
        return {"important": self.important_entries, "personal": self.personal_entries}.get(data_type)
