"""The day it is where the counting happens: the default export and assessment date."""

from __future__ import annotations

import datetime as dt

from outbound.common.timeutil import shanghai_date


def today() -> dt.date:
    return shanghai_date(dt.datetime.now(dt.UTC))
