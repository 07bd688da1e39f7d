"""A Presidio recognizer pack for mainland China, and the free-text analyzer built on it.

Presidio and OpenMetadata users have no mainland-China recognizers. `register(analyzer)` adds
ours — resident ID (GB 11643 check digit), USCC (GB 32100), bank card (Luhn), mobile, landline,
passport, HK/Macao and Taiwan permits, licence plate, address, person name, date of birth, health
terms, device IDs, coordinates, IP, e-mail — to any `presidio_analyzer.AnalyzerEngine`, each a
genuine `PatternRecognizer` whose regex proposes and whose validator decides, with Chinese and
English context words::

    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from outbound.classifiers.presidio import nlp_engine, register
    engine, registry = nlp_engine(), RecognizerRegistry(supported_languages=["zh"])
    registry.add_nlp_recognizer(nlp_engine=engine)  # a registry left empty gets Presidio's predefined set
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["zh"])
    register(analyzer)
    analyzer.analyze("已与张伟确认，手机13812345678", language="zh")

`nlp_engine()` is Presidio's `SpacyNlpEngine` on the spaCy `zh` pipeline outbound builds from its
own data (`pipeline.py`): nothing is downloaded. Presidio is imported inside functions only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, PatternRecognizer
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

__all__ = ["ENGLISH_CONTEXT", "NER_ENTITIES", "nlp_engine", "recognizers", "register"]

# English context words added to each recognizer's own (mostly Chinese) CONTEXT.
ENGLISH_CONTEXT: dict[str, tuple[str, ...]] = {
    "CN_RESIDENT_ID": ("id card", "id no", "id number", "national id", "resident id", "identity"),
    "CN_USCC": ("credit code", "tax id", "uscc"),
    "CN_MOBILE": ("mobile", "cell", "phone", "tel", "call"),
    "PHONE_NUMBER": ("phone", "tel", "telephone", "landline", "fax"),
    "EMAIL_ADDRESS": ("email", "e-mail", "mail"),
    "BANK_CARD": ("card", "account", "bank"),
    "PASSPORT_NUMBER": ("passport",),
    "HK_MACAO_PERMIT": ("permit", "home return", "hong kong", "macao", "macau"),
    "TAIWAN_PERMIT": ("permit", "taiwan", "mtp"),
    "LICENSE_PLATE": ("plate", "licence plate", "license plate", "vehicle"),
    "DATE_OF_BIRTH": ("birth", "born", "birthday", "dob"),
    "HEALTH_INFO": ("diagnosis", "disease", "allergy", "medical", "patient"),
    "PERSON_NAME": ("name", "contact", "mr", "ms", "mrs"),
    "ADDRESS": ("address", "addr", "deliver to", "ship to"),
    "DEVICE_ID": ("imei", "mac", "device"),
    "IP_ADDRESS": ("ip", "ip address"),
    "GEO_COORDINATE": ("gps", "latitude", "longitude", "location"),
}
# spaCy labels of the shipped pipeline -> our entities (Presidio's SpacyRecognizer maps with it).
NER_ENTITIES = {"PERSON": "PERSON_NAME", "ADDRESS": "ADDRESS"}


def recognizers(language: str = "zh") -> list[PatternRecognizer]:
    """Our recognizers as Presidio `PatternRecognizer`s for `language`, with zh and en context."""
    from outbound.classifiers.engine import presidio_recognizer
    from outbound.classifiers.recognizers import RECOGNIZERS

    out = []
    for cls in RECOGNIZERS:
        recognizer = presidio_recognizer(cls(supported_language=language))
        extra = [w for w in ENGLISH_CONTEXT.get(cls.ENTITY, ()) if w not in recognizer.context]
        recognizer.context = [*recognizer.context, *extra]
        out.append(recognizer)
    return out


def register(analyzer: AnalyzerEngine, languages: list[str] | None = None) -> list[str]:
    """Add the mainland-China recognizers to `analyzer`'s registry (for each of its languages, or
    `languages`); returns the names added. Any AnalyzerEngine will do; no network is used."""
    added = []
    for language in languages or list(analyzer.supported_languages):
        for recognizer in recognizers(language):
            analyzer.registry.add_recognizer(recognizer)
            added.append(str(recognizer.name))  # type: ignore[has-type]  # set in EntityRecognizer.__init__
    return added


def nlp_engine() -> SpacyNlpEngine:
    """Presidio's SpacyNlpEngine on the shipped `zh` pipeline, loaded (built on first use)."""
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

    from outbound.classifiers.presidio.pipeline import load, pipeline_path

    config = NerModelConfiguration(model_to_presidio_entity_mapping=dict(NER_ENTITIES), labels_to_ignore=[],
                                   low_score_entity_names=[])
    engine = SpacyNlpEngine(models=[{"lang_code": "zh", "model_name": str(pipeline_path())}],
                            ner_model_configuration=config)
    engine.nlp = {"zh": load()}  # type: ignore[assignment]  # the same as engine.load(), loaded once per process
    return engine
