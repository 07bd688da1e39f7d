"""Each channel as it leaves: a real loopback webhook and SMTP server; the bots at the transport."""

from __future__ import annotations

import base64
import hashlib
import hmac
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from outbound.alerts.channels import send
from outbound.alerts.routing import Route

TITLE, BODY = "已越过申报线 — 示例零售 2026", "- **出境人数**: 12,345\n- **证据（掩码）**: `110***********123X`"


def _route(url: str, name: str = "r") -> Route:
    return Route(name=name, url=url)


def test_when_a_json_webhook_is_sent_then_the_loopback_server_receives_title_and_markdown(receiver):
    outcome = send(_route(receiver.url), TITLE, BODY)
    assert outcome.ok
    (body,) = receiver.bodies
    assert body["title"] == TITLE and body["message"] == BODY
    assert receiver.paths == ["/alerts"]


def test_when_the_webhook_answers_500_then_the_delivery_fails_with_its_http_class(receiver):
    receiver.status = 500
    outcome = send(_route(receiver.url, "platform"), TITLE, BODY)
    assert not outcome.ok and outcome.error_class == "http-500"
    assert outcome.reason.startswith("route platform:") and "\n" not in outcome.reason


def test_when_nothing_listens_then_the_delivery_fails_as_a_connection_error():
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    outcome = send(_route(f"json://127.0.0.1:{port}/x"), TITLE, BODY, timeout=2)
    assert not outcome.ok and outcome.error_class == "connection"


def test_when_an_email_is_sent_then_the_local_smtp_server_receives_it_with_the_alert(smtp, monkeypatch):
    monkeypatch.setenv("SMTP_PASSWORD", "pw-for-test")
    route = Route(name="agency-mail", url=f"mailto://alerts:${{SMTP_PASSWORD}}@127.0.0.1:{smtp.port}"
                  "?mode=insecure&from=alerts@example.com&to=officer@example.com")
    assert send(route, TITLE, BODY).ok
    (msg,) = smtp.messages
    assert smtp.logins == [("alerts", "pw-for-test")]  # the password came from the environment
    assert msg["to"] == ["officer@example.com"]
    import email
    from email.header import decode_header, make_header

    parsed = email.message_from_string(msg["data"])
    assert str(make_header(decode_header(parsed["Subject"]))) == TITLE
    texts = [p.get_payload(decode=True).decode("utf-8") for p in parsed.walk() if not p.is_multipart()]
    assert any("12,345" in t and "110***********123X" in t for t in texts)


def test_when_dingtalk_is_signed_then_the_sign_is_hmac_of_timestamp_and_secret_quoted_once(wire, monkeypatch):
    monkeypatch.setenv("DINGTALK_SECRET", "SEC0123456789abcdef")
    monkeypatch.setenv("DINGTALK_TOKEN", "abcdef0123456789")
    assert send(_route("dingtalk://${DINGTALK_SECRET}@${DINGTALK_TOKEN}/"), TITLE, BODY).ok
    req = wire.requests[-1]
    parts = urlsplit(req.url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "oapi.dingtalk.com", "/robot/send")
    q = parse_qs(parts.query)  # decodes once, as DingTalk does
    assert q["access_token"] == ["abcdef0123456789"]
    ts = q["timestamp"][0]
    assert abs(int(ts) / 1000 - time.time()) < 60
    expected = base64.b64encode(hmac.new(b"SEC0123456789abcdef", f"{ts}\nSEC0123456789abcdef".encode(),
                                         hashlib.sha256).digest()).decode()
    assert q["sign"] == [expected]  # apprise 2.2 itself would send it quoted twice (%252B)
    payload = wire.body()
    assert payload["msgtype"] == "markdown"
    assert payload["markdown"]["title"] == TITLE and BODY in payload["markdown"]["text"]


def test_when_dingtalk_answers_200_with_an_error_code_then_it_is_not_delivered(wire):
    wire.reply = {"errcode": 310000, "errmsg": "sign not match"}
    outcome = send(_route("dingtalk://abcdef0123456789/"), TITLE, BODY)
    assert not outcome.ok and outcome.error_class == "refused"
    assert "310000" in outcome.reason


def test_when_wecom_is_sent_then_the_bot_key_url_and_a_markdown_payload_go_out(wire, monkeypatch):
    monkeypatch.setenv("WECOM_KEY", "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa")
    assert send(_route("wecombot://${WECOM_KEY}"), TITLE, BODY).ok
    assert wire.requests[-1].url == ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?"
                                     "key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa")
    assert wire.body() == {"msgtype": "markdown", "markdown": {"content": f"### {TITLE}\n{BODY}"}}


@pytest.mark.parametrize(("scheme", "host"), [("feishu", "open.feishu.cn"), ("lark", "open.larksuite.com")])
def test_when_feishu_or_lark_is_signed_then_the_body_carries_timestamp_and_our_signature(wire, monkeypatch, scheme, host):
    monkeypatch.setenv("FEISHU_TOKEN", "0b1c2d3e-aaaa-bbbb-cccc-0123456789ab")
    monkeypatch.setenv("FEISHU_SECRET", "feishuSecretForTest")
    assert send(_route(f"{scheme}://${{FEISHU_TOKEN}}/?secret=${{FEISHU_SECRET}}"), TITLE, BODY).ok
    req = wire.requests[-1]
    assert urlsplit(req.url).netloc == host
    assert "0b1c2d3e-aaaa-bbbb-cccc-0123456789ab" in req.url and "feishuSecretForTest" not in req.url
    payload = wire.body()
    ts = payload["timestamp"]
    assert abs(int(ts) - time.time()) < 60
    # Feishu documents key = "timestamp\nsecret", message empty (the reverse of DingTalk)
    expected = base64.b64encode(hmac.new(f"{ts}\nfeishuSecretForTest".encode(), b"", hashlib.sha256).digest()).decode()
    assert payload["sign"] == expected
    assert payload["msg_type"] == "interactive"
    assert payload["card"]["header"]["title"]["content"] == TITLE
    assert payload["card"]["elements"] == [{"tag": "markdown", "content": BODY}]


def test_when_a_secret_placeholder_is_unset_then_nothing_is_sent_and_the_variable_is_named(wire):
    outcome = send(_route("dingtalk://${NOT_SET_ANYWHERE}@abcdef/"), TITLE, BODY)
    assert not outcome.ok and outcome.error_class == "config"
    assert "NOT_SET_ANYWHERE" in outcome.reason and wire.requests == []


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outbound", "alerts", *args], capture_output=True, text=True,
                          timeout=120)


def test_when_alerts_test_reaches_the_url_then_it_exits_0(receiver):
    done = _cli("test", receiver.url)
    assert done.returncode == 0, done.stderr
    assert len(receiver.bodies) == 1 and receiver.bodies[0]["type"] == "info"


def test_when_alerts_test_cannot_deliver_then_it_exits_1_with_one_line_of_reason(receiver):
    receiver.status = 503
    done = _cli("test", receiver.url)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "503" in done.stderr and str(receiver.port) not in done.stderr  # the URL is not echoed


def test_when_a_route_names_an_airflow_connection_then_its_uri_is_the_url(receiver, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_OUTBOUND_HOOK", f"json://127.0.0.1:{receiver.port}/alerts")
    assert send(Route(name="hook", airflow_conn="outbound_hook"), TITLE, BODY).ok
    assert receiver.bodies[0]["message"] == BODY


def test_when_the_airflow_connection_is_missing_then_the_route_fails_naming_it():
    outcome = send(Route(name="hook", airflow_conn="no_such_connection_here"), TITLE, BODY)
    assert not outcome.ok and outcome.error_class == "config" and "no_such_connection_here" in outcome.reason
