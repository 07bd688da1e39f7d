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

Value alone, or header needed. `validate_result` answers in Presidio's three ways, and they carry
the distinction the column vote needs:

- True: the value alone decides (a checksum holds, or a shape specific enough). Presidio raises the
  score to 1.0.
- None: a plausible shape that is too generic to decide on (a bare date, a UUID, nine letters and
  digits, a single decimal degree). Presidio keeps the pattern's score, and every pattern that can
  produce such a match scores below `HEADER_ONLY_BELOW`: such matches count for a column only when
  its header hints at the entity (`matches_whole(text, hinted=True)`), and in free text only with
  context.
- False: not this entity.

`NEEDS_HEADER` is True for an entity no value can decide alone (every pattern scores below
`HEADER_ONLY_BELOW`, e.g. DATE_OF_BIRTH). `MIN_LEN`/`MAX_LEN` bound the length of any match: a
cheap precheck, since the vote calls `matches_whole` for every recognizer on every distinct value.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

# Presidio's PatternRecognizer default (presidio_analyzer.pattern_recognizer.PatternRecognizer).
PRESIDIO_FLAGS = re.DOTALL | re.MULTILINE | re.IGNORECASE

# Pattern scores below this propose shapes that only a header (or context) may confirm.
HEADER_ONLY_BELOW = 0.3
# Presidio's EntityRecognizer.MAX_SCORE: the score of a match whose validator said True.
VALIDATED_SCORE = 1.0


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

    @property
    def needs_header(self) -> bool:
        """A plausible shape only: count it when a header or context confirms the entity."""
        return self.score < HEADER_ONLY_BELOW


class Recognizer:
    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]]
    FLAGS: ClassVar[int] = PRESIDIO_FLAGS
    NEEDS_HEADER: ClassVar[bool] = False
    MIN_LEN: ClassVar[int] = 1
    MAX_LEN: ClassVar[int] = sys.maxsize

    def __init__(self, supported_language: str = "zh") -> None:
        self.supported_language = supported_language

    @cached_property
    def compiled(self) -> tuple[tuple[Pattern, re.Pattern[str]], ...]:
        return tuple((p, re.compile(p.regex, self.FLAGS)) for p in self.PATTERNS)

    def validate_result(self, pattern_text: str) -> bool | None:
        """True: the value decides; None: plausible, needs a header (keeps the low pattern score); False: drop."""
        return None

    def validate_many(self, texts: Sequence[str]) -> list[bool | None]:
        """validate_result of each text, in order (a batch: overridden where a vectorised form is measurably faster).

        The column vote validates a column's distinct values together; an override must answer
        exactly as the loop does for any strings (`tests/classifiers/test_validate_many.py`), and
        reads "today" once per batch where `validate_result` reads it per value.
        """
        return [self.validate_result(t) for t in texts]

    def find(self, text: str) -> list[Found]:
        """Every validated match in `text`, scored and de-duplicated as Presidio does.

        A match the validator confirms scores 1.0, one it has no opinion on keeps its pattern's
        score; a match inside another of equal or higher score is dropped
        (`EntityRecognizer.remove_duplicates`).
        """
        if len(text) < self.MIN_LEN:
            return []
        found = []
        for pattern, regex in self.compiled:
            for m in regex.finditer(text):
                if m.end() == m.start():
                    continue
                verdict = self.validate_result(m.group())
                if verdict is False:
                    continue
                score = VALIDATED_SCORE if verdict else pattern.score
                found.append(Found(self.ENTITY, m.start(), m.end(), score))
        return without_contained(found)

    def whole_score(self, text: str) -> float:
        """The score of the whole (stripped) cell as one match: 1.0, a low shape score, or 0.0."""
        if not self.MIN_LEN <= len(text) <= self.MAX_LEN:
            return 0.0
        best, verdict, judged = 0.0, None, False
        for pattern, regex in self.compiled:
            if regex.fullmatch(text) is None:
                continue
            if not judged:
                verdict, judged = self.validate_result(text), True
            if verdict is False:
                return 0.0
            if verdict:
                return VALIDATED_SCORE
            best = max(best, pattern.score)
        return best

    def matches_whole(self, text: str, *, hinted: bool = False) -> bool:
        """Whether the whole (stripped) cell is this entity: the common case in tables.

        Without a hinting header only values that decide alone count; with one (`hinted=True`)
        plausible shapes count too.
        """
        score = self.whole_score(text)
        return score >= HEADER_ONLY_BELOW or (hinted and score > 0)


def without_contained(found: list[Found]) -> list[Found]:
    """Drop a match lying inside another of the same entity with an equal or higher score."""
    ordered = sorted(set(found), key=lambda f: (f.entity, f.start, -(f.end - f.start), -f.score))
    kept: list[Found] = []
    for f in ordered:
        if not any(
            k.entity == f.entity and k.start <= f.start and f.end <= k.end and f.score <= k.score
            for k in kept
        ):
            kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end, f.entity))
