"""Dispatch records through the `Ledger` protocol, not a warehouse: any keeper of rows will do,
and dedup and worsening follow from what it holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from outbound.alerts.channels import Outcome
from outbound.alerts.dispatch import Retry, dispatch
from outbound.alerts.kinds import Kind, Notice, Severity
from outbound.alerts.routing import ChannelsFile, Route
from outbound.common.alert_rows import DeliveryRow, NoticeRow, RaisedRow

NIGHT = dt.date(2026, 3, 1)
NOON = dt.datetime(2026, 3, 1, 4, 0, tzinfo=dt.UTC)


class MemoryLedger:
    """The protocol kept in lists: notices by dedup key, every attempt."""

    def __init__(self) -> None:
        self.notices: dict[str, tuple[NoticeRow, dt.date, dt.date]] = {}
        self.attempts: list[DeliveryRow] = []

    def raise_notices(self, rows: Sequence[NoticeRow], night: dt.date) -> None:
        for r in rows:
            first = self.notices[r.dedup_key][1] if r.dedup_key in self.notices else night
            self.notices[r.dedup_key] = (r, first, night)

    def open_since(self, since: dt.date) -> list[RaisedRow]:
        return [RaisedRow(r.notice, first, last) for r, first, last in self.notices.values() if last >= since]

    def delivered(self, route: str) -> dict[str, tuple[int, tuple[str, ...]]]:
        out: dict[str, tuple[int, tuple[str, ...]]] = {}
        for a in self.attempts:
            if a.route == route and a.status == "delivered":
                level, marks = out.get(a.dedup_key, (0, ()))
                out[a.dedup_key] = (max(level, a.level), tuple(sorted({*marks, *a.marks})))
        return out

    def record_attempts(self, rows: Sequence[DeliveryRow], night: dt.date) -> None:
        self.attempts += rows


def _approaching(per_mille: int) -> Notice:
    return Notice(Kind.APPROACHING, "p", 2026, "pi-standard-contract", per_mille, Severity.WARNING)


def _run(ledger: MemoryLedger, notice: Notice, sent: list[str]) -> None:
    routes = ChannelsFile(routes=[Route(name="hook", url="json://127.0.0.1/x")])
    dispatch(ledger, [notice], NIGHT, routes, send=lambda r, t, b, s: sent.append(t) or Outcome(True),
             retry=Retry(sleep=lambda _s: None), now=NOON)


def test_when_the_same_condition_is_dispatched_twice_then_it_is_sent_once_and_again_when_worse():
    ledger, sent = MemoryLedger(), []
    _run(ledger, _approaching(800), sent)
    _run(ledger, _approaching(800), sent)
    assert len(sent) == 1 and [a.status for a in ledger.attempts] == ["delivered"]
    _run(ledger, _approaching(900), sent)  # a higher share band: a worsening
    assert len(sent) == 2 and ledger.attempts[-1].level == 900


def test_when_a_route_fails_then_the_failed_attempts_are_recorded_and_the_next_run_retries():
    ledger, calls = MemoryLedger(), []
    routes = ChannelsFile(routes=[Route(name="hook", url="json://127.0.0.1/x")])

    def refuse(r: Route, t: str, b: str, s: str) -> Outcome:
        calls.append(t)
        return Outcome(False, "http-500", "route hook: error=500")

    dispatch(ledger, [_approaching(800)], NIGHT, routes, send=refuse, retry=Retry(attempts=2, sleep=lambda _s: None),
             now=NOON)
    assert [(a.attempt, a.status, a.error_class) for a in ledger.attempts] == [(1, "failed", "http-500"),
                                                                                 (2, "failed", "http-500")]
    sent: list[str] = []
    _run(ledger, _approaching(800), sent)  # nothing was delivered: told on the next run
    assert len(sent) == 1
