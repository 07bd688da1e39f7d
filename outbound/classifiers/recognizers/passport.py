"""Passport numbers: the mainland and SAR formats by value, foreign formats by header only."""

from __future__ import annotations

import re

from outbound.classifiers.recognizers.base import Pattern, Recognizer
from outbound.classifiers.recognizers.boundaries import NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM, SERIAL_LETTER

# Mainland and SAR passports, as issued (formats published by the exit-entry administration):
#   E + 8 digits (ordinary e-passport, 2012-2017), E + letter other than I/O + 7 digits (since 2017),
#   G + 8 digits (ordinary, pre-2012), DE/SE/PE + 7 digits (diplomatic, service, official ordinary
#   e-passports), K + 8 digits or KJ + 7 digits (Hong Kong SAR), MA/MB + 7 digits (Macao SAR).
_MAINLAND = rf"(?:E[0-9]{{8}}|E[{SERIAL_LETTER}][0-9]{{7}}|G[0-9]{{8}}|[DSP]E[0-9]{{7}}|K[0-9]{{8}}|KJ[0-9]{{7}}|M[AB][0-9]{{7}})"
# Older official passports (D/S/P + 7-8 digits, S.1234567) and 14/15 + 7 digits: a letter and
# seven digits is also the shape of part numbers, so only a header may confirm these.
_OLD_OFFICIAL = r"(?:[DSP]\.?[0-9]{7,8}|1[45][0-9]{7})"
# Foreign passports: 6-9 letters and digits with at least one digit (US 9 digits or a letter and
# 8 digits, UK 9 digits, Japan 2 letters and 7 digits, …): whole cells only, header needed.
_FOREIGN = r"^(?=[A-Z]*[0-9])[A-Z0-9]{6,9}$"
_MAINLAND_RE = re.compile(_MAINLAND, re.IGNORECASE)


class PassportRecognizer(Recognizer):
    """E12345678, EA1234567, G12345678, DE1234567, K12345678, MA1234567 decide by value.

    Needs a header: old official formats (D/S/P + 7-8 digits, 14/15 + 7 digits) and any foreign
    passport (6-9 letters and digits). These patterns score below the header threshold; the foreign
    one only matches a whole cell (a line), never a word inside free text.
    """

    ENTITY = "PASSPORT_NUMBER"
    PATTERNS = [
        Pattern("passport-cn", NOT_AFTER_ALNUM + _MAINLAND + NOT_BEFORE_ALNUM, 0.4),
        Pattern("passport-cn-old-official", NOT_AFTER_ALNUM + _OLD_OFFICIAL + NOT_BEFORE_ALNUM, 0.15),
        Pattern("passport-foreign", _FOREIGN, 0.1),
    ]
    CONTEXT = ["护照", "护照号", "护照号码", "passport", "passport no", "hzhm"]
    MIN_LEN, MAX_LEN = 6, 10

    def validate_result(self, pattern_text: str) -> bool | None:
        text = pattern_text.strip()
        if _MAINLAND_RE.fullmatch(text):
            return True
        if len(set(text)) == 1:  # 000000000 and the like
            return False
        return None
