"""Check digits of the identifiers in the corpus, written here and proven by python-stdnum.

The classifier has its own checksum code; the evaluation must not borrow it, or a shared bug
would score as a success. Every `make_*` below asserts stdnum's verdict on what it returns, so a
wrong generator fails while the corpus is built instead of skewing the numbers.
"""

from __future__ import annotations

import datetime as dt
import random

import stdnum.cn.ric
import stdnum.cn.uscc
import stdnum.imei
import stdnum.imo
import stdnum.luhn

DIGITS = "0123456789"
RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RIC_CHECK = "10X98765432"  # GB 11643: index = weighted sum mod 11
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code, characters 9-17 of a USCC

# County-level codes of GB/T 2260 (Beijing Dongcheng ... Urumqi Tianshan): real regions, spread
# over the country, so a classifier that checks regions is not flattered by one province.
RIC_REGIONS = (
    "110101", "110105", "110108", "120101", "130102", "140105", "210102", "220102", "230102",
    "310101", "310104", "310115", "320102", "320106", "330102", "330106", "340102", "350102",
    "360102", "370102", "410102", "420102", "430102", "440103", "440106", "440305", "450102",
    "500103", "510104", "510107", "530102", "610102", "620102", "650102",
)  # fmt: skip

# Issuer identification numbers of Chinese banks (UnionPay 62…, and the banks' Visa/Mastercard
# ranges), with the card lengths they issue.
CARD_BINS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("622202", (19,)),  # ICBC debit
    ("621226", (19,)),  # ICBC
    ("622848", (19,)),  # Agricultural Bank of China
    ("621700", (19,)),  # China Construction Bank
    ("436742", (19,)),  # CCB Visa debit
    ("622588", (16,)),  # China Merchants Bank
    ("621483", (16,)),  # CMB
    ("622262", (19,)),  # Bank of Communications
    ("621661", (19,)),  # Bank of China
    ("623058", (19,)),  # Ping An
    ("625965", (16,)),  # UnionPay credit
    ("356833", (16,)),  # BOC JCB credit
    ("438088", (16,)),  # Bank of China Visa credit
    ("518710", (16,)),  # CMB Mastercard credit
)
IMEI_TACS = ("86091204", "86753603", "35332510", "35875709", "86888004", "35209900")


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


def ric_check(first17: str) -> str:
    return RIC_CHECK[sum(int(c) * w for c, w in zip(first17, RIC_WEIGHTS, strict=True)) % 11]


def make_ric(rng: random.Random, born: dt.date) -> str:
    """A resident ID: region, birth date, sequence, MOD 11-2 check character."""
    first17 = f"{rng.choice(RIC_REGIONS)}{born:%Y%m%d}{rng.randrange(1, 1000):03d}"
    value = first17 + ric_check(first17)
    assert stdnum.cn.ric.calc_check_digit(first17 + "0") == value[-1], value
    return value


def make_ric_decoy(rng: random.Random, day: dt.date) -> str:
    """Shaped like a resident ID (region, date, sequence) but with a wrong check character."""
    first17 = f"{rng.choice(RIC_REGIONS)}{day:%Y%m%d}{rng.randrange(1, 1000):03d}"
    value = first17 + rng.choice([c for c in DIGITS if c != ric_check(first17)])
    assert stdnum.cn.ric.calc_check_digit(first17 + "0") != value[-1], value
    return value


def luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def make_bank_card(rng: random.Random) -> str:
    bin_, lengths = rng.choice(CARD_BINS)
    body = bin_ + digits(rng, rng.choice(lengths) - len(bin_) - 1)
    value = body + luhn_digit(body)
    assert stdnum.luhn.is_valid(value), value
    return value


def make_imei(rng: random.Random) -> str:
    body = rng.choice(IMEI_TACS) + digits(rng, 6)
    value = body + luhn_digit(body)
    assert stdnum.imei.is_valid(value), value
    return value


def org_code_check(body8: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def make_uscc(rng: random.Random) -> str:
    """Registration authority + organisation type + region + GB 11714 code + MOD 31 check."""
    kind = rng.choice(["91", "91", "91", "92", "12", "52", "93"])
    org = digits(rng, 8)
    first17 = kind + rng.choice(RIC_REGIONS)[:4] + "00" + org + org_code_check(org)
    value = first17 + uscc_check(first17)
    assert stdnum.cn.uscc.is_valid(value), value
    return value


def imo_check(first6: str) -> str:
    return str(sum(int(c) * (7 - i) for i, c in enumerate(first6)) % 10)


def make_imo(rng: random.Random) -> str:
    """An IMO ship number (7 digits, the last a weighted check), as 'IMO 9xxxxxx' or bare."""
    first6 = rng.choice("9") + digits(rng, 5)
    number = first6 + imo_check(first6)
    assert stdnum.imo.is_valid(number), number
    return f"IMO {number}" if rng.random() < 0.5 else number
