"""Alert kinds and their stable dedup keys.

A `Notice` is one condition of one processor-year. Its `dedup_key` never changes while the
condition holds, so it is sent once; it is sent again only when it `worsens` (a higher level: a
higher share band, major drift after minor, expiry after the renewal window; or a new mark: a new
finding kind, a new list entry).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    APPROACHING = "approaching"  # a line close ahead (80 % / 90 % of it, rules/alerts)
    CROSSED = "crossed"  # a line crossed: a mechanism is now required
    FIRST_SENSITIVE = "first_sensitive"  # sensitive PI left for the first time this year
    FIRST_IMPORTANT = "first_important"  # important data left for the first time this year
    NEGATIVE_LIST = "negative_list"  # an item of the zone's negative list was detected
    DRIFT = "drift"  # exports differ from the filing (minor / major)
    FILING = "filing"  # the filing is in its renewal window (level 1) or expired (level 2)
    SCAN_FAILURE = "scan_failure"  # a file could not be read, nights running
    TEST = "test"  # `outbound alerts test`


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "critical": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Notice:
    """One condition worth telling someone about. `facts` holds counts, rule ids, dates, masks."""

    kind: Kind
    processor: str
    year: int
    subject: str  # what within the kind: a rule id, a list id, a filing id, a file's key
    level: int  # how bad: a higher level is worse (share band in per-mille, drift 1 minor / 2 major)
    severity: Severity
    marks: tuple[str, ...] = ()  # finding kinds, list entries: a new one is worse too
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def dedup_key(self) -> str:
        return f"{self.kind.value}:{self.processor}:{self.year}:{self.subject}"

    def worse_than(self, level: int, marks: tuple[str, ...]) -> bool:
        """Whether this notice is worse than what was sent already (`level`, `marks`)."""
        return self.level > level or not set(self.marks) <= set(marks)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "processor": self.processor, "year": self.year, "subject": self.subject,
                "level": self.level, "severity": self.severity.value, "marks": list(self.marks),
                "facts": self.facts}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Notice:
        return cls(Kind(d["kind"]), d["processor"], int(d["year"]), d["subject"], int(d["level"]),
                   Severity(d["severity"]), tuple(d.get("marks") or ()), dict(d.get("facts") or {}))


def stable_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str)


def file_key(processor: str, path: str) -> str:
    """A short stable key for a file (its path may carry a name: the key does not)."""
    return hashlib.sha256(f"{processor}\0{path}".encode()).hexdigest()[:16]
