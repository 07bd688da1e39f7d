"""One run of alerting: record tonight's conditions, work out per route what is new or worse,
send (one digest when there are many), retry with backoff, record every attempt.

Nothing here raises for a delivery problem: a route that fails is recorded `failed` with the
error's class, and the next run finds the condition still undelivered and tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from outbound.alerts import render
from outbound.alerts.build import escalation
from outbound.alerts.channels import Outcome
from outbound.alerts.kinds import Kind, Notice, Severity
from outbound.alerts.ledger import Ledger, Raised, open_notices, raise_notices
from outbound.alerts.routing import BOT_SCHEMES, ChannelsFile, Route
from outbound.common.alert_rows import DeliveryRow

log = logging.getLogger("outbound.alerts")
Sender = Callable[[Route, str, str, str], Outcome]  # route, title, markdown body, severity
ESCALATED = ":escalated"  # the subject suffix of an escalation (build.escalation)
DIGEST_MAX_LINES = 40  # lines of one digest: a DingTalk markdown message holds about 20,000 characters
BOT_INTERVAL = 3.0  # seconds between two messages to one bot: DingTalk and WeCom take about 20 a minute


@dataclass
class RunReport:
    """Counts of one run, by route name; what `outbound scan` and the DAG log."""

    raised: int = 0
    routes: int = 0
    delivered: dict[str, int] = field(default_factory=dict)  # route → notices delivered
    failed: dict[str, str] = field(default_factory=dict)  # route → the last reason (secrets masked)
    held: dict[str, int] = field(default_factory=dict)  # route → notices held by quiet hours
    messages: int = 0

    def line(self) -> str:
        told = sum(self.delivered.values())
        text = f"alerts: {self.raised} open, {told} delivered over {self.routes} route(s) in {self.messages} message(s)"
        if self.held:
            text += f", {sum(self.held.values())} held (quiet hours)"
        if self.failed:
            text += f"; not delivered to {', '.join(sorted(self.failed))} (retried next run)"
        return text

    def to_json(self) -> dict[str, object]:
        return {"raised": self.raised, "routes": self.routes, "delivered": self.delivered,
                "failed": self.failed, "held": self.held, "messages": self.messages}


@dataclass(frozen=True)
class Retry:
    attempts: int = 3
    backoff: float = 2.0  # seconds before the 2nd attempt, doubled before each next one
    sleep: Callable[[float], None] | None = None  # default: time.sleep

    def wait(self, seconds: float) -> None:
        (self.sleep or time.sleep)(seconds)


DEFAULT_RETRY = Retry()


def send_with_retry(route: Route, title: str, body: str, severity: str, send: Sender, retry: Retry) -> list[Outcome]:
    """Attempts until one is delivered or `retry.attempts` are spent; a config error is not retried."""
    outcomes: list[Outcome] = []
    for i in range(retry.attempts):
        if i:
            retry.wait(retry.backoff * 2 ** (i - 1))
        try:
            outcome = send(route, title, body, severity)
        except Exception as exc:  # a bug in a channel must not cost the scan
            outcome = Outcome(False, type(exc).__name__, f"route {route.name}: {type(exc).__name__}")
        outcomes.append(outcome)
        if outcome.ok or outcome.error_class in ("config", "invalid-url"):
            break
    return outcomes


def _todo(open_: list[Raised], night: dt.date, escalate_after: int) -> list[tuple[Notice, bool]]:
    """Every open notice, and an escalation for each line crossed `escalate_after` days ago that is
    still crossed tonight and has no registered mechanism."""
    out = []
    for r in open_:
        n, days = r.notice, (night - r.first_night).days
        out.append((n, n.subject.endswith(ESCALATED)))  # an escalation of an earlier night stays one
        if (n.kind is Kind.CROSSED and not n.subject.endswith(ESCALATED) and r.last_night >= night
                and not n.facts.get("mechanism_registered") and days >= escalate_after):
            out.append((escalation(n, days), True))
    return out


def _messages(route: Route, due: list[Notice]) -> list[tuple[str, str, list[Notice], bool]]:
    if len(due) <= route.digest_over:
        return [(render.title(n, route.language), render.body(n, route.language), [n], False) for n in due]
    head, body = render.digest(due[:DIGEST_MAX_LINES], route.language)
    if len(due) > DIGEST_MAX_LINES:
        body += f"\n\n(+{len(due) - DIGEST_MAX_LINES})"
    return [(head, body, due, True)]


def dispatch(ledger: Ledger, notices: Sequence[Notice], night: dt.date, channels: ChannelsFile, *,
             send: Sender | None = None, retry: Retry = DEFAULT_RETRY, now: dt.datetime | None = None) -> RunReport:
    """Record `notices` as tonight's conditions and tell every route what is new or worse for it."""
    from outbound.alerts.channels import send as apprise_send

    send = send or apprise_send
    now = now or dt.datetime.now(dt.UTC)
    raise_notices(ledger, notices, night)
    todo = _todo(open_notices(ledger, night), night, channels.escalate_after_days)
    raise_notices(ledger, [n for n, esc in todo if esc], night)
    report = RunReport(raised=len(todo), routes=len(channels.routes))
    for route in channels.routes:
        sent = ledger.delivered(route.name)
        due = [n for n, esc in todo if route.accepts(n, n.facts.get("zone"), esc)
               and n.worse_than(*sent.get(n.dedup_key, (0, ())))]
        if route.quiet(now):
            held = [n for n in due if n.severity is not Severity.CRITICAL]
            due = [n for n in due if n.severity is Severity.CRITICAL]
            if held:
                report.held[route.name] = len(held)
        for i, (title, body, group, is_digest) in enumerate(_messages(route, due)):
            if i and route.scheme in BOT_SCHEMES:
                retry.wait(BOT_INTERVAL)
            worst = max((n.severity for n in group), key=lambda sev: sev.rank)
            outcomes = send_with_retry(route, title, body, worst.value, send, retry)
            report.messages += 1
            ledger.record_attempts([
                DeliveryRow(n.dedup_key, route.name, n.level, n.marks, "delivered" if o.ok else "failed",
                            o.error_class, attempt, is_digest)
                for attempt, o in enumerate(outcomes, start=1) for n in group], night)
            if outcomes[-1].ok:
                report.delivered[route.name] = report.delivered.get(route.name, 0) + len(group)
            else:
                report.failed[route.name] = outcomes[-1].reason
    log.info("%s", report.line())
    return report


def test_notice(now: dt.datetime) -> Notice:
    """What `outbound alerts test` sends: a fictional processor, no counts of anyone."""
    return Notice(Kind.TEST, "outbound-test", now.year, now.isoformat(timespec="seconds"), 1, Severity.INFO, (),
                  {"processor_name": "outbound 测试 / test"})
