"""Dates in the zone's time: the counting window is the calendar year in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def shanghai_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Asia/Shanghai of an aware (or UTC-naive) moment."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(SHANGHAI).date()


def export_day(text: str) -> dt.date:
    """An export date given as YYYY-MM-DD, or as an ISO 8601 moment whose Shanghai date it is:
    "2026-12-31T16:30:00Z" is 1 January 2027 there; a moment without an offset is Shanghai time.
    ValueError names what is accepted."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is neither a date (YYYY-MM-DD) nor an ISO 8601 date and time") from None
    return shanghai_date(moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI))


def date_in_path(path: str | Path) -> dt.date | None:
    """The last valid ISO date (YYYY-MM-DD) found in a path, if any."""
    found = None
    for m in _ISO_DATE.finditer(str(path)):
        try:
            found = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    return found


def export_date(path: Path, explicit: dt.date | None = None) -> dt.date:
    """Export date: the explicit option, else an ISO date in the path, else the file's mtime."""
    if explicit is not None:
        return explicit
    in_path = date_in_path(path)
    if in_path is not None:
        return in_path
    return shanghai_date(dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC))
