"""Fictional identifiers with real check digits, and decoys that only look like identifiers.

Check-digit functions are pure; the `make_*` helpers take the caller's seeded `random.Random`
so a whole zone is reproducible from one seed. Nothing here is a real person's number.
"""

from __future__ import annotations

import datetime as dt
import random

# (region code, first birth year python-stdnum's cn/loc table accepts it for). Only codes that
# exist in stdnum's table, so `stdnum.cn.ric.is_valid` holds as well as the bare checksum.
RIC_REGIONS: tuple[tuple[str, int], ...] = (
    ("110105", 0), ("110108", 0), ("120101", 0), ("310101", 0), ("310104", 0),
    ("310112", 1981), ("310115", 1992), ("320106", 1983), ("330106", 1983),
    ("440106", 1985), ("440305", 1990), ("510107", 1990),
)  # fmt: skip
RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RIC_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714, digits 9–17 of a USCC

# Mainland mobile prefixes that libphonenumber accepts as valid CN mobiles.
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "166", "173", "176", "177", "178", "180",
    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
)  # fmt: skip
UNIONPAY_BINS = ("622202", "622848", "621700", "622588", "621483", "622262", "621226", "623058")
CARD_LENGTHS = (16, 16, 16, 17, 18, 19, 19)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def ric_check_digit(first17: str) -> str:
    """GB 11643 MOD 11-2 check character for the first 17 digits of a resident ID."""
    total = sum(int(c) * w for c, w in zip(first17, RIC_WEIGHTS, strict=True))
    return RIC_CHECK[total % 11]


def make_resident_id(rng: random.Random, birth: dt.date) -> str:
    """Region (valid for the birth year) + yyyymmdd + 3-digit sequence + check character."""
    region = rng.choice([code for code, since in RIC_REGIONS if since <= birth.year])
    first17 = f"{region}{birth:%Y%m%d}{rng.randint(1, 999):03d}"
    return first17 + ric_check_digit(first17)


def make_ric_decoy(rng: random.Random, prefix6: str, day: dt.date, seq: int) -> str:
    """An 18-digit order number shaped like a resident ID whose last digit is never the check."""
    first17 = f"{prefix6}{day:%Y%m%d}{seq % 1000:03d}"
    right = ric_check_digit(first17)
    return first17 + rng.choice([d for d in "0123456789" if d != right])


def make_mobile(rng: random.Random) -> str:
    """Mainland mobile: a valid 3-digit prefix and 8 more digits (11 in all)."""
    return rng.choice(MOBILE_PREFIXES) + _digits(rng, 8)


def luhn_check_digit(body: str) -> str:
    """The digit that makes `body + digit` pass the Luhn test."""
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def make_bank_card(rng: random.Random) -> str:
    """A Luhn-valid UnionPay-style card number (62…, 16 to 19 digits)."""
    length = rng.choice(CARD_LENGTHS)
    body = rng.choice(UNIONPAY_BINS) + _digits(rng, length - 7)
    return body + luhn_check_digit(body)


def make_passport(rng: random.Random) -> str:
    """E + 8 digits, the shape of a PRC ordinary e-passport number."""
    return "E" + _digits(rng, 8)


def org_code_check_char(body8: str) -> str:
    """GB 11714 organisation-code check character (MOD 11; 10 -> X, 11 -> 0)."""
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character: 31 - (weighted sum mod 31), with 31 written as 0."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def make_uscc(region6: str, org_body8: str, *, authority: str = "9", entity_type: str = "1") -> str:
    """USCC: authority, entity type, region, organisation code (with its own check), check."""
    if len(org_body8) != 8 or any(c not in USCC_ALPHABET for c in org_body8):
        raise ValueError(f"organisation code body {org_body8!r}: need 8 chars from {USCC_ALPHABET}")
    first17 = f"{authority}{entity_type}{region6}{org_body8}{org_code_check_char(org_body8)}"
    return first17 + uscc_check_char(first17)


def imo_check_digit(first6: str) -> str:
    """IMO ship number check: digits weighted 7..2, sum mod 10."""
    return str(sum(int(c) * w for c, w in zip(first6, range(7, 1, -1), strict=True)) % 10)


def make_imo(rng: random.Random) -> int:
    """A 7-digit IMO number with a valid check digit (a decoy for 7-digit identifiers)."""
    first6 = str(rng.randint(9_100_00, 9_899_99))
    return int(first6 + imo_check_digit(first6))


def make_mmsi(rng: random.Random) -> int:
    """A 9-digit ship MMSI with a Chinese maritime identification digit prefix (412–414)."""
    return int(rng.choice(("412", "413", "414")) + _digits(rng, 6))
