"""Cell values for identifier-like entities, with the spellings real exports use.

Each generator takes a `Gen` (seeded random + Faker per locale) and a column `variant`, and
returns one cell. A column keeps one variant, as a real export does; the variant decides the mix
of separators and prefixes (`138-1234-5678`, `+86 138 …`). Phone numbers are accepted by
phonenumbers before they are used. Names, addresses and health terms live in `text_values.py`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import random
from dataclasses import dataclass, field

import phonenumbers
from faker import Faker

from tests.eval import checksums as ck

# Allocated mainland mobile prefixes (1[3-9]x); phonenumbers must accept each number as well.
MOBILE_PREFIXES = tuple(f"13{d}" for d in "0123456789") + (
    "145", "147", "150", "151", "152", "153", "155", "156", "157", "158", "159", "162", "165", "166", "167",
    "170", "171", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187",
    "188", "189", "190", "191", "192", "193", "195", "196", "197", "198", "199",
)  # fmt: skip
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
AREA_CODES = ("010", "021", "022", "023", "020", "025", "027", "028", "029", "0755", "0571", "0512", "0532", "0898")
FOREIGN_REGIONS = ("US", "GB", "SG", "PH", "IN", "DE", "JP", "KR", "AU")
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "foxmail.com",
                "hotmail.com", "yahoo.com", "sohu.com", "example-trade.cn", "corp.example.com")  # fmt: skip
# Centres of cities the coordinates scatter around (lat, lon).
CITY_CENTRES = ((31.2304, 121.4737), (39.9042, 116.4074), (23.1291, 113.2644), (22.5431, 114.0579),
                (30.2741, 120.1551), (30.5728, 104.0668), (34.3416, 108.9398), (36.0671, 120.3826))  # fmt: skip


@dataclass
class Gen:
    """Everything a generator may draw from, seeded once per column."""

    rng: random.Random
    zh: Faker
    en: Faker
    today: dt.date = dt.date(2026, 3, 1)
    style: dict[str, object] = field(default_factory=dict)  # per-column choices (decimals, format)


def birth_date(g: Gen, earliest: int = 1940, latest: int = 2022) -> dt.date:
    start, end = dt.date(earliest, 1, 1), dt.date(latest, 12, 31)
    return start + dt.timedelta(days=g.rng.randrange((end - start).days + 1))


def resident_id(g: Gen, variant: str) -> str:
    value = ck.make_ric(g.rng, birth_date(g))
    return value.lower() if value.endswith("X") and g.rng.random() < 0.5 else value


def _valid(number: str, region: str | None = None) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def mobile(g: Gen, variant: str) -> str:
    while True:
        number = g.rng.choice(MOBILE_PREFIXES) + ck.digits(g.rng, 8)
        if _valid(number, "CN"):
            break
    a, b, c = number[:3], number[3:7], number[7:]
    if variant == "plain" or g.rng.random() < 0.5:
        return number
    return g.rng.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"+86 {a} {b} {c}", f"+86{number}",
                         f"0086-{number}", f"+86-{number}", f"(+86){number}"])  # fmt: skip


def landline(g: Gen) -> str:
    while True:
        area = g.rng.choice(AREA_CODES)
        local = g.rng.choice("2345678") + ck.digits(g.rng, 7 if len(area) == 3 else g.rng.choice((6, 7)))
        parsed = _valid(area + local, "CN")
        if parsed and phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.FIXED_LINE:
            break
    return g.rng.choice([f"{area}-{local}", f"{area}-{local}", f"({area}){local}", f"{area} {local}",
                         f"+86 {area[1:]} {local}", f"{area}-{local}-{g.rng.randint(100, 899)}"])  # fmt: skip


def foreign_phone(g: Gen) -> str:
    region = g.rng.choice(FOREIGN_REGIONS)
    kind = g.rng.choice([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE])
    example = phonenumbers.example_number_for_type(region, kind)
    assert example is not None, (region, kind)
    national = str(example.national_number)
    while True:
        keep = max(2, len(national) - 6)
        parsed = _valid(f"+{example.country_code}{national[:keep]}{ck.digits(g.rng, len(national) - keep)}")
        if parsed:
            break
    fmt = g.rng.choice([phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.E164])
    return phonenumbers.format_number(parsed, fmt)


def phone(g: Gen, variant: str) -> str:
    if variant == "foreign":
        return foreign_phone(g)
    return landline(g)


def email(g: Gen, variant: str) -> str:
    r = g.rng.random()
    if r < 0.2:
        local = str(g.rng.randint(10_000, 3_999_999_999))  # QQ numbers
    elif r < 0.6:
        local = g.en.user_name() + (str(g.rng.randint(1, 99)) if g.rng.random() < 0.4 else "")
    else:
        local = f"{g.en.first_name().lower()}.{g.en.last_name().lower()}"
    value = f"{local}@{g.rng.choice(MAIL_DOMAINS)}"
    return value.upper() if g.rng.random() < 0.03 else value


def bank_card(g: Gen, variant: str) -> str:
    card = ck.make_bank_card(g.rng)
    if variant == "grouped" and g.rng.random() < 0.7:
        return " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    return card


def foreign_passport(g: Gen) -> str:
    """US and UK passports: 9 digits; many others: a letter and 8 digits."""
    return ck.digits(g.rng, 9) if g.rng.random() < 0.5 else g.rng.choice("ABCFJNPRUXYZ") + ck.digits(g.rng, 8)


def passport(g: Gen, variant: str) -> str:
    if variant == "complement":  # the guests without a resident ID (corpus.complement fills their rows only)
        return foreign_passport(g)
    r = g.rng.random()
    if variant == "mixed" and r < 0.5:  # foreign crews: US/UK 9 digits, Philippines P+7+letter, India
        return g.rng.choice([ck.digits(g.rng, 9), "P" + ck.digits(g.rng, 7) + g.rng.choice("ABC"),
                             g.rng.choice("JKLMNPRSTUVZ") + ck.digits(g.rng, 7)])  # fmt: skip
    if g.rng.random() < 0.3:  # 2017+ e-passports: E + letter + 7 digits
        return "E" + g.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + ck.digits(g.rng, 7)
    return g.rng.choice("EEEG") + ck.digits(g.rng, 8)


def hk_macao_permit(g: Gen, variant: str) -> str:
    # C: mainland residents' permit to HK/Macao; H / M: HK / Macao residents' home-return permit
    letter = "C" if variant == "C" else g.rng.choice("HHHM")
    return letter + ck.digits(g.rng, 8)


def taiwan_permit(g: Gen, variant: str) -> str:
    return variant + ck.digits(g.rng, 8)  # "T" (lead's brief) or "L" (the e-permit's real prefix)


def ip_address(g: Gen, variant: str) -> str:
    if variant == "mixed" and g.rng.random() < 0.4:
        return str(ipaddress.IPv6Address((0x2408_8207 << 96) + g.rng.getrandbits(96)))
    if g.rng.random() < 0.2:
        return f"192.168.{g.rng.randint(0, 255)}.{g.rng.randint(1, 254)}"
    first = g.rng.choice([o for o in range(1, 224) if o not in (10, 127, 169, 172, 192)])
    return f"{first}.{g.rng.randint(0, 255)}.{g.rng.randint(0, 255)}.{g.rng.randint(1, 254)}"


def device_id(g: Gen, variant: str) -> str:
    if variant == "imei":
        return ck.make_imei(g.rng)
    octets = [g.rng.randrange(256) for _ in range(6)]
    style = g.style.setdefault("mac", g.rng.choice(["colon", "COLON", "dash", "cisco"]))
    hexes = [f"{o:02x}" for o in octets]
    if style == "cisco":
        return ".".join("".join(hexes[i : i + 2]) for i in range(0, 6, 2))
    text = (":" if style in ("colon", "COLON") else "-").join(hexes)
    return text.upper() if style != "colon" else text


def license_plate(g: Gen, variant: str) -> str:
    head = g.rng.choice(PLATE_PROVINCES) + g.rng.choice(PLATE_LETTERS[:12])
    if g.rng.random() < 0.3:  # new-energy plates have 8 characters
        tail = (g.rng.choice("DF") + g.rng.choice(PLATE_LETTERS + "0123456789") + ck.digits(g.rng, 4)
                if g.rng.random() < 0.7 else ck.digits(g.rng, 5) + g.rng.choice("DF"))  # fmt: skip
    else:
        tail = ck.digits(g.rng, 5)
        for _ in range(g.rng.choice((0, 0, 1, 2))):
            i = g.rng.randrange(5)
            tail = tail[:i] + g.rng.choice(PLATE_LETTERS) + tail[i + 1 :]
    return head + g.rng.choice(["", "", "", "", "·", "-", " "]) + tail


def coordinate(g: Gen, variant: str) -> str:
    decimals = int(g.style.setdefault("decimals", g.rng.choice((5, 6))))  # type: ignore[call-overload]
    lat, lon = g.rng.choice(CITY_CENTRES)
    lat, lon = round(lat + g.rng.uniform(-0.3, 0.3), decimals), round(lon + g.rng.uniform(-0.3, 0.3), decimals)
    sep = str(g.style.setdefault("sep", g.rng.choice([",", ", "])))
    return {"lat": f"{lat:.{decimals}f}", "lon": f"{lon:.{decimals}f}",
            "latlon": f"{lat:.{decimals}f}{sep}{lon:.{decimals}f}",
            "lonlat": f"{lon:.{decimals}f}{sep}{lat:.{decimals}f}"}[variant]  # fmt: skip


def date_of_birth(g: Gen, variant: str) -> str:
    born = birth_date(g)
    if variant == "zh":
        return f"{born.year}年{born.month}月{born.day}日"
    if variant == "slash":
        return f"{born.year}/{born.month}/{born.day}"
    return born.strftime({"iso": "%Y-%m-%d", "compact": "%Y%m%d", "dot": "%Y.%m.%d", "dmy": "%d/%m/%Y"}[variant])


def uscc(g: Gen, variant: str) -> str:
    return ck.make_uscc(g.rng)
