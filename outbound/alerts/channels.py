"""Send one message to one route through apprise; say how it went without leaking a secret.

apprise logs URLs and tokens at debug level and some tokens in its warnings: its logger is
captured here (not propagated), and what is kept of it has every secret of the route masked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from outbound.alerts.routing import AlertConfigError, Route, resolve_url

log = logging.getLogger("outbound.alerts")


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    error_class: str | None = None  # config | invalid-url | connection | http-NNN | refused | not-delivered
    reason: str = ""  # one line, secrets masked


def mask_secrets(text: str, secrets: tuple[str, ...]) -> str:
    for s in sorted(secrets, key=len, reverse=True):
        if s:
            text = text.replace(s, "***")
    return text


def _classify(lines: list[str]) -> str:
    text = " ".join(lines)
    if m := re.search(r"error=(\d{3})", text):
        return f"http-{m.group(1)}"
    if "refused code=" in text:
        return "refused"
    if "connection error" in text.lower() or "connect" in text.lower():
        return "connection"
    return "not-delivered"


@contextmanager
def _quiet_transport() -> Iterator[None]:
    """urllib3 logs each request line (token and signature in the query) at debug level: not while
    we send, whatever level the caller (Airflow, -v) set."""
    pool = logging.getLogger("urllib3.connectionpool")
    before = pool.level
    pool.setLevel(logging.WARNING)
    try:
        yield
    finally:
        pool.setLevel(before)


def send(route: Route, title: str, body: str, severity: str = "info", *, timeout: float = 10.0) -> Outcome:
    """Deliver one markdown message to `route` (`severity`: info | warning | critical, apprise's
    notify type: a webhook sees it as `type`). Never raises for a delivery problem."""
    logging.getLogger("apprise").propagate = False  # its lines may hold the URL: never in our logs
    import apprise  # lazy: about 0.5 s, and only when something is sent

    from outbound.alerts.plugins import register

    register()
    try:
        url, secrets = resolve_url(route)
    except AlertConfigError as exc:
        return Outcome(False, "config", str(exc))
    asset = apprise.AppriseAsset(async_mode=False)
    with _quiet_transport(), apprise.LogCapture(level=logging.INFO, fmt="%(message)s") as captured:
        app = apprise.Apprise(asset=asset)
        if not app.add(url, tag=None):
            return Outcome(False, "invalid-url", f"route {route.name}: apprise does not accept its URL "
                           "(scheme or token format); see docs/alerts.md")
        for server in app:
            server.socket_connect_timeout = server.socket_read_timeout = timeout
        notify_type = {"critical": apprise.NotifyType.FAILURE, "warning": apprise.NotifyType.WARNING}.get(
            severity, apprise.NotifyType.INFO)
        ok = bool(app.notify(body=body, title=title, body_format=apprise.NotifyFormat.MARKDOWN,
                             notify_type=notify_type))
        lines = [mask_secrets(x, secrets) for x in captured.getvalue().splitlines() if x.strip()]
    if ok:
        return Outcome(True)
    warned = [x for x in lines if "Fail" in x or "error" in x.lower()] or lines or ["no answer"]
    reason = f"route {route.name}: " + re.sub(r"\s+", " ", warned[-1])[:240]
    log.info("alert delivery failed: %s", reason)  # the caller reports it once (scan line, CLI, ledger)
    return Outcome(False, _classify(lines), reason)
