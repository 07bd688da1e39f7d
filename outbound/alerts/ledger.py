"""What dispatch records through, and how notices become ledger rows and back.

`Ledger` is a protocol: the warehouse's `AlertLog` (outbound.warehouse.alert_log) fulfils it, and
so can anything else that keeps rows (a test's list). Alerts never open the warehouse itself.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from outbound.alerts.kinds import Notice, stable_json
from outbound.common.alert_rows import DeliveryRow, NoticeRow, RaisedRow

OPEN_DAYS = 31  # a condition not seen for this long is closed: a new route is not told of it


class Ledger(Protocol):
    """Where alerting records the conditions it raised and every delivery attempt."""

    def raise_notices(self, rows: Sequence[NoticeRow], night: dt.date) -> None: ...

    def open_since(self, since: dt.date) -> list[RaisedRow]: ...

    def delivered(self, route: str) -> dict[str, tuple[int, tuple[str, ...]]]: ...

    def record_attempts(self, rows: Sequence[DeliveryRow], night: dt.date) -> None: ...


@dataclass(frozen=True, slots=True)
class Raised:
    """A condition as the ledger holds it: its notice and the nights it was first and last seen."""

    notice: Notice
    first_night: dt.date
    last_night: dt.date


def notice_row(n: Notice) -> NoticeRow:
    return NoticeRow(n.dedup_key, n.kind.value, n.processor, n.year, n.level, tuple(sorted(n.marks)),
                     stable_json(n.to_json()))


def raised(row: RaisedRow) -> Raised:
    return Raised(Notice.from_json(json.loads(row.notice)), row.first_night, row.last_night)


def raise_notices(ledger: Ledger, notices: Sequence[Notice], night: dt.date) -> None:
    """Record tonight's conditions; a worse level or new marks are kept, a lesser one never lowers."""
    ledger.raise_notices([notice_row(n) for n in notices], night)


def open_notices(ledger: Ledger, night: dt.date) -> list[Raised]:
    """Conditions seen in the last `OPEN_DAYS` nights, each with its latest facts."""
    return [raised(r) for r in ledger.open_since(night - dt.timedelta(days=OPEN_DAYS))]
