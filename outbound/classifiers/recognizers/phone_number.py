"""Landlines and foreign phone numbers, decided by libphonenumber; mainland mobiles are CN_MOBILE's."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberType

from outbound.classifiers.recognizers.base import Pattern, Recognizer

_OPEN = r"(?<![0-9A-Za-z_+])(?<![0-9][./-])"
_CLOSE = r"(?![0-9A-Za-z_])(?![.][0-9])"
_EXT = r"(?: ?(?:转|分机|ext\.?|x|#) ?[0-9]{1,6})?"
_SPLIT_EXT = re.compile(r" ?(?:转|分机|ext\.?|x|#) ?[0-9]{1,6}$", re.IGNORECASE)
_SEPARATED = re.compile(r"[ ().（）-]")
# Service numbers (400/800 hotlines, premium lines) belong to businesses, not to persons.
_NOT_PERSONAL = frozenset(
    {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
        PhoneNumberType.VOICEMAIL,
    }
)


class PhoneNumberRecognizer(Recognizer):
    """010-12345678, 0755 8888 1234, (021)12345678, +852 2345 6789, +1 (415) 555-2671, 00852-23456789.

    Decided by value: a "+" country code, or a mainland area code set apart by a separator or
    brackets, and `phonenumbers.is_valid_number`.

    Needs a header: bare digit runs starting with 0 (02112345678 — one 11-digit article number in
    five starting with 0 is also a valid landline) and North-American numbers without a country
    code (415-555-2671); both are proposed with a low score.

    Never: mainland mobiles (CN_MOBILE), hotlines and premium numbers, extensions alone.
    """

    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        Pattern(
            "phone-plus",
            _OPEN + r"\+[1-9][0-9]{0,3}(?:[ .-]?(?:\([0-9]{1,4}\)|[0-9]{1,8})){1,6}" + _EXT + _CLOSE,
            0.4,
        ),
        Pattern(
            "phone-00-grouped",
            _OPEN + r"00[1-9][0-9]{0,3}(?:[ .-](?:\([0-9]{1,4}\)|[0-9]{1,8})){1,6}" + _EXT + _CLOSE,
            0.4,
        ),
        Pattern(
            "phone-cn-area",
            _OPEN + r"(?:[(（]0[0-9]{2,3}[)）] ?|0[0-9]{2,3}[ -])[0-9]{3,4}[ -]?[0-9]{4}" + _EXT + _CLOSE,
            0.4,
        ),
        Pattern("phone-bare", _OPEN + r"0[0-9]{9,13}" + _EXT + _CLOSE, 0.1),
        Pattern(
            "phone-nanp",
            _OPEN + r"(?:1[ .-])?\(?[2-9][0-9]{2}\)?[ .-]?[2-9][0-9]{2}[ .-][0-9]{4}" + _EXT + _CLOSE,
            0.1,
        ),
    ]
    CONTEXT = ["电话", "固话", "座机", "联系电话", "phone", "tel", "telephone", "fax"]
    MIN_LEN, MAX_LEN = 9, 40

    def validate_result(self, pattern_text: str) -> bool | None:
        number = _SPLIT_EXT.sub("", pattern_text.strip())
        plus = number.startswith("+")
        national = number.lstrip("(（").startswith("0")
        try:
            parsed = phonenumbers.parse(number, "CN" if plus or national else "US")
        except phonenumbers.NumberParseException:
            return False
        # number_type is UNKNOWN exactly when is_valid_number is False (both match the number
        # against its region's metadata): one pass instead of two, a third of this validator's cost
        kind = phonenumbers.number_type(parsed)
        if kind == PhoneNumberType.UNKNOWN:
            return False
        if kind in _NOT_PERSONAL or (parsed.country_code == 86 and kind == PhoneNumberType.MOBILE):
            return False
        if plus or (national and _SEPARATED.search(number)):
            return True
        return None
