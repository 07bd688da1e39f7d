"""Fictional cell values for the classifier tests: valid identifiers and look-alike decoys.

Check digits come from the product's checksums and are cross-checked against python-stdnum in
the generators themselves, so a wrong fixture fails loudly instead of passing a wrong test.
Every generator takes a seeded `random.Random`; nothing here is a real person's number.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

import stdnum.cn.ric
import stdnum.luhn

from outbound.identifiers.checksums import luhn_check_digit, ric_check_digit

# Region codes present in stdnum's table, so its full `is_valid` can serve as the oracle too.
REGIONS = ("110105", "110108", "120101", "310101", "310104")
MOBILE_PREFIXES = ("130", "135", "138", "139", "150", "159", "166", "177", "186", "189", "199")
CARD_BINS = ("622202", "622848", "621700", "411111", "545454", "356600")
ON = dt.date(2026, 3, 1)


def birth_date(rng: random.Random, earliest: int = 1950, latest: int = 2010) -> dt.date:
    start, end = dt.date(earliest, 1, 1), dt.date(latest, 12, 31)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def resident_id(rng: random.Random, born: dt.date | None = None, region: str | None = None) -> str:
    first17 = f"{region or rng.choice(REGIONS)}{born or birth_date(rng):%Y%m%d}{rng.randrange(1, 1000):03d}"
    check = ric_check_digit(first17)
    # stdnum's calc_check_digit drops the last character: give it a placeholder check digit.
    assert check == stdnum.cn.ric.calc_check_digit(first17 + "0"), first17
    return first17 + check


def wrong_check(value: str) -> str:
    """The same ID with a check character that cannot be right."""
    right = value[-1]
    return value[:-1] + next(c for c in "0123456789X" if c != right)


def order_number(rng: random.Random) -> str:
    """18 digits shaped like an ID (date in positions 7-14) whose last digit fails MOD 11-2."""
    first17 = f"{rng.choice(REGIONS)}{birth_date(rng, 2020, 2025):%Y%m%d}{rng.randrange(1000):03d}"
    return wrong_check(first17 + ric_check_digit(first17))


def mobile(rng: random.Random, sep: str = "") -> str:
    number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
    return sep.join((number[:3], number[3:7], number[7:])) if sep else number


def card(rng: random.Random, length: int = 16, bin_: str | None = None) -> str:
    payload = (bin_ or rng.choice(CARD_BINS)) + "".join(rng.choice("0123456789") for _ in range(length - 7))
    number = payload + luhn_check_digit(payload)
    assert stdnum.luhn.is_valid(number), number
    return number


def grouped(number: str, sep: str = " ") -> str:
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


def sku(rng: random.Random) -> str:
    """11-digit article numbers start with 2 or 0: the shape of a mobile, never one."""
    return rng.choice("20") + f"{rng.randrange(10**10):010d}"


def guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def timestamp(rng: random.Random) -> str:
    moment = dt.datetime(2026, 1, 1) + dt.timedelta(seconds=rng.randrange(86400 * 120))
    return f"{moment:%Y%m%d%H%M%S}"


def amount(rng: random.Random) -> str:
    return f"{rng.randrange(1, 10**7) / 100:.2f}"
