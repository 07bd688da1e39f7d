"""Unified social credit codes (GB 32100-2015): organisations, not persons."""

from __future__ import annotations

from outbound.classifiers.recognizers.base import Pattern, Recognizer
from outbound.classifiers.recognizers.boundaries import NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM
from outbound.identifiers.checksums import compact, ric_is_valid, uscc_is_valid

_CHAR = "[0-9A-HJ-NP-RTUWXY]"  # the USCC alphabet: no I, O, Z, S, V


class CnUsccRecognizer(Recognizer):
    """18 characters: authority, kind, region (6 digits), organisation code (8 + check), check.

    Decided by value: a province-level region code, the organisation code's GB 11714 check
    character and the code's MOD 31 check character (about 1 in 1,000 random 18-digit numbers
    passes all three). An all-digit code that is also a valid resident ID is left to CN_RESIDENT_ID
    (the person wins; both checks pass by chance about once in 341 IDs).
    """

    ENTITY = "CN_USCC"
    PATTERNS = [
        Pattern("cn-uscc", NOT_AFTER_ALNUM + f"{_CHAR}{{2}}[0-9]{{6}}{_CHAR}{{10}}" + NOT_BEFORE_ALNUM, 0.4),
    ]
    CONTEXT = ["统一社会信用代码", "信用代码", "社会信用代码", "税号", "纳税人识别号", "uscc", "tyshxydm"]
    MIN_LEN, MAX_LEN = 18, 18

    def validate_result(self, pattern_text: str) -> bool:
        code = compact(pattern_text)
        return uscc_is_valid(code) and not (code.isdigit() and ric_is_valid(code))
