"""One recognizer per file; `RECOGNIZERS` is the explicit list the column vote and the Presidio engine load."""

from __future__ import annotations

from typing import Protocol

from outbound.classifiers.recognizers.bank_card import BankCardRecognizer
from outbound.classifiers.recognizers.base import Recognizer
from outbound.classifiers.recognizers.cn_mobile import CnMobileRecognizer
from outbound.classifiers.recognizers.cn_resident_id import CnResidentIdRecognizer
from outbound.classifiers.recognizers.email import EmailRecognizer


class RecognizerClass(Protocol):
    """What the engine needs from a recognizer class: its entity, and a constructor by language."""

    ENTITY: str

    def __call__(self, supported_language: str = ...) -> Recognizer: ...


RECOGNIZERS: tuple[RecognizerClass, ...] = (
    CnResidentIdRecognizer,
    CnMobileRecognizer,
    EmailRecognizer,
    BankCardRecognizer,
)

__all__ = [
    "RECOGNIZERS",
    "RecognizerClass",
    "BankCardRecognizer",
    "CnMobileRecognizer",
    "CnResidentIdRecognizer",
    "EmailRecognizer",
]
