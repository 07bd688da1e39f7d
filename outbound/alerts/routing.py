"""Where alerts go: the channels file (YAML) and $OUTBOUND_ALERT_URLS.

A route names an apprise URL *template*: secrets are `${ENV_VAR}` placeholders resolved only at
send time (or a whole URL from an Airflow connection, `airflow_conn`), never written in the file,
never logged. A route is known everywhere by its `name`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from outbound.alerts.kinds import Kind, Notice, Severity
from outbound.common.errors import Terminal

URLS_ENV = "OUTBOUND_ALERT_URLS"  # contract: apprise URLs separated by spaces, every alert of every processor
CHANNELS_ENV = "OUTBOUND_ALERT_CHANNELS"  # path of the channels file
SHANGHAI = ZoneInfo("Asia/Shanghai")
PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
BOT_SCHEMES = ("dingtalk", "wecombot", "feishu", "lark")  # the token itself is the secret
SECRET_PARAMS = re.compile(r"[?&](?:pass|password|secret|token|key|apikey)=([^&]*)", re.I)


class AlertConfigError(Terminal):
    """The channels file or $OUTBOUND_ALERT_URLS is wrong: the message names the route and the fix."""


class Route(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]+$")]
    url: str | None = None  # apprise URL with ${ENV} placeholders for every secret
    airflow_conn: str | None = None  # or: the Airflow connection whose URI is the apprise URL
    zones: tuple[str, ...] = ()  # empty: every zone
    processors: tuple[str, ...] = ()  # empty: every processor
    min_severity: Severity = Severity.WARNING
    language: Literal["zh", "en"] = "zh"
    quiet_hours: str | None = None  # "22:00-07:00", Asia/Shanghai; critical alerts still go out
    role: Literal["primary", "escalation", "all"] = "primary"
    digest_over: Annotated[int, Field(ge=1)] = 5  # more alerts than this in a run: one digest

    @field_validator("quiet_hours")
    @classmethod
    def _hours(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"\d{2}:\d{2}-\d{2}:\d{2}", v):
            raise ValueError(f"quiet_hours {v!r} is not HH:MM-HH:MM (Asia/Shanghai), e.g. 22:00-07:00")
        return v

    def accepts(self, notice: Notice, zone: str | None, escalated: bool) -> bool:
        if notice.kind is Kind.TEST:
            return True
        if self.role != "all" and escalated != (self.role == "escalation"):
            return False
        return ((not self.zones or zone in self.zones)
                and (not self.processors or notice.processor in self.processors)
                and notice.severity.rank >= self.min_severity.rank)

    @property
    def scheme(self) -> str | None:
        """The URL's scheme (not secret); None for an Airflow connection."""
        return self.url.split("://", 1)[0].lower() if self.url and "://" in self.url else None

    def quiet(self, now: dt.datetime) -> bool:
        """Whether `now` falls in the route's quiet hours (Asia/Shanghai; a span may cross midnight)."""
        if not self.quiet_hours:
            return False
        start, end = (dt.time.fromisoformat(t) for t in self.quiet_hours.split("-"))
        t = now.astimezone(SHANGHAI).time()
        return start <= t < end if start <= end else (t >= start or t < end)


class ChannelsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    escalate_after_days: Annotated[int, Field(ge=1)] = 14  # crossed, no registered mechanism, this long
    routes: list[Route] = []


def check_no_clear_secret(route: Route) -> None:
    """Refuse a URL that writes a secret in clear: bot tokens, passwords, secret= parameters."""
    url = route.url or ""
    if "://" not in url:
        raise AlertConfigError(f"route {route.name}: url is not an apprise URL (scheme://…); see docs/alerts.md")
    scheme, rest = url.split("://", 1)
    netloc = re.split(r"[/?]", rest, maxsplit=1)[0]
    clear = []
    if scheme.lower() in BOT_SCHEMES:
        clear.append(netloc)
    elif "@" in netloc and ":" in (userinfo := netloc.rsplit("@", 1)[0]):
        clear.append(userinfo.split(":", 1)[1])  # the password; a user name is no secret
    clear += SECRET_PARAMS.findall(rest)
    if any(PLACEHOLDER.sub("", part).strip(":@") for part in clear):
        raise AlertConfigError(
            f"route {route.name}: its URL holds a secret in clear; put it in an environment variable and "
            "write ${VAR} in its place (or use airflow_conn)")


def load_channels(path: Path) -> ChannelsFile:
    """Read and check a channels file; every problem is one line naming the file and the route."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise AlertConfigError(f"channels file {path}: cannot read it ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise AlertConfigError(f"channels file {path}: not valid YAML ({str(exc).splitlines()[0]})") from exc
    try:
        cf = ChannelsFile.model_validate(data)
    except ValidationError as exc:
        e = exc.errors()[0]
        where = ".".join(str(p) for p in e["loc"])
        raise AlertConfigError(f"channels file {path}: {where}: {e['msg']}") from None
    names = [r.name for r in cf.routes]
    if len(set(names)) != len(names):
        raise AlertConfigError(f"channels file {path}: route names must be unique ({', '.join(names)})")
    for r in cf.routes:
        if (r.url is None) == (r.airflow_conn is None):
            raise AlertConfigError(f"channels file {path}: route {r.name}: give exactly one of url and airflow_conn")
        if r.url is not None:
            try:
                check_no_clear_secret(r)
            except AlertConfigError as exc:
                raise AlertConfigError(f"channels file {path}: {exc}") from None
    return cf


def env_routes(value: str | None = None) -> list[Route]:
    """$OUTBOUND_ALERT_URLS: each URL a route named env-N-<scheme> receiving every alert of every
    processor (all severities, both roles). The URL lives only in the environment."""
    raw = os.environ.get(URLS_ENV, "") if value is None else value
    routes = []
    for i, url in enumerate(raw.split(), start=1):
        scheme = url.split("://", 1)[0].lower() if "://" in url else "invalid"
        routes.append(Route(name=f"env-{i}-{re.sub(r'[^a-z0-9]', '', scheme) or 'url'}", url=url,
                            min_severity=Severity.INFO, role="all"))
    return routes


def configured(channels: Path | None) -> ChannelsFile:
    """The routes in force: the channels file (argument, else $OUTBOUND_ALERT_CHANNELS) and the
    URLs of $OUTBOUND_ALERT_URLS. Neither: no routes, nothing is sent."""
    path = channels or (Path(p) if (p := os.environ.get(CHANNELS_ENV)) else None)
    cf = load_channels(path) if path else ChannelsFile()
    return ChannelsFile(escalate_after_days=cf.escalate_after_days, routes=[*cf.routes, *env_routes()])


def resolve_url(route: Route) -> tuple[str, tuple[str, ...]]:
    """The route's URL with its secrets filled in, and those secrets (to mask them in any message)."""
    if route.airflow_conn:
        return _airflow_url(route)
    assert route.url is not None
    missing = [v for v in PLACEHOLDER.findall(route.url) if not os.environ.get(v)]
    if missing:
        raise AlertConfigError(f"route {route.name}: environment variable {missing[0]} is not set; "
                               "export it where the scan or the DAG runs")
    secrets = tuple(os.environ[v] for v in PLACEHOLDER.findall(route.url))
    url = PLACEHOLDER.sub(lambda m: os.environ[m.group(1)], route.url)
    # any part of the URL may be a secret (a whole URL from the environment or the command line)
    secrets += tuple(p for p in re.split(r"[:/@?&=]+", url.split("://", 1)[-1]) if len(p) >= 4)
    return url, secrets


def _airflow_url(route: Route) -> tuple[str, tuple[str, ...]]:
    try:
        from airflow.sdk import BaseHook  # lazy: ~2 s, and only for routes that use a connection
    except ImportError as exc:
        raise AlertConfigError(f"route {route.name}: airflow_conn needs Airflow installed ({exc})") from exc
    try:
        conn = BaseHook.get_connection(str(route.airflow_conn))
    except Exception as exc:  # Airflow raises its own not-found error class
        raise AlertConfigError(f"route {route.name}: Airflow connection {route.airflow_conn!r} not found; "
                               "create it (airflow connections add) or set AIRFLOW_CONN_…") from exc
    url = conn.get_uri()
    secrets = tuple(s for s in (conn.password, conn.login, conn.host) if s)
    return url, secrets
