"""Computed, checksum-valid identifiers and look-alike decoys for the recognizer tables.

Every generator takes a seeded `random.Random`; check characters come from python-stdnum or from
published algorithms written out here, never from the product's own checksums module, so that the
tests are an independent check. Nothing here is a real person's or company's number.
"""

from __future__ import annotations

import random

import phonenumbers
import stdnum.ean
import stdnum.imo
import stdnum.isbn
import stdnum.luhn
from phonenumbers import PhoneNumberFormat, PhoneNumberType

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
SERIAL = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
DIGITS = "0123456789"
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
IMEI_BODIES = ("01", "35", "86", "99", "45", "49", "53")


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


def luhn_complete(payload: str) -> str:
    return payload + stdnum.luhn.calc_check_digit(payload)


def uscc(rng: random.Random) -> str:
    """Authority and kind, region, organisation code with its GB 11714 check, MOD 31 check."""
    head = rng.choice(("91", "92", "93", "11", "12", "51", "52", "53"))
    region = rng.choice(("110000", "110108", "310000", "310115", "440300", "330100"))
    org = rng.choice(("MA", "")) + "".join(rng.choice(DIGITS + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = org[:8]
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    rest = 11 - sum(int(c, 36) * w for c, w in zip(org, weights, strict=True)) % 11
    org_check = {10: "X", 11: "0"}.get(rest, str(rest))
    first17 = head + region + org + org_check
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + USCC_ALPHABET[-total % 31]


def imei(rng: random.Random) -> str:
    return luhn_complete(rng.choice(IMEI_BODIES) + digits(rng, 12))


def meid(rng: random.Random) -> str:
    return (
        rng.choice("ABCDEF")
        + rng.choice("0123456789ABCDEF")
        + digits(rng, 6)
        + "".join(rng.choice("0123456789ABCDEF") for _ in range(6))
    )


def mac(rng: random.Random, sep: str = ":") -> str:
    octets = [rng.randrange(0, 254, 2)] + [rng.randrange(256) for _ in range(5)]
    text = "".join(f"{o:02x}" for o in octets)
    if sep == ".":
        return ".".join(text[i : i + 4] for i in range(0, 12, 4))
    return sep.join(text[i : i + 2] for i in range(0, 12, 2))


def plate(rng: random.Random, kind: str = "ordinary", sep: str = "") -> str:
    head = rng.choice(PROVINCES) + rng.choice(SERIAL) + sep
    if kind == "ordinary":
        letters = rng.randrange(0, 3)
        serial = [rng.choice(SERIAL) for _ in range(letters)] + [
            rng.choice(DIGITS) for _ in range(5 - letters)
        ]
        rng.shuffle(serial)
        return head + "".join(serial)
    if kind == "small-ev":
        return head + rng.choice("DF") + rng.choice(SERIAL + DIGITS) + digits(rng, 4)
    if kind == "large-ev":
        return head + digits(rng, 5) + rng.choice("DF")
    return head + digits(rng, 4) + rng.choice("学警挂领港澳")


def passport(rng: random.Random, kind: str = "e8") -> str:
    return {
        "e8": lambda: "E" + digits(rng, 8),
        "e-letter": lambda: "E" + rng.choice(SERIAL) + digits(rng, 7),
        "g8": lambda: "G" + digits(rng, 8),
        "official": lambda: rng.choice(("DE", "SE", "PE")) + digits(rng, 7),
        "hk": lambda: "K" + digits(rng, 8),
        "macao": lambda: rng.choice(("MA", "MB")) + digits(rng, 7),
    }[kind]()


def landline(rng: random.Random) -> str:
    """A mainland fixed-line number that libphonenumber holds valid, as national digits (0…)."""
    while True:
        area = rng.choice(
            ("10", "20", "21", "22", "23", "24", "25", "27", "28", "29", "755", "571", "512", "532")
        )
        candidate = (
            "0" + area + rng.choice("2345678") + digits(rng, 7 if len(area) == 2 else rng.choice((6, 7)))
        )
        number = phonenumbers.parse(candidate, "CN")
        if (
            phonenumbers.is_valid_number(number)
            and phonenumbers.number_type(number) == PhoneNumberType.FIXED_LINE
        ):
            return candidate


def foreign(rng: random.Random, region: str) -> str:
    """A valid number of `region` in international format (+852 2345 6789)."""
    kind = rng.choice((PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE))
    example = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(region)
    assert example is not None, region
    national = str(example.national_number)
    while True:
        candidate = national[:-4] + digits(rng, 4)
        number = phonenumbers.parse("+" + str(example.country_code) + candidate)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def coordinate(rng: random.Random, places: int = 6) -> tuple[float, float]:
    return round(rng.uniform(18, 53), places), round(rng.uniform(73, 135), places)


# Decoys: numbers with their own check digits or shapes that must never pass as personal data.
def imo(rng: random.Random) -> str:
    body = str(rng.randrange(100000, 999999 + 1))
    return body + stdnum.imo.calc_check_digit(body)


def mmsi(rng: random.Random) -> str:
    return rng.choice(("412", "413", "414", "477")) + digits(rng, 6)


def isbn13(rng: random.Random) -> str:
    body = "9787" + digits(rng, 8)
    number = body + stdnum.ean.calc_check_digit(body)
    assert stdnum.isbn.is_valid(number), number
    return stdnum.isbn.format(number)


def tracking(rng: random.Random) -> str:
    return rng.choice(
        (
            "SF" + digits(rng, 13),
            "YT" + digits(rng, 13),
            "JT" + digits(rng, 13),
            rng.choice(("EA", "EE", "LK")) + digits(rng, 9) + "CN",
        )
    )
