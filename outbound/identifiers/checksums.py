"""Check digits of the identifiers the recognizers decide on, in the shape of python-stdnum.

Tiny pure functions: `compact` normalises, `calc_check_digit` computes, `validate` raises one
exception per failure kind, `is_valid` answers yes or no. stdnum itself is only a test oracle:
its `cn.ric` rejects region codes missing from its table (tables age; real IDs must not vanish)
and can raise KeyError on some inputs.
"""

from __future__ import annotations

import datetime as dt

# GB 11643-1999 §6.2: weight of position i (1-based, left to right) is 2**(18-i) mod 11.
RIC_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
RIC_CHECK = "10X98765432"  # check character for (weighted sum mod 11) = 0..10
RIC_EARLIEST = dt.date(1900, 1, 1)
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
    total = sum(int(d) * w for d, w in zip(first17, RIC_WEIGHTS, strict=True))
    return RIC_CHECK[total % 11]


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
    if not RIC_EARLIEST <= born <= (today or dt.date.today()):
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


def ric15_plausible(value: str) -> bool:
    """True for 15 digits readable as a first-generation resident ID (GB 11643-1989).

    Region (6, province 1x-6x), birth date YYMMDD in the 1900s, sequence (3); there is no check
    digit, so this is a shape, not a proof. Card and IMEI validators use it to step aside.
    """
    if len(value) != 15 or not value.isascii() or not value.isdigit() or value[0] not in "123456":
        return False
    try:
        dt.date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    except ValueError:
        return False
    return True


# GB 32100-2015: 18 characters from this alphabet (no I, O, Z, S, V); weight of position i is 3**i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
# GB 11714-1997: the organisation code (positions 9-17) carries its own MOD 11 check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Province-level part of the GB/T 2260 region code (positions 3-4): unchanged since 1997, unlike the
# county codes that follow it. "10" is the national level (central registrations, 100000).
_PROVINCES = frozenset(
    [
        "10",
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)


def uscc_check_char(first17: str) -> str:
    """The MOD 31 check character of a unified social credit code (GB 32100-2015 §5)."""
    if len(first17) != 17 or any(c not in _USCC_VALUE for c in first17):
        raise InvalidFormat("expected 17 characters of the USCC alphabet")
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[-total % 31]


def org_code_check_char(first8: str) -> str:
    """The MOD 11 check character of an organisation code (GB 11714; letters count 10-35)."""
    if len(first8) != 8 or not first8.isascii() or not first8.isalnum():
        raise InvalidFormat("expected 8 letters or digits")
    total = sum(int(c, 36) * w for c, w in zip(first8.upper(), _ORG_WEIGHTS, strict=True))
    return "0123456789X0"[11 - total % 11]


def uscc_validate(value: str) -> str:
    """The compacted code, or an exception naming why it is not a unified social credit code.

    Registration-authority and county tables are not consulted (tables age); the province-level
    part of the region code is, and both check characters must hold: the organisation code's
    (GB 11714) and the code's own (GB 32100).
    """
    code = compact(value)
    if len(code) != 18:
        raise InvalidLength(f"expected 18 characters, got {len(code)}")
    if any(c not in _USCC_VALUE for c in code) or not code[2:8].isdigit():
        raise InvalidFormat("expected the USCC alphabet with a 6-digit region code in positions 3-8")
    if code[2:4] not in _PROVINCES:
        raise InvalidComponent("region code does not start with a province-level code")
    if code[16] != org_code_check_char(code[8:16]):
        raise InvalidChecksum("organisation code check character (GB 11714) does not match")
    if code[17] != uscc_check_char(code[:17]):
        raise InvalidChecksum("MOD 31 check character does not match")
    return code


def uscc_is_valid(value: str) -> bool:
    """True for an 18-character unified social credit code whose two check characters hold."""
    try:
        uscc_validate(value)
    except ChecksumError:
        return False
    return True
