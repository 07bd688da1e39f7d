"""Birth dates: read them from resident IDs and common date spellings, and tell minors apart.

PIPL Art. 28 makes all personal information of a child under 14 sensitive; the age line itself
lives in rules/entities (`minor_age_below`), never here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from outbound.common.timeutil import SHANGHAI
from outbound.identifiers.checksums import calendar_ok, compact

if TYPE_CHECKING:
    import numpy as np

# 2015-03-04, 2015/3/4, 2015.3.4, 2015年3月4日, optionally followed by a time of day as
# spreadsheets write it (2015-03-04 00:00:00, 2015-03-04T00:00:00) and, as a zoned timestamp
# column reads, its zone (2015-03-04 08:00:00.000+0800, …Z): the date as written is the date.
_SEPARATED = re.compile(
    r"(?P<y>\d{4})(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日?)"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?P<frac>\.\d+)?)?"
    r"(?P<zone>Z|(?P<zs>[+-])(?P<zh>\d{2})(?::?(?P<zm>\d{2}))?)?)?",
    re.ASCII,
)
# A date stored as a zoned timestamp is midnight somewhere: in UTC (a date column turned into a
# timestamp by a tool that works in UTC, then shown in Beijing time: 2016-03-03 08:00:00+0800) or
# in Beijing time (shown in UTC: 2016-03-02 16:00:00Z is 3 March in Shanghai). The date is the
# one of the zone where it is midnight; any other time is read as the date written.
_MIDNIGHT_ZONES = (dt.UTC, SHANGHAI)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", re.ASCII)
# 31/12/1990, 31.12.1990: day first (passports, crew lists); read month first when the day cannot be one.
_DAY_FIRST = re.compile(r"(?P<d>\d{1,2})(?P<sep>[/.])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})", re.ASCII)


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_birth_date(value: str) -> dt.date | None:
    """The date a cell spells in one of the common formats, or None.

    The whole cell must be the date: "订单2015-03-04" is not a birth date.
    """
    text = value.strip()
    if len(text) == 10 and text[4] == text[7] and text[4] in "-/." and text.isascii():
        # 2015-03-04, 2015/03/04, 2015.03.04: what `_SEPARATED` reads them as, without the regex
        # (2.4 -> 0.9 µs a date, measured: a column of dates is parsed for its spread and minors)
        year, month, day = text[:4], text[5:7], text[8:]
        if year.isdigit() and month.isdigit() and day.isdigit():
            return _date(year, month, day)
    return _parse_written(text)


def _parse_written(text: str) -> dt.date | None:
    m = _SEPARATED.fullmatch(text)
    if m:
        written = _written(m)
        return _midnight_date(m, written) or written
    m = _COMPACT.fullmatch(text)
    if m:
        return _date(m["y"], m["m"], m["d"])
    m = _DAY_FIRST.fullmatch(text)
    if m:
        return _date(m["y"], m["m"], m["d"]) or _date(m["y"], m["d"], m["m"])
    return None


def is_date_at_midnight(value: str) -> bool:
    """Whether a cell is a date alone, or a date at midnight as written, in UTC or in Beijing time
    (see _MIDNIGHT_ZONES): a birth date, where any other time of day makes it a timestamp."""
    text = value.strip()
    m = _SEPARATED.fullmatch(text)
    if m is None or m["H"] is None:
        return m is not None or _COMPACT.fullmatch(text) is not None or _DAY_FIRST.fullmatch(text) is not None
    fraction = bool(m["frac"] and int(m["frac"][1:]))
    if (int(m["H"]), int(m["M"]), int(m["S"] or 0)) == (0, 0, 0) and not fraction:
        return True
    return _midnight_date(m, _written(m)) is not None


def midnight_dates_rows(chars: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """numpy form of `parse_birth_date` where `is_date_at_midnight`, over rows of `checksums.ascii_rows`
    of one width spelt 20150304 (8), 2015-03-04 (10; "-", "/" or "." twice) or 2015-03-04 00:00:00
    (19; "T" or a space before the time): (spelt so, the date as yyyymmdd or 0 where it is not a
    calendar date or the time is not midnight). Rows spelt otherwise are the Python forms' to read.

    Measured need: date and timestamp columns send every distinct value to the date-of-birth check;
    on 500 values (timeit) the Python forms took 3.5 µs per value, this 0.2."""
    import numpy as np

    n, width = chars.shape
    d = chars.astype(np.int32) - 48
    if width not in (8, 10, 19):
        return np.zeros(n, bool), np.zeros(n, np.int32)
    month_at = 4 if width == 8 else 5
    digits = [0, 1, 2, 3, month_at, month_at + 1, month_at + 2 + (width > 8), month_at + 3 + (width > 8)]
    if width == 19:
        digits += [11, 12, 14, 15, 17, 18]
    spelt = np.asarray(((d[:, digits] >= 0) & (d[:, digits] <= 9)).all(axis=1))
    if width > 8:
        sep = chars[:, 4]  # np.isin costs 15 µs a call, three comparisons 3
        spelt &= ((sep == ord("-")) | (sep == ord("/")) | (sep == ord("."))) & (sep == chars[:, 7])
    if width == 19:
        spelt &= ((chars[:, 10] == ord(" ")) | (chars[:, 10] == ord("T"))) & (chars[:, 13] == ord(":"))
        spelt &= chars[:, 16] == ord(":")
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month = d[:, digits[4]] * 10 + d[:, digits[5]]
    day = d[:, digits[6]] * 10 + d[:, digits[7]]
    ok = spelt & calendar_ok(year, month, day)
    if width == 19:
        ok &= (d[:, digits[8:]] == 0).all(axis=1)  # midnight as written (no zone: no other midnight)
    return spelt, np.where(ok, (year * 100 + month) * 100 + day, 0)


def _written(m: re.Match[str]) -> dt.date | None:
    return _date(m["y"], m["m"] or m["m2"], m["d"] or m["d2"])


def _midnight_date(m: re.Match[str], day: dt.date | None) -> dt.date | None:
    """The date of the zone (_MIDNIGHT_ZONES) in which a zoned time of day is midnight, or None
    (no zone, another time, fractions of a second, an impossible time or offset)."""
    if day is None or m["zone"] is None or (m["frac"] and int(m["frac"][1:])):
        return None
    offset = dt.timedelta(0)
    if m["zs"]:
        offset = dt.timedelta(hours=int(m["zh"]), minutes=int(m["zm"] or 0)) * (-1 if m["zs"] == "-" else 1)
    try:
        moment = dt.datetime.combine(day, dt.time(int(m["H"]), int(m["M"]), int(m["S"] or 0), tzinfo=dt.timezone(offset)))
    except ValueError:  # 25:00, or an offset of a day or more
        return None
    return next((local.date() for zone in _MIDNIGHT_ZONES if (local := moment.astimezone(zone)).time() == dt.time()),
                None)  # fmt: skip


def birth_date_from_resident_id(value: str) -> dt.date | None:
    """The birth date in positions 7-14 of an 18-character resident ID, or None.

    Only the shape and the date are checked; whether the ID's check digit holds is
    `checksums.ric_is_valid`'s business.
    """
    number = compact(value)
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit():
        return None
    return _date(number[6:10], number[10:12], number[12:14])


def age_on(birth: dt.date, on: dt.date) -> int:
    """Completed years on `on`. A 29 February birthday is reached on 1 March in common years."""
    had_birthday = (on.month, on.day) >= (birth.month, birth.day)
    return on.year - birth.year - (0 if had_birthday else 1)


def is_minor(birth: dt.date, on: dt.date, age_below: int) -> bool:
    """True when the person born on `birth` is younger than `age_below` years on `on`."""
    return age_on(birth, on) < age_below


def minor_cutoff(on: dt.date, age_below: int) -> str:
    """The yyyymmdd after which (as text) every birth date of a person under `age_below` on `on`
    falls: `is_minor(b, on, age_below)` exactly when `f"{b:%Y%m%d}" > minor_cutoff(on, age_below)`
    (completed years compare as (year, month, day) tuples; a 29 February birthday included)."""
    return f"{on.year - age_below:04d}{on.month:02d}{on.day:02d}"


def resident_id_may_be_minor(value: str, cutoff: str) -> bool:
    """False only when `value` is no minor's resident ID: 18 characters whose positions 7-14, read
    as text, do not follow `cutoff` (`minor_cutoff`). A value this cannot tell (another length)
    is for `birth_date_from_resident_id`: a column's IDs are mostly adults', and this skips their
    date parse (measured: a third of the vote's own time on distinct-heavy samples)."""
    return len(value) != 18 or value[6:14] > cutoff


def date_may_be_minor(value: str, cutoff: str) -> bool:
    """False only when `value` is no minor's birth date as `parse_birth_date` reads it: its year
    (the first four digits, or the last four of a day-first date) is two or more years before the
    cutoff's (`minor_cutoff`; a zoned timestamp's date may move by a day, so across a year)."""
    text = value.strip()
    year = text[:4] if text[:4].isdigit() else text[-4:]
    return not (year.isascii() and year.isdigit()) or int(year) + 1 >= int(cutoff[:4])
