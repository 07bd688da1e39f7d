"""The Presidio analyzer, built once per process, offline.

Presidio's default AnalyzerEngine() loads (and tries to download) a spaCy model and registers
recognizers that fetch data over the network. Ours runs on the no-op NLP engine with exactly the
recognizers in `recognizers.RECOGNIZERS`. Presidio is imported here, inside functions, so that
importing `outbound.classifiers` stays cheap for stages that only need the records.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, PatternRecognizer

    from outbound.classifiers.recognizers.base import Recognizer

LANGUAGE = "zh"


@functools.cache
def analyzer() -> AnalyzerEngine:
    """The process-wide analyzer with our recognizers and no NLP model."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    from outbound.classifiers.recognizers import RECOGNIZERS

    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in RECOGNIZERS:
        registry.add_recognizer(presidio_recognizer(recognizer(supported_language=LANGUAGE)))
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "none"}])
    return AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=[LANGUAGE])


def presidio_recognizer(recognizer: Recognizer) -> PatternRecognizer:
    """A genuine Presidio PatternRecognizer with the recognizer's patterns, context and validator."""
    from presidio_analyzer import Pattern, PatternRecognizer

    class Adapter(PatternRecognizer):
        def validate_result(self, pattern_text: str) -> bool | None:
            return recognizer.validate_result(pattern_text)

    # Presidio finds predefined recognizers by class name: "EmailRecognizer" would shadow its own
    Adapter.__name__ = Adapter.__qualname__ = f"Outbound{type(recognizer).__name__}"
    return Adapter(
        supported_entity=recognizer.ENTITY,
        name=type(recognizer).__name__,
        patterns=[Pattern(p.name, p.regex, p.score) for p in recognizer.PATTERNS],
        context=list(recognizer.CONTEXT),
        supported_language=recognizer.supported_language,
        global_regex_flags=recognizer.FLAGS,
    )


@functools.cache
def recognized_entities() -> frozenset[str]:
    """Entities some recognizer can find; the others are only checked by shape under a header hint."""
    from outbound.classifiers.recognizers import RECOGNIZERS

    return frozenset(r.ENTITY for r in RECOGNIZERS)
