"""The channels file: routes per zone and processor, severity, language, quiet hours; secrets only
from the environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from outbound.alerts.kinds import Kind, Notice, Severity
from outbound.alerts.routing import (
    AlertConfigError,
    Route,
    configured,
    env_routes,
    load_channels,
    resolve_url,
)

GOOD = """
escalate_after_days: 10
routes:
  - name: sh-dingtalk
    url: "dingtalk://${DINGTALK_SECRET}@${DINGTALK_TOKEN}/"
    zones: [shanghai-ftz]
    min_severity: critical
    quiet_hours: "22:00-07:00"
  - name: retail-mail
    url: "mailtos://alerts:${SMTP_PASSWORD}@smtp.example.com?to=dpo@example.com"
    processors: [sh-retail]
    language: en
    min_severity: info
  - name: agency-escalation
    url: "jsons://agency.example.com/hooks/outbound"
    role: escalation
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "channels.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def _notice(processor: str = "sh-retail", severity: Severity = Severity.WARNING) -> Notice:
    return Notice(Kind.APPROACHING, processor, 2026, "pi-standard-contract", 800, severity)


def test_when_the_channels_file_is_read_then_routes_keep_their_filters(tmp_path):
    cf = load_channels(_write(tmp_path, GOOD))
    assert cf.escalate_after_days == 10
    ding, mail, agency = cf.routes
    assert (ding.zones, ding.min_severity, ding.language) == (("shanghai-ftz",), Severity.CRITICAL, "zh")
    assert (mail.processors, mail.language) == (("sh-retail",), "en")
    assert agency.role == "escalation"


@pytest.mark.parametrize(
    ("route", "notice", "zone", "escalated", "accepted"),
    [
        ("sh-dingtalk", _notice(severity=Severity.CRITICAL), "shanghai-ftz", False, True),
        ("sh-dingtalk", _notice(severity=Severity.WARNING), "shanghai-ftz", False, False),
        ("sh-dingtalk", _notice(severity=Severity.CRITICAL), "fujian-ftz", False, False),
        ("retail-mail", _notice(), None, False, True),
        ("retail-mail", _notice("sh-hotel"), None, False, False),
        ("agency-escalation", _notice(), None, False, False),
        ("agency-escalation", _notice(), None, True, True),
        ("retail-mail", _notice(), None, True, False),
    ],
    ids=["zone-critical", "below-min-severity", "other-zone", "processor", "other-processor",
         "escalation-route-not-primary", "escalation-route-escalated", "primary-not-escalated"],
)
def test_when_routing_a_notice_then_zone_processor_severity_and_role_decide(tmp_path, route, notice, zone,
                                                                           escalated, accepted):
    routes = {r.name: r for r in load_channels(_write(tmp_path, GOOD)).routes}
    assert routes[route].accepts(notice, zone, escalated) is accepted


@pytest.mark.parametrize(
    "url",
    ["dingtalk://SECabc123@abcdef012345/", "wecombot://693a91f6-7xxx", "mailtos://alerts:hunter22@smtp.example.com",
     "json://hook.example.com/x?token=abc123", "feishu://${FEISHU_TOKEN}/?secret=plaintext"],
    ids=["dingtalk-token", "wecom-key", "smtp-password", "token-param", "feishu-secret-param"],
)
def test_when_a_secret_is_written_in_clear_then_the_file_is_refused_naming_the_route(tmp_path, url):
    with pytest.raises(AlertConfigError, match=r"route leaky: its URL holds a secret in clear.*\$\{VAR\}") as e:
        load_channels(_write(tmp_path, f"routes:\n  - name: leaky\n    url: \"{url}\"\n"))
    secret_part = url.split("://")[1].split("/")[0].split("@")[0]
    assert secret_part not in str(e.value) or secret_part.startswith("${")


@pytest.mark.parametrize(
    ("text", "message"),
    [("routes:\n  - name: a\n    url: json://x/\n    colour: red\n", "routes.0.colour"),
     ("routes:\n  - name: a\n    url: json://x/\n    quiet_hours: night\n", "HH:MM-HH:MM"),
     ("routes:\n  - name: a\n", "exactly one of url and airflow_conn"),
     ("routes: [\n", "not valid YAML")],
    ids=["unknown-key", "bad-quiet-hours", "no-url", "broken-yaml"],
)
def test_when_the_channels_file_is_wrong_then_one_line_names_file_and_field(tmp_path, text, message):
    with pytest.raises(AlertConfigError, match=message) as e:
        load_channels(_write(tmp_path, text))
    assert "channels.yaml" in str(e.value) and "\n" not in str(e.value)


def test_when_placeholders_are_resolved_then_the_secrets_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DINGTALK_SECRET", "SECfromenv1")
    monkeypatch.setenv("DINGTALK_TOKEN", "tokfromenv2")
    url, secrets = resolve_url(Route(name="d", url="dingtalk://${DINGTALK_SECRET}@${DINGTALK_TOKEN}/"))
    assert url == "dingtalk://SECfromenv1@tokfromenv2/"
    assert {"SECfromenv1", "tokfromenv2"} <= set(secrets)


def test_when_outbound_alert_urls_holds_several_urls_then_each_is_a_route_for_everything(monkeypatch):
    monkeypatch.setenv("OUTBOUND_ALERT_URLS", "json://127.0.0.1:1/a   dingtalk://abc123/ ")
    routes = configured(None).routes
    assert [r.name for r in routes] == ["env-1-json", "env-2-dingtalk"]
    assert all(r.role == "all" and r.min_severity is Severity.INFO for r in routes)
    assert routes[0].accepts(_notice("any-processor", Severity.INFO), "any-zone", False)
    assert routes[0].accepts(_notice("any-processor", Severity.INFO), None, True)
    assert env_routes("") == []


@pytest.mark.parametrize(
    ("hours", "shanghai_time", "quiet"),
    [("22:00-07:00", "23:30", True), ("22:00-07:00", "06:59", True), ("22:00-07:00", "07:00", False),
     ("12:00-13:00", "12:30", True), ("12:00-13:00", "21:00", False)],
    ids=["late-evening", "early-morning", "end-exclusive", "same-day-span", "outside"],
)
def test_when_quiet_hours_are_set_then_shanghai_time_decides(hours, shanghai_time, quiet):
    from zoneinfo import ZoneInfo

    h, m = map(int, shanghai_time.split(":"))
    now = dt.datetime(2026, 3, 1, h, m, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(dt.UTC)
    assert Route(name="r", url="json://x/", quiet_hours=hours).quiet(now) is quiet
