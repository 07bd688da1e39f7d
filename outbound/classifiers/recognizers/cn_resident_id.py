"""Resident identity card number of the PRC (GB 11643-1999)."""

from __future__ import annotations

from outbound.classifiers.checksums import ric_is_valid
from outbound.classifiers.recognizers.base import Pattern, Recognizer

# Not glued to a longer run of letters or digits; `\b` does not fire between Han and digits.
_OPEN = r"(?<![0-9A-Za-z])"
_CLOSE = r"(?![0-9A-Za-z])"


class CnResidentIdRecognizer(Recognizer):
    """Region(6) birth date(8) sequence(3) check(1, MOD 11-2), optionally written 6-8-4.

    Region codes are not used to reject: tables age, real IDs must not vanish. The regex only
    proposes; `validate_result` decides with the birth date and the check character.
    """

    ENTITY = "CN_RESIDENT_ID"
    PATTERNS = [
        Pattern("cn-ric", _OPEN + r"[1-9]\d{5}(?:19|20)\d{9}[\dXx]" + _CLOSE, 0.3),
        Pattern("cn-ric-grouped", _OPEN + r"[1-9]\d{5}[ -](?:19|20)\d{6}[ -]\d{3}[\dXx]" + _CLOSE, 0.3),
    ]
    CONTEXT = ["身份证", "身份证号", "证件号码", "公民身份号码", "sfzh", "id card"]

    def validate_result(self, pattern_text: str) -> bool:
        return ric_is_valid(pattern_text)
