"""GPS coordinates: "lat,lon" pairs by value, a single decimal degree only under a header."""

from __future__ import annotations

import re

from outbound.classifiers.recognizers.base import Pattern, Recognizer

_OPEN = r"(?<![0-9A-Za-z_.])"
_CLOSE = r"(?![0-9A-Za-z_]|[.][0-9])"
_FINE = r"[-+]?[0-9]{1,3}\.[0-9]{3,15}"
_ANY = r"[-+]?[0-9]{1,3}\.[0-9]{1,15}"
# Degrees (with a degree sign or decimals), optional minutes and seconds, and a hemisphere either
# as a letter after the number or before it, or as 北纬/南纬/东经/西经 in front.
_DMS = (
    r"[0-9]{1,3}(?:\.[0-9]+°?|°)(?:\s*[0-9]{1,2}(?:\.[0-9]+)?['′](?:\s*[0-9]{1,2}(?:\.[0-9]+)?(?:\"|″|''))?)?"
)
_LAT = rf"(?:(?:[NS]|北纬|南纬)\s*{_DMS}|{_DMS}\s*[NS])"
_LON = rf"(?:(?:[EW]|东经|西经)\s*{_DMS}|{_DMS}\s*[EW])"
_HEMI_SEP = r"\s*[,，;；/]?\s*"
_DMS_PART = re.compile(
    r"(?P<pre>[NSEW]|北纬|南纬|东经|西经)?\s*(?P<d>[0-9]{1,3}(?:\.[0-9]+)?)°?"
    r"(?:\s*(?P<m>[0-9]{1,2}(?:\.[0-9]+)?)['′](?:\s*(?P<s>[0-9]{1,2}(?:\.[0-9]+)?)(?:\"|″|''))?)?"
    r"(?:\s*(?P<post>[NSEW])(?![0-9]))?",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.([0-9]+))?")
_LATITUDE = frozenset("NS北南")
_DMS_MARKS = "°′'\"″纬经"
# Three decimals (about 100 m) is where a pair of plain numbers stops looking like two prices.
DECIDING_DECIMALS = 3
# As precise as how many decimals of a degree: an arc-minute is about 1.8 km (between one and two
# decimals, counted as two), an arc-second about 31 m (four).
_MINUTE_DECIMALS, _SECOND_DECIMALS = 2, 4


def _places(number: str | None) -> int:
    return len(number.partition(".")[2]) if number else 0


def decimals(text: str) -> int:
    """Precision of the least precise coordinate in `text`, in decimals of a degree (0 when none).

    "31.2304,121.47" -> 2; degrees-minutes-seconds count an arc-second as four decimals plus the
    seconds' own decimals. The column vote reads it: a location is precise at street level or finer.
    """
    if any(c in text for c in _DMS_MARKS):
        found = [
            _SECOND_DECIMALS + _places(m["s"])
            if m["s"]
            else _MINUTE_DECIMALS + _places(m["m"])
            if m["m"]
            else _places(m["d"])
            for m in _DMS_PART.finditer(text)
            if m["d"]
        ]
    else:
        found = [len(m.group(1) or "") for m in _NUMBER.finditer(text)]
    return min(found, default=0)


def in_range(numbers: list[float]) -> bool:
    """A latitude and a longitude in either order (Chinese map APIs write "lon,lat"), not 0,0."""
    if len(numbers) == 1:
        return abs(numbers[0]) <= 180
    a, b = numbers
    if a == 0 and b == 0:
        return False
    return (abs(a) <= 90 and abs(b) <= 180) or (abs(a) <= 180 and abs(b) <= 90)


def hemisphere_pair_ok(text: str) -> bool:
    """One latitude (N/S, ≤ 90°) and one longitude (E/W, ≤ 180°), minutes and seconds below 60."""
    parts = [m for m in _DMS_PART.finditer(text) if m["d"]]
    if len(parts) != 2:
        return False
    kinds = set()
    for m in parts:
        hemisphere = (m["pre"] or m["post"] or "").upper()[:1]
        if not hemisphere:
            return False
        minutes, seconds = float(m["m"] or 0), float(m["s"] or 0)
        limit = 90 if hemisphere in _LATITUDE else 180
        if minutes >= 60 or seconds >= 60 or float(m["d"]) + minutes / 60 + seconds / 3600 > limit:
            return False
        kinds.add(hemisphere in _LATITUDE)
    return kinds == {True, False}


class GeoCoordinateRecognizer(Recognizer):
    """39.904200,116.407400 / 39.9042，116.4074 / 31.2304 121.4737 / 116.4074,39.9042 /
    39°54'15"N 116°24'27"E / 北纬39.9042° 东经116.4074°.

    Decided by value: two plain numbers in range, each with at least three decimals, separated by
    a comma (ASCII or Chinese) with optional spaces, or by spaces; or a pair with hemispheres
    (letters or 北纬/东经), in degrees with decimals or degrees-minutes-seconds.

    Needs a header: plain pairs with fewer decimals (two prices look the same), and a single
    decimal degree (a latitude or longitude column), the latter only as a whole cell. Precision
    (how many decimals) is `decimals`, which the vote reads.
    """

    ENTITY = "GEO_COORDINATE"
    PATTERNS = [
        Pattern("geo-pair", _OPEN + _FINE + r"(?:\s*[,，]\s*|\s+)" + _FINE + _CLOSE, 0.4),
        Pattern(
            "geo-pair-hemisphere",
            _OPEN + f"(?:{_LAT}{_HEMI_SEP}{_LON}|{_LON}{_HEMI_SEP}{_LAT})" + r"(?![0-9A-Za-z_])",
            0.4,
        ),
        Pattern("geo-pair-coarse", _OPEN + _ANY + r"\s*[,，]\s*" + _ANY + _CLOSE, 0.15),
        Pattern("geo-degree", "^" + _ANY + "$", 0.1),
    ]
    CONTEXT = ["经纬度", "坐标", "位置", "定位", "纬度", "经度", "gps", "lat", "lng", "lon", "location"]
    MIN_LEN, MAX_LEN = 3, 64

    def validate_result(self, pattern_text: str) -> bool | None:
        if any(c in pattern_text for c in _DMS_MARKS) or pattern_text.lstrip()[:1].upper() in "NSEW":
            return hemisphere_pair_ok(pattern_text)
        numbers = [float(m.group()) for m in _NUMBER.finditer(pattern_text)]
        if not 1 <= len(numbers) <= 2 or not in_range(numbers):
            return False
        if len(numbers) == 2 and decimals(pattern_text) >= DECIDING_DECIMALS:
            return True
        return None
