"""Real parts for the alert tests: a loopback webhook receiver, a loopback SMTP server (aiosmtpd),
a real DuckDB warehouse; the Chinese bot hosts (unreachable here) intercepted at the transport."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from outbound.alerts.receiver import Receiver


@pytest.fixture(autouse=True)
def _no_routes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTBOUND_ALERT_URLS", raising=False)
    monkeypatch.delenv("OUTBOUND_ALERT_CHANNELS", raising=False)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Mailbox:
    port: int
    messages: list[dict[str, Any]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                              "data": envelope.content.decode("utf-8", "replace")})
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    controller_mod = pytest.importorskip("aiosmtpd.controller", reason="aiosmtpd is not installed (pip: aiosmtpd)")
    from aiosmtpd.smtp import AuthResult

    box = Mailbox(_free_port())

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        box.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=True)

    # plain AUTH over loopback without TLS: this server lives for one test on 127.0.0.1
    controller = controller_mod.Controller(box, hostname="127.0.0.1", port=box.port, authenticator=authenticator,
                                           auth_require_tls=False)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@dataclass
class Wire:
    """What left through the HTTP transport; answers with `reply` (JSON) and `status`."""

    requests: list[requests.PreparedRequest] = field(default_factory=list)
    reply: dict[str, Any] = field(default_factory=lambda: {"errcode": 0, "code": 0})
    status: int = 200

    def body(self, i: int = -1) -> dict[str, Any]:
        raw = self.requests[i].body
        return json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else str(raw))


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> Wire:
    """Intercept at requests' transport adapter: the request is fully built (URL, query, headers,
    body) exactly as it would go to oapi.dingtalk.com / qyapi.weixin.qq.com / open.feishu.cn."""
    w = Wire()
    real_send = requests.adapters.HTTPAdapter.send

    def fake_send(self: Any, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if urlsplit(request.url or "").hostname == "127.0.0.1":  # loopback servers are real: let it through
            return real_send(self, request, **kwargs)
        w.requests.append(request)
        r = requests.Response()
        r.status_code, r._content, r.request, r.url = w.status, json.dumps(w.reply).encode(), request, request.url
        return r

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", fake_send)
    return w
