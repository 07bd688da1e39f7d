"""Dedup, worsening, escalation, digest and retry over simulated nights, against a real DuckDB
warehouse advanced night by night and real loopback webhook receivers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from outbound.alerts.dispatch import Retry, RunReport
from outbound.alerts.receiver import Receiver
from outbound.pipeline.alerting import FailedFile, notify
from outbound.warehouse import open_warehouse
from outbound.warehouse.alert_log import AlertLog
from tests.warehouse.test_persons import _record

NOON = dt.datetime(2026, 3, 1, 4, 0, tzinfo=dt.UTC)  # 12:00 in Shanghai: outside any quiet hours used here
NO_WAIT = Retry(attempts=3, backoff=0)


class Zone:
    """A warehouse of one processor `p`, its exports added night by night; two webhook routes."""

    def __init__(self, tmp: Path, primary: Receiver, escalation: Receiver, **route: object) -> None:
        self.path, self.primary, self.escalation, self.persons = tmp / "w.duckdb", primary, escalation, 0
        extra = "".join(f"\n    {k}: {v}" for k, v in route.items())
        self.channels = tmp / "channels.yaml"
        self.channels.write_text(
            "escalate_after_days: 3\nroutes:\n"
            f"  - name: primary\n    url: {primary.url}\n    min_severity: info{extra}\n"
            f"  - name: escalation\n    url: {escalation.url}\n    role: escalation\n", encoding="utf-8")
        open_warehouse(self.path).close()

    def export(self, day: dt.date, sensitive: int) -> None:
        rows = [([("CN_MOBILE", f"m{self.persons + i}")], True) for i in range(sensitive)]
        self.persons += sensitive
        wh = open_warehouse(self.path)
        try:
            _record(wh, f"sha-{day}", day, rows)
        finally:
            wh.close()

    def night(self, day: dt.date, *, failures: tuple[FailedFile, ...] = (), now: dt.datetime = NOON) -> RunReport:
        return notify(self.path, ["p"], on=day, channels=self.channels, retry=NO_WAIT, failures=failures, now=now)

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        wh = open_warehouse(self.path, read_only=True)
        try:
            return wh.query(sql)
        finally:
            wh.close()


def _titles(r: Receiver, since: int = 0) -> list[str]:
    return [b["title"].split(" — ")[0] for b in r.bodies[since:]]


@pytest.fixture
def receivers() -> Iterator[tuple[Receiver, Receiver]]:
    with Receiver() as a, Receiver() as b:
        yield a, b


@pytest.fixture
def zone(tmp_path: Path, receivers: tuple[Receiver, Receiver]) -> Zone:
    return Zone(tmp_path, *receivers)


def test_when_nights_pass_then_each_condition_is_told_once_again_when_worse_and_escalated_after_n_days(zone):
    d = dt.date(2026, 3, 1)
    zone.export(d, 8100)  # 81 % of the 10,000 sensitive-person line; any SPI: contract owed
    zone.night(d)
    assert sorted(_titles(zone.primary)) == sorted(["接近申报线", "已越过申报线，需履行出境机制", "本年度首次出境敏感个人信息"])
    near = next(b for b in zone.primary.bodies if b["title"].startswith("接近"))
    assert "= 81.0 %" in near["message"] and near["type"] == "warning"
    assert next(b for b in zone.primary.bodies if b["title"].startswith("已越过"))["type"] == "failure"  # critical

    zone.night(d + dt.timedelta(days=1))  # nothing new: nothing told
    assert len(zone.primary.bodies) == 3 and zone.escalation.bodies == []

    zone.export(d + dt.timedelta(days=2), 1000)  # 91 %: the 90 % band is a worsening
    zone.night(d + dt.timedelta(days=2))
    assert _titles(zone.primary, 3) == ["接近申报线"]
    assert "= 91.0 %" in zone.primary.bodies[3]["message"]

    zone.night(d + dt.timedelta(days=3))  # crossed 3 days ago, no filing registers a mechanism
    assert len(zone.primary.bodies) == 4
    assert _titles(zone.escalation) == ["【升级】已越过申报线，需履行出境机制"]
    assert "越线 3 天仍无已登记机制" in zone.escalation.bodies[0]["message"]

    zone.export(d + dt.timedelta(days=4), 1000)  # 10,100: the security-assessment line is crossed
    zone.night(d + dt.timedelta(days=4))
    assert _titles(zone.primary, 4) == ["已越过申报线，需履行出境机制"]
    assert "10,000" in zone.primary.bodies[4]["message"] and "数据出境安全评估" in zone.primary.bodies[4]["message"]
    zone.night(d + dt.timedelta(days=5))
    assert len(zone.primary.bodies) == 5 and len(zone.escalation.bodies) == 1  # the escalation went once

    delivered = zone.rows("SELECT route, count(*) FROM alert_deliveries WHERE status = 'delivered' GROUP BY route "
                          "ORDER BY route")
    assert delivered == [("escalation", 1), ("primary", 5)]


def test_when_a_route_fails_then_attempts_are_recorded_and_the_next_night_delivers(zone):
    d = dt.date(2026, 3, 1)
    zone.export(d, 10)
    zone.primary.status = 500
    report = zone.night(d)  # does not raise
    assert "primary" in report.failed and report.delivered == {}
    failed = zone.rows("SELECT attempt, status, error_class FROM alert_deliveries WHERE route = 'primary' "
                       "AND dedup_key LIKE 'crossed:%' ORDER BY attempt")
    assert failed == [(1, "failed", "http-500"), (2, "failed", "http-500"), (3, "failed", "http-500")]
    zone.primary.status = 200
    before = len(zone.primary.bodies)  # the failed attempts reached the server too
    zone.night(d + dt.timedelta(days=1))
    assert sorted(_titles(zone.primary, before)) == sorted(["已越过申报线，需履行出境机制", "本年度首次出境敏感个人信息"])


def test_when_many_alerts_fall_in_one_run_then_the_route_gets_one_digest(tmp_path, receivers):
    zone = Zone(tmp_path, *receivers, digest_over=2)
    zone.export(dt.date(2026, 3, 1), 8100)  # three conditions at once
    report = zone.night(dt.date(2026, 3, 1))
    assert report.messages == 1 and len(zone.primary.bodies) == 1
    body = zone.primary.bodies[0]
    assert body["title"] == "出境数据预警汇总：3 条"
    assert body["message"].count("\n- ") == 2 and "81 % of 10,000" in body["message"]
    assert zone.rows("SELECT count(*), bool_and(digest) FROM alert_deliveries") == [(3, True)]


def test_when_quiet_hours_hold_then_warnings_wait_and_critical_alerts_go_out(tmp_path, receivers):
    zone = Zone(tmp_path, *receivers, quiet_hours='"22:00-07:00"')
    zone.export(dt.date(2026, 3, 1), 10)
    night = dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.UTC)  # 23:30 in Shanghai
    report = zone.night(dt.date(2026, 3, 1), now=night)
    assert _titles(zone.primary) == ["已越过申报线，需履行出境机制"] and report.held == {"primary": 1}
    zone.night(dt.date(2026, 3, 2))  # at noon: the held warning goes out
    assert _titles(zone.primary, 1) == ["本年度首次出境敏感个人信息"]


def test_when_a_file_fails_three_nights_running_then_it_is_told_once(zone):
    broken = (FailedFile("p", "/zone/p/exports/2026-03-01/guests_13800138000.csv", "cannot read it as csv"),)
    d = dt.date(2026, 3, 1)
    zone.night(d, failures=broken)
    zone.night(d + dt.timedelta(days=2), failures=broken)  # a gap: the count starts again
    zone.night(d + dt.timedelta(days=3), failures=broken)
    assert zone.primary.bodies == []
    zone.night(d + dt.timedelta(days=4), failures=broken)
    zone.night(d + dt.timedelta(days=5), failures=broken)
    assert _titles(zone.primary) == ["出境文件连续无法读取"]
    message = zone.primary.bodies[0]["message"]
    assert "13800138000" not in message and "guests_138****8000.csv" in message and "unreadable" in message


def test_when_a_bot_gets_several_messages_then_they_are_paced_to_its_rate_limit(tmp_path):
    from outbound.alerts.channels import Outcome
    from outbound.alerts.dispatch import dispatch
    from outbound.alerts.kinds import Kind, Notice, Severity
    from outbound.alerts.routing import ChannelsFile, Route

    waits: list[float] = []
    sent: list[str] = []
    notices = [Notice(Kind.CROSSED, p, 2026, "r", 1, Severity.CRITICAL) for p in ("a", "b", "c")]
    routes = ChannelsFile(routes=[Route(name="ding", url="dingtalk://${T}/", digest_over=20),
                                  Route(name="hook", url="json://127.0.0.1/x", digest_over=20)])
    wh = open_warehouse(tmp_path / "w.duckdb")
    try:
        dispatch(AlertLog(wh), notices, dt.date(2026, 3, 1), routes, send=lambda r, t, b, s: sent.append(r.name) or Outcome(True),
                 retry=Retry(sleep=waits.append), now=NOON)
    finally:
        wh.close()
    assert sent == ["ding"] * 3 + ["hook"] * 3
    assert waits == [3.0, 3.0]  # 20 a minute for the bot; the webhook is not paced


def test_when_exports_of_an_earlier_year_are_scanned_then_that_year_is_alerted_too(zone):
    zone.export(dt.date(2025, 11, 3), 5)  # scanned late: the console alerts of `outbound scan` cover 2025 too
    zone.night(dt.date(2026, 1, 5))
    assert {b["title"].rsplit(" ", 1)[1] for b in zone.primary.bodies} == {"2025"}
    assert "越线日期**: 2025-11-03" in "".join(b["message"] for b in zone.primary.bodies)
