"""The shared constructor of our recognizers: a class declares ENTITY, PATTERNS and CONTEXT as
constants (the Presidio country-specific style) and only writes `validate_result`."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class DeclaredPatternRecognizer(PatternRecognizer):
    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]]

    def __init__(self, supported_language: str = "zh") -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            supported_language=supported_language,
        )
