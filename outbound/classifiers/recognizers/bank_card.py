"""Payment card numbers (UnionPay 62…, Visa 4…, Mastercard 5…, 3… schemes), Luhn-checked."""

from __future__ import annotations

import re

from outbound.classifiers.checksums import luhn_is_valid
from outbound.classifiers.recognizers.base import Pattern, Recognizer

# Same guards as the mobile recognizer: not inside longer alphanumeric runs or decimals.
_OPEN = r"(?<![0-9A-Za-z_])(?<!\d\.)"
_CLOSE = r"(?![0-9A-Za-z_])(?!\.\d)"
_NORMALISE = re.compile(r"[ -]")


class BankCardRecognizer(Recognizer):
    """16-19 digits, plain or in groups of four separated by one kind of space or hyphen.

    15-digit American Express numbers are left out on purpose: 15-digit first-generation
    resident IDs and order numbers would pass the Luhn check one time in ten.
    """

    ENTITY = "BANK_CARD"
    PATTERNS = [
        Pattern("card", _OPEN + r"[3-6]\d{15,18}" + _CLOSE, 0.2),
        Pattern("card-grouped", _OPEN + r"[3-6]\d{3}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?" + _CLOSE, 0.3),
    ]
    CONTEXT = ["银行卡", "卡号", "银行账号", "card", "account"]

    def validate_result(self, pattern_text: str) -> bool:
        digits = _NORMALISE.sub("", pattern_text)
        return (
            16 <= len(digits) <= 19
            and digits[0] in "3456"
            and len(set(digits)) > 1  # 4444…4 style fillers pass Luhn by accident
            and luhn_is_valid(digits)
        )
