"""Health information (医疗健康信息): diagnoses, conditions, allergies, medication, medical history.

Sensitive personal information under PIPL Art. 28 and GB/T 45574-2025 (category in rules/).
A value is health information when it holds a term of `data/health_terms.txt` (ICD-10 chapter
terms, common diagnoses, record words such as 过敏史 or 用药) or a Han word formed with a disease
ending (…病, …炎, …癌, …综合征) that is not an ordinary word (毛病). ICD-10 codes (J45.9) are
only a shape: they count under a header that hints at health information.
"""

from __future__ import annotations

import functools
import re

from outbound.classifiers.lexicon import TermSet, entries
from outbound.classifiers.recognizers.base import Pattern, Recognizer

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN_CHAR = re.compile(f"[{HAN}]")
_ICD10 = re.compile(r"[A-TV-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?", re.ASCII)
_EN_ENDINGS = re.compile(r"\b[a-z]{3,}(?:itis|emia|aemia|pathy)\b")
_THREE_LETTERS = re.compile("[a-z]{3}")


@functools.cache
def _zh_terms() -> TermSet:
    return TermSet(entries("health_terms.txt", "chapters") + entries("health_terms.txt", "terms"))


@functools.cache
def _zh_ending() -> re.Pattern[str]:
    endings = "|".join(sorted(entries("health_terms.txt", "suffixes"), key=len, reverse=True))
    return re.compile(f"[{HAN}]{{1,10}}?(?:{endings})(?![{HAN}])")


@functools.cache
def _ending_firsts() -> frozenset[str]:
    """The characters a disease ending starts with: a text holding none has no such word."""
    return frozenset(e[0] for e in entries("health_terms.txt", "suffixes"))


@functools.cache
def _not_diagnoses() -> tuple[str, ...]:
    return entries("health_terms.txt", "not")


@functools.cache
def _en_terms() -> re.Pattern[str]:
    terms = sorted(entries("health_terms.txt", "en"), key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![a-z])")


def is_health_text(text: str) -> bool:
    """True when `text` names a diagnosis, condition, allergy, medication or medical history."""
    if _HAN_CHAR.search(text):
        if _zh_terms().first_in(text):
            return True
        if _ending_firsts().isdisjoint(text):
            return False
        return any(not m.group().endswith(_not_diagnoses()) for m in _zh_ending().finditer(text))
    lower = text.lower()
    if _THREE_LETTERS.search(lower) is None:  # every English term and ending has three letters in a row
        return False
    return bool(_en_terms().search(lower) or _EN_ENDINGS.search(lower))


class HealthInfoRecognizer(Recognizer):
    """高血压, 青霉素过敏, 2型糖尿病, 无过敏史, Type 2 diabetes; J45.9 under a diagnosis header."""

    ENTITY = "HEALTH_INFO"
    PATTERNS = [
        # A clause of Han text (or of Latin words): the validator looks for terms inside it.
        # (Han within the first four characters, "2型糖尿病"; three letters in a row: not a bare code)
        Pattern("health-zh", f"[0-9A-Za-z][0-9A-Za-z. -]{{0,7}}[{HAN}][{HAN}0-9A-Za-z（）()、，,/ ·+.\\-]{{0,60}}|[{HAN}][{HAN}0-9A-Za-z（）()、，,/ ·+.\\-]{{0,60}}", 0.4),
        Pattern("health-en", r"(?<![A-Za-z])(?=[A-Za-z0-9 ,'()/.\-]*?[A-Za-z]{3})[A-Za-z][A-Za-z0-9 ,'()/.\-]{2,60}", 0.4),
        Pattern("icd10", r"(?<![A-Za-z0-9])[A-TV-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?(?![A-Za-z0-9])", 0.1),
    ]
    CONTEXT = ["诊断", "病史", "过敏", "疾病", "diagnosis", "disease", "allergy", "medical"]
    MIN_LEN, MAX_LEN = 2, 120

    def validate_result(self, pattern_text: str) -> bool | None:
        text = pattern_text.strip()
        if _ICD10.fullmatch(text.upper()):
            return None
        return is_health_text(text)
