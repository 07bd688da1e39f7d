"""The true numbers behind a generated zone, tallied row by row as the files are written.

A person is one member of a processor's population, counted once per year however many files,
rows or identifier types they appear under. A person is sensitive in a year when at least one of
their rows that year carries a bank card or a health note, or shows them under 14 on the export
date (by the birthday column or the resident-ID birth date). Whether ID numbers themselves make
a person sensitive is a rule-edition question left to `rules/`; this truth does not count them.

Raw identifiers live only in memory (`raw_identifiers()`); `to_json()` carries counts only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outbound.demo.people import Person

IDENTIFIER_KINDS = ("resident_id", "mobile", "email", "card", "passport")


@dataclass(frozen=True, slots=True)
class ProcessorTruth:
    """What one processor's exports really contain. Paths are relative to the zone root."""

    processor_id: str
    files: tuple[str, ...]  # every export file written, the broken one included
    broken_files: tuple[str, ...]
    rows_per_file: dict[str, int]  # readable files only
    persons_per_year: dict[int, int]
    sensitive_persons_per_year: dict[int, int]
    identifiers: dict[str, frozenset[str]]  # kind -> raw values that appear in the files

    def raw_identifiers(self) -> set[str]:
        return set().union(*self.identifiers.values())

    def to_dict(self) -> dict[str, Any]:
        """Counts and paths only: safe to write to disk."""
        return {
            "files": list(self.files),
            "broken_files": list(self.broken_files),
            "rows_per_file": dict(sorted(self.rows_per_file.items())),
            "persons_per_year": {str(y): n for y, n in sorted(self.persons_per_year.items())},
            "sensitive_persons_per_year": {
                str(y): n for y, n in sorted(self.sensitive_persons_per_year.items())
            },
        }


@dataclass(frozen=True, slots=True)
class ZoneManifest:
    """A generated zone: where it is, how it was made, and each processor's truth."""

    root: Path
    seed: int
    year: int
    days: tuple[str, ...]
    processors: tuple[ProcessorTruth, ...]

    def processor(self, processor_id: str) -> ProcessorTruth:
        for truth in self.processors:
            if truth.processor_id == processor_id:
                return truth
        known = ", ".join(t.processor_id for t in self.processors)
        raise KeyError(f"no processor {processor_id!r} in this zone; known: {known}")

    def raw_identifiers(self) -> set[str]:
        """Every resident ID, mobile, e-mail, card and passport number written to an export."""
        return set().union(*(t.raw_identifiers() for t in self.processors))

    def to_dict(self) -> dict[str, Any]:
        """Counts only (no root path, so two zones of one seed serialise identically)."""
        return {
            "seed": self.seed,
            "year": self.year,
            "days": list(self.days),
            "processors": {t.processor_id: t.to_dict() for t in self.processors},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Tally:
    """Accumulates one processor's truth while its generator writes rows."""

    def __init__(self, processor_id: str) -> None:
        self.processor_id = processor_id
        self._files: list[str] = []
        self._broken: list[str] = []
        self._rows: dict[str, int] = defaultdict(int)
        self._persons: dict[int, set[str]] = defaultdict(set)
        self._sensitive: dict[int, set[str]] = defaultdict(set)
        self._identifiers: dict[str, set[str]] = {kind: set() for kind in IDENTIFIER_KINDS}

    def file(self, rel_path: str, *, broken: bool = False) -> None:
        self._files.append(rel_path)
        if broken:
            self._broken.append(rel_path)

    def row(
        self, rel_path: str, day: dt.date, person: Person, *, sensitive: bool, **shown: str | None
    ) -> None:
        """Record one written row; `shown` names the identifiers the row actually carries."""
        self._rows[rel_path] += 1
        self._persons[day.year].add(person.key)
        if sensitive:
            self._sensitive[day.year].add(person.key)
        for kind, value in shown.items():
            if value:
                self._identifiers[kind].add(value)

    def truth(self) -> ProcessorTruth:
        return ProcessorTruth(
            processor_id=self.processor_id,
            files=tuple(sorted(self._files)),
            broken_files=tuple(sorted(self._broken)),
            rows_per_file=dict(sorted(self._rows.items())),
            persons_per_year={y: len(p) for y, p in sorted(self._persons.items())},
            sensitive_persons_per_year={y: len(self._sensitive.get(y, ())) for y in sorted(self._persons)},
            identifiers={kind: frozenset(values) for kind, values in self._identifiers.items()},
        )
