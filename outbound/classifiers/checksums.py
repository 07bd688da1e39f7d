"""Check digits of the identifiers the recognizers decide on, in the shape of python-stdnum.

Tiny pure functions: `compact` normalises, `calc_check_digit` computes, `validate` raises one
exception per failure kind, `is_valid` answers yes or no. stdnum itself is only a test oracle:
its `cn.ric` rejects region codes missing from its table (tables age; real IDs must not vanish)
and can raise KeyError on some inputs.
"""

from __future__ import annotations

import datetime as dt

# GB 11643-1999 §6.2: weight of position i (1-based, left to right) is 2**(18-i) mod 11.
_RIC_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_RIC_CHECK = "10X98765432"  # check character for (weighted sum mod 11) = 0..10
_RIC_EARLIEST = dt.date(1900, 1, 1)
_SEPARATORS = str.maketrans("", "", " -\u3000")


class ChecksumError(ValueError):
    """Base of the validation failures below; the message names the failure kind."""


class InvalidLength(ChecksumError):
    pass


class InvalidFormat(ChecksumError):
    pass


class InvalidComponent(ChecksumError):
    pass


class InvalidChecksum(ChecksumError):
    pass


def compact(value: str) -> str:
    """Drop spaces and hyphens, upper-case the trailing x."""
    return value.translate(_SEPARATORS).strip().upper()


def ric_check_digit(first17: str) -> str:
    """The MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits of a resident ID."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise InvalidFormat(f"expected 17 digits, got {len(first17)} characters")
    total = sum(int(d) * w for d, w in zip(first17, _RIC_WEIGHTS, strict=True))
    return _RIC_CHECK[total % 11]


def ric_birth_date(value: str) -> dt.date:
    """The birth date coded in positions 7-14 of a compacted 18-character ID."""
    digits = value[6:14]
    if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
        raise InvalidFormat("birth date is not 8 digits")
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError as exc:
        raise InvalidComponent(f"birth date is not a calendar date ({exc})") from exc


def ric_validate(value: str, *, today: dt.date | None = None) -> str:
    """The compacted ID, or an exception naming why it is not a resident ID.

    Unknown region codes are accepted on purpose (see the module docstring).
    """
    number = compact(value)
    if len(number) != 18:
        raise InvalidLength(f"expected 18 characters, got {len(number)}")
    body = number[:17]
    if not body.isascii() or not body.isdigit() or number[17] not in "0123456789X":
        raise InvalidFormat("expected 17 digits and a digit or X")
    if number[0] == "0":
        raise InvalidComponent("region code cannot start with 0")
    born = ric_birth_date(number)
    if not _RIC_EARLIEST <= born <= (today or dt.date.today()):
        raise InvalidComponent("birth date outside 1900-01-01..today")
    if number[17] != ric_check_digit(body):
        raise InvalidChecksum("MOD 11-2 check character does not match")
    return number


def ric_is_valid(value: str, *, today: dt.date | None = None) -> bool:
    """True for an 18-character resident ID with a real birth date and a matching check character."""
    try:
        ric_validate(value, today=today)
    except ChecksumError:
        return False
    return True


def luhn_checksum(digits: str) -> int:
    """The Luhn sum mod 10 over `digits`; 0 for a valid number."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10


def luhn_check_digit(payload: str) -> str:
    """The digit that, appended to `payload`, makes it Luhn-valid."""
    return str(-luhn_checksum(payload + "0") % 10)


def luhn_is_valid(digits: str) -> bool:
    """True when `digits` is a non-empty run of ASCII digits passing the Luhn check."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    return luhn_checksum(digits) == 0
