"""Resident identity card number of the PRC (GB 11643-1999), and the first-generation 15-digit form."""

from __future__ import annotations

from outbound.classifiers.recognizers.base import Pattern, Recognizer
from outbound.classifiers.recognizers.boundaries import OPEN
from outbound.identifiers.checksums import compact, ric15_plausible, ric_is_valid

# Not glued to a longer run of letters or digits; `\b` does not fire between Han and digits.
_CLOSE = r"(?![0-9A-Za-z_])"


class CnResidentIdRecognizer(Recognizer):
    """Region(6) birth date(8) sequence(3) check(1, MOD 11-2), optionally written 6-8-4.

    Decided by value: the birth date must be a real date from 1900-01-01 to today and the check
    character must match. Region codes are not used to reject: tables age, real IDs must not vanish.

    Needs a header: 15-digit first-generation IDs (GB 11643-1989, no check digit; region, YYMMDD,
    sequence) are only a shape, proposed with a low score.
    """

    ENTITY = "CN_RESIDENT_ID"
    PATTERNS = [
        Pattern("cn-ric", OPEN + r"[1-9][0-9]{5}(?:19|20)[0-9]{9}[0-9X]" + _CLOSE, 0.4),
        Pattern(
            "cn-ric-grouped", OPEN + r"[1-9][0-9]{5}([ -])(?:19|20)[0-9]{6}\1[0-9]{3}[0-9X]" + _CLOSE, 0.4
        ),
        Pattern("cn-ric-15", OPEN + r"[1-6][0-9]{14}" + _CLOSE, 0.1),
    ]
    CONTEXT = ["身份证", "身份证号", "证件号码", "公民身份号码", "sfzh", "id card"]
    MIN_LEN, MAX_LEN = 15, 20

    def validate_result(self, pattern_text: str) -> bool | None:
        number = compact(pattern_text)
        if len(number) == 15:
            return None if ric15_plausible(number) else False
        return ric_is_valid(number)
