"""What the half-year zone report (Fujian measures Art. 17) says of each processor of a zone folder:
filing state, persons this year, obligations with the day each line was crossed, the half's
spot-check verdicts and alerts; counts, ids and rule ids only (gathered by pipeline.reporting).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from outbound.common.errors import UsageError

HALF = re.compile(r"^(\d{4})-H([12])$")


@dataclass(frozen=True)
class Half:
    year: int
    half: int

    @classmethod
    def parse(cls, text: str) -> Half:
        m = HALF.match(text.strip())
        if not m:
            raise UsageError(f"--half {text!r}: give YYYY-H1 (January to June) or YYYY-H2 (July to December)")
        return cls(int(m[1]), int(m[2]))

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"


@dataclass
class ProcessorHalf:
    id: str
    name: str | None
    zone: str | None
    filing: dict[str, Any] | None = None  # filing_id, version, state, expires_on; None: no filing.yaml
    filing_problem: str | None = None
    persons: int = 0
    sensitive_persons: int = 0
    obligations: list[dict[str, Any]] = field(default_factory=list)
    next_lines: list[Any] = field(default_factory=list)
    verdicts: list[Any] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    series: list[Any] = field(default_factory=list)
    by_recipient: list[tuple[str, int, int]] = field(default_factory=list)
    by_month: list[tuple[str, int, int]] = field(default_factory=list)
    recorded: bool = False  # the warehouse has exports of this processor
