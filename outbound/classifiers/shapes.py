"""Value shapes for entities that have no Presidio recognizer in this skeleton.

They are deliberately loose and are used ONLY when the column's header hints at the entity: a
header plus values of the right shape is evidence, either alone is not. Each validator takes the
stripped cell text and the export date (`on`, for "not in the future" checks).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Callable

import phonenumbers

from outbound.classifiers.birthdates import parse_birth_date

Shape = Callable[[str, dt.date], bool]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_HAN_CHAR = re.compile(f"[{_HAN}]")
# 2-4 Han characters; minority and transliterated names join Han parts with a middle dot.
_HAN_NAME = re.compile(f"[{_HAN}]{{2,4}}|[{_HAN}]{{1,10}}(?:[·•・][{_HAN}]{{1,10}}){{1,3}}")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z'\-]*(?: [A-Za-z][A-Za-z'\-]*){1,2}")
_ADDRESS_MARKERS = ("省", "市", "区", "县", "路", "街", "号", "室", "栋", "单元", "弄", "村", "镇")
_PASSPORT = re.compile(r"[A-Z]{1,2}\d{7,8}")
_PHONE = re.compile(r"(\+?[\d()（） -]{5,24})(?:(?:转|ext\.?|x)\d{1,6})?", re.IGNORECASE)
_FLOAT = r"[-+]?\d{1,3}\.\d+"
_LAT_LON = re.compile(rf"({_FLOAT})\s*[,，]\s*({_FLOAT})")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_PLATE = re.compile(rf"[{_PROVINCES}][A-Z][·• ]?[A-Z0-9]{{5,6}}")


def person_name(value: str, on: dt.date) -> bool:
    return bool(_HAN_NAME.fullmatch(value) or _LATIN_NAME.fullmatch(value))


def address(value: str, on: dt.date) -> bool:
    return len(value) >= 6 and bool(_HAN_CHAR.search(value)) and any(m in value for m in _ADDRESS_MARKERS)


def date_of_birth(value: str, on: dt.date) -> bool:
    born = parse_birth_date(value)
    return born is not None and dt.date(1900, 1, 1) <= born <= on


def health_info(value: str, on: dt.date) -> bool:
    return bool(_HAN_CHAR.search(value))


def passport_number(value: str, on: dt.date) -> bool:
    return bool(_PASSPORT.fullmatch(value.upper()))


def phone_number(value: str, on: dt.date) -> bool:
    """Phone characters only, and a number libphonenumber knows as valid for its region.

    `is_possible_number` alone is a length check: it accepts 97% of 11-digit SKUs starting with
    0 or 2, and amounts ("58769.58" parses as 5876958). Local numbers without an area code are
    given up for that.
    """
    shape = _PHONE.fullmatch(value)
    if not shape:
        return False
    try:
        number = phonenumbers.parse(shape[1], "CN")  # without the extension
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number) and phonenumbers.is_valid_number(number)


def ip_address(value: str, on: dt.date) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def geo_coordinate(value: str, on: dt.date) -> bool:
    """A "lat,lon" pair in range, or one decimal degree in -180..180 (a lat or lon column).

    A decimal point is required: whole numbers in a "location" column are counts or codes.
    """
    pair = _LAT_LON.fullmatch(value)
    if pair:
        return abs(float(pair[1])) <= 90 and abs(float(pair[2])) <= 180
    return bool(re.fullmatch(_FLOAT, value)) and abs(float(value)) <= 180


def license_plate(value: str, on: dt.date) -> bool:
    return bool(_PLATE.fullmatch(value.upper()))


SHAPES: dict[str, Shape] = {
    "PERSON_NAME": person_name,
    "ADDRESS": address,
    "DATE_OF_BIRTH": date_of_birth,
    "HEALTH_INFO": health_info,
    "PASSPORT_NUMBER": passport_number,
    "PHONE_NUMBER": phone_number,
    "IP_ADDRESS": ip_address,
    "GEO_COORDINATE": geo_coordinate,
    "LICENSE_PLATE": license_plate,
}
