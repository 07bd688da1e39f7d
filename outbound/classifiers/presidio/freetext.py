"""Free text through Presidio: an `AnalyzerEngine` on the shipped spaCy `zh` pipeline.

The analyzer holds our recognizers (`register`) and Presidio's `SpacyRecognizer` for the
pipeline's PERSON and ADDRESS entities; context words (Chinese and English, on jieba words)
raise a low-scoring shape's score through Presidio's `LemmaContextAwareEnhancer`. Spans found are
masked with presidio-anonymizer for the evidence (`masked_evidence`): the entity's placeholder
where it was, stars elsewhere — no raw character of the text is kept.

Which entities the column vote takes from here rather than from its own fast path is measured
(`bench/freetext.py`, docs/classification.md) and named in `PRESIDIO_ENTITIES`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from outbound.classifiers.recognizers.base import Found

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, RecognizerResult

LANGUAGE = "zh"
# Entities the free-text vote takes from Presidio with the spaCy pipeline: where it measured better
# than the fast path on generated remarks (docs/classification.md "Free text").
PRESIDIO_ENTITIES = frozenset({"PERSON_NAME"})
_PLACEHOLDER = re.compile(r"<[A-Z_]+>")
_KEEP = re.compile(r"[\s,;，；、。:：|!?！？()（）]")


@functools.cache
def _engine() -> Any:
    from outbound.classifiers.presidio import nlp_engine

    return nlp_engine()


@functools.cache
def analyzer(with_pack: bool = True) -> AnalyzerEngine:
    """The process-wide free-text analyzer (1-2 s to build: Presidio, spaCy and jieba load): the
    spaCy pipeline's recognizer, and with `with_pack` our recognizers too. The vote uses it
    without them for `PRESIDIO_ENTITIES`: it has already run their patterns on the text."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    from outbound.classifiers.presidio import NER_ENTITIES, register

    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    registry.add_recognizer(SpacyRecognizer(supported_language=LANGUAGE, supported_entities=sorted(set(NER_ENTITIES.values()))))
    engine = AnalyzerEngine(nlp_engine=_engine(), registry=registry, supported_languages=[LANGUAGE])
    if with_pack:
        register(engine)
    return engine


def analyze(text: str, entities: Collection[str] | None = None, *, with_pack: bool = True) -> list[RecognizerResult]:
    """Presidio's results for `text` (all entities, or `entities`)."""
    return analyzer(with_pack).analyze(text, language=LANGUAGE, entities=sorted(entities) if entities else None)


def find(text: str, entities: Collection[str] | None = None) -> list[Found]:
    """`analyze` as the vote's `Found` records (a score below HEADER_ONLY_BELOW needs a header)."""
    return [Found(r.entity_type, r.start, r.end, r.score) for r in analyze(text, entities)]


def masked_evidence(text: str, results: Sequence[RecognizerResult]) -> str:
    """`text` with each found span replaced by `<ENTITY>` (presidio-anonymizer) and every other
    character but punctuation and spaces starred: the shape of the evidence, no raw value."""
    from presidio_anonymizer.entities import OperatorConfig

    replaced = _anonymizer().anonymize(text=text, analyzer_results=list(results),  # type: ignore[arg-type]
                                       operators={"DEFAULT": OperatorConfig("replace")}).text
    out, last = [], 0
    for m in _PLACEHOLDER.finditer(replaced):
        out.append(_star(replaced[last : m.start()]))
        out.append(m.group())
        last = m.end()
    out.append(_star(replaced[last:]))
    return "".join(out)


def _star(segment: str) -> str:
    return "".join(c if _KEEP.fullmatch(c) else "*" for c in segment)


@functools.cache
def _anonymizer() -> Any:
    from presidio_anonymizer import AnonymizerEngine

    return AnonymizerEngine()
