"""PhoneNumberRecognizer asks libphonenumber for a number's type only, reading UNKNOWN as invalid
(one metadata pass instead of two): pinned here against `is_valid_number` in case a release of
phonenumbers parts the two."""

from __future__ import annotations

import random

import phonenumbers
from phonenumbers import PhoneNumberType


def _numbers() -> list[str]:
    rng = random.Random(4)
    out = [f"+{rng.randint(1, 999)} {rng.randint(10**5, 10**11)}" for _ in range(600)]
    out += [f"0{rng.randint(10**8, 10**12)}" for _ in range(600)]
    out += [f"0{rng.choice(['10', '21', '755', '571'])}-{rng.randint(10**6, 10**8 - 1)}" for _ in range(300)]
    return out + ["+852 2345 6789", "+1 (415) 555-2671", "400-123-4567", "+86 138 1234 5678"]


def test_when_libphonenumber_says_unknown_type_then_it_also_says_invalid() -> None:
    checked = valid = 0
    for text in _numbers():
        for region in ("CN", "US"):
            try:
                number = phonenumbers.parse(text, region)
            except phonenumbers.NumberParseException:
                continue
            checked += 1
            valid += phonenumbers.is_valid_number(number)
            assert phonenumbers.is_valid_number(number) == (phonenumbers.number_type(number) != PhoneNumberType.UNKNOWN), text
    assert checked > 2000 and 100 < valid < checked  # both answers were met
