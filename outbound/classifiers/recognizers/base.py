"""The recognizer contract, without importing Presidio.

A recognizer class declares ENTITY, PATTERNS and CONTEXT as constants (the Presidio
country-specific style); the regex only proposes, `validate_result` decides (checksum, ranges).
`engine.presidio_recognizer()` turns any of them into a genuine Presidio `PatternRecognizer` for
free-text analysis with an `AnalyzerEngine`.

Why not subclass `presidio_analyzer.PatternRecognizer` directly: importing presidio_analyzer costs
0.7-1.8 s (it imports spaCy), measured here, which is more than classifying a whole file with the
column vote and breaks the counting benchmark's budget (issue 5). The column vote (`vote.py`)
therefore runs these same patterns and validators itself, by hand, on distinct cell values;
`tests/classifiers/test_presidio_parity.py` pins that the Presidio engine and the fast path agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

# Presidio's PatternRecognizer default (presidio_analyzer.pattern_recognizer.PatternRecognizer).
PRESIDIO_FLAGS = re.DOTALL | re.MULTILINE | re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Pattern:
    """Same fields as `presidio_analyzer.Pattern`."""

    name: str
    regex: str
    score: float


@dataclass(frozen=True, slots=True)
class Found:
    """One validated match inside a text."""

    entity: str
    start: int
    end: int
    score: float


class Recognizer:
    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]]
    FLAGS: ClassVar[int] = PRESIDIO_FLAGS

    def __init__(self, supported_language: str = "zh") -> None:
        self.supported_language = supported_language

    @cached_property
    def compiled(self) -> tuple[tuple[Pattern, re.Pattern[str]], ...]:
        return tuple((p, re.compile(p.regex, self.FLAGS)) for p in self.PATTERNS)

    def validate_result(self, pattern_text: str) -> bool | None:
        """True: keep the match; False: drop it; None: no opinion (Presidio keeps the pattern score)."""
        return None

    def find(self, text: str) -> list[Found]:
        """Every validated match of every pattern in `text` (overlaps possible, as in Presidio)."""
        found = []
        for pattern, regex in self.compiled:
            for m in regex.finditer(text):
                if m.end() == m.start():
                    continue
                if self.validate_result(m.group()) is False:
                    continue
                found.append(Found(self.ENTITY, m.start(), m.end(), pattern.score))
        return found

    def matches_whole(self, text: str) -> bool:
        """Whether the whole (stripped) cell is one validated match: the common case in tables."""
        return any(
            (m := regex.fullmatch(text)) is not None and self.validate_result(m.group()) is not False
            for _, regex in self.compiled
        )
