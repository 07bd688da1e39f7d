"""Mainland China mobile numbers (11 digits, 1[3-9]…), with or without the +86 prefix."""

from __future__ import annotations

import re
from collections.abc import Sequence

from outbound.classifiers.recognizers.base import Pattern, Recognizer

# Not inside a longer run of letters/digits (order numbers, IDs), not the local part of an
# e-mail (13812345678@qq.com is an address, which EMAIL_ADDRESS reports), and not the digits
# of a decimal such as 0.13812345678 or 13812345678.00.
_OPEN = r"(?<![0-9A-Za-z_+])(?<![0-9][.])"
_CLOSE = r"(?![0-9A-Za-z_@])(?![.][0-9])"
_PREFIX = r"(?:(?:\+|00)?86[ -]?|[(（]\+?86[)）] ?)?"
_NOT_DIGIT = re.compile(r"[^0-9]")


class CnMobileRecognizer(Recognizer):
    """13812345678, 138-1234-5678, 138 1234 5678, +86 138 1234 5678, 0086-13812345678, (+86)13812345678.

    Decided by value: the 11 digits after an optional country code start with 13-19. Landlines
    and foreign numbers are PHONE_NUMBER's.
    """

    ENTITY = "CN_MOBILE"
    PATTERNS = [
        Pattern("cn-mobile", _OPEN + _PREFIX + r"1[3-9][0-9]{9}" + _CLOSE, 0.4),
        Pattern("cn-mobile-grouped", _OPEN + _PREFIX + r"1[3-9][0-9]([ -])[0-9]{4}\1[0-9]{4}" + _CLOSE, 0.4),
    ]
    CONTEXT = ["手机", "手机号", "电话", "联系方式", "mobile", "phone", "tel"]
    MIN_LEN, MAX_LEN = 11, 20

    def validate_result(self, pattern_text: str) -> bool:
        digits = _NOT_DIGIT.sub("", pattern_text)
        for prefix in ("0086", "86"):
            if len(digits) == 11 + len(prefix) and digits.startswith(prefix):
                digits = digits[len(prefix) :]
        return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"

    def validate_many(self, texts: Sequence[str]) -> list[bool | None]:
        """Eleven plain ASCII digits without the regex that strips separators; the rest one by one.
        Measured (bench/distinct.py values, timeit): 0.6 -> 0.4 µs per value."""
        validate = self.validate_result
        return [
            t[0] == "1" and t[1] in "3456789" if len(t) == 11 and t.isascii() and t.isdigit() else validate(t)
            for t in texts
        ]
