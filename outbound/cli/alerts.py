"""`outbound alerts list|send|test`: the alert routes and their deliveries (outbound.alerts).

Thin: every command calls outbound.alerts or outbound.pipeline.alerting; nothing here knows a
channel. Imports stay light at the CLI's start (click only); the rest is imported inside the commands.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from outbound.cli.common import WAREHOUSE_HELP, parse_date, warehouse_path

CHANNELS_HELP = "Channels file (YAML) [default: $OUTBOUND_ALERT_CHANNELS]; $OUTBOUND_ALERT_URLS is always added."


@click.group()
def alerts() -> None:
    """Alerts to people: DingTalk, WeCom, Feishu/Lark, e-mail, webhooks (see docs/alerts.md).

    \b
    Routes come from a channels file and from $OUTBOUND_ALERT_URLS (apprise URLs separated by
    spaces, told every alert of every processor). `outbound scan` and the nightly DAG send too.

    \b
    Example:
      outbound alerts test 'json://127.0.0.1:8080/hook'
      outbound alerts send --zone zone/
      outbound alerts list
    """


@alerts.command("list")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--days", default=31, show_default=True, type=click.IntRange(min=1), help="How far back.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def list_(warehouse: str | None, days: int, as_json: bool) -> None:
    """Open alerts and what became of each delivery (route name, status, error class).

    \b
    Example:
      outbound alerts list --warehouse demo/outbound.duckdb
    """
    from outbound.pipeline.alerting import history

    raised, tried = history(warehouse_path(warehouse), days)
    if as_json:
        click.echo(json.dumps({
            "alerts": [{**r.notice.to_json(), "dedup_key": r.notice.dedup_key, "first_night": str(r.first_night),
                        "last_night": str(r.last_night)} for r in raised],
            "deliveries": [dict(zip(("night", "route", "dedup_key", "level", "attempt", "status", "error_class",
                                     "digest", "at"), map(str, d), strict=True)) for d in tried],
        }, ensure_ascii=False, indent=2))
        return
    last = {(str(d[2]), str(d[1])): (str(d[5]), d[6]) for d in tried}
    for r in raised:
        n = r.notice
        told = ", ".join(f"{route}={status}{f' ({err})' if err else ''}"
                         for (key, route), (status, err) in sorted(last.items()) if key == n.dedup_key)
        click.echo(f"{n.severity.value:8} {n.dedup_key}  level {n.level}  since {r.first_night}  {told or 'not sent'}")
    if not raised:
        click.echo("no open alerts")


@alerts.command("send")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--channels", type=click.Path(path_type=Path, dir_okay=False), help=CHANNELS_HELP)
@click.option("--zone", type=click.Path(path_type=Path, file_okay=False),
              help="Zone folder: each <processor>/filing.yaml adds USCC, filing reference and renewal alerts.")
@click.option("--processor", "processors", multiple=True, help="Only these processors [default: all].")
@click.option("--spot-check", "reports", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="A spot-check.json (outbound spot-check --out): its drift and filing state become alerts.")
@click.option("--as-of", "night", callback=parse_date, help="Night assessed, YYYY-MM-DD [default: today, Asia/Shanghai].")
def send(warehouse: str | None, channels: Path | None, zone: Path | None, processors: tuple[str, ...],
         reports: tuple[Path, ...], night: dt.date | None) -> None:
    """Gather the alerts and send what is new, worse or still undelivered to every route.

    Exit 1 when some route could not be told (it is retried on the next run).

    \b
    Example:
      OUTBOUND_ALERT_URLS="json://127.0.0.1:8080/hook" outbound alerts send --zone demo/zone
      outbound alerts send --channels channels.yaml --spot-check spot-check/sh-retail/spot-check.json
    """
    from outbound.alerts.build import drift_notices
    from outbound.alerts.routing import configured
    from outbound.common.errors import UsageError
    from outbound.pipeline.alerting import notify

    configured(channels)  # a broken channels file is a usage error here, not a logged warning
    extra = []
    for path in reports:
        try:
            extra += drift_notices(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"spot-check report {path}: not readable as outbound spot-check JSON "
                             f"({type(exc).__name__}); pass the spot-check.json that --out wrote") from exc
    report = notify(warehouse_path(warehouse), processors or None, on=night, zone=zone, channels=channels,
                    extra=extra, when_no_route=True)
    click.echo(report.line())
    if report.failed:
        for route, reason in sorted(report.failed.items()):
            click.echo(f"not delivered: {route}: {' '.join(reason.split())}", err=True)
        sys.exit(1)


@alerts.command("test")
@click.argument("route")
@click.option("--channels", type=click.Path(path_type=Path, dir_okay=False), help=CHANNELS_HELP)
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language [default: the route's, zh].")
def test(route: str, channels: Path | None, lang: str | None) -> None:
    """Send one test alert to ROUTE (a route name, or an apprise URL); exit 0 when delivered, 1 when not.

    \b
    Example:
      outbound alerts test 'json://127.0.0.1:8080/hook'
      outbound alerts test compliance-dingtalk --channels channels.yaml
    """
    from outbound.alerts import render
    from outbound.alerts.channels import send as deliver
    from outbound.alerts.dispatch import test_notice
    from outbound.alerts.routing import AlertConfigError, Route, configured

    try:
        if "://" in route:  # a URL given here is the caller's own: named by its scheme, never echoed
            chosen = Route(name=f"given-{route.split('://', 1)[0].lower() or 'url'}", url=route)
        else:
            named = {r.name: r for r in configured(channels).routes}
            if route not in named:
                raise AlertConfigError(f"no route named {route!r}; known: {', '.join(named) or 'none'} "
                                       "(--channels, $OUTBOUND_ALERT_CHANNELS, $OUTBOUND_ALERT_URLS)")
            chosen = named[route]
    except (AlertConfigError, ValueError) as exc:
        click.echo(f"not delivered: {' '.join(str(exc).split())[:300]}", err=True)
        sys.exit(1)
    language = lang or chosen.language
    notice = test_notice(dt.datetime.now(dt.UTC))
    outcome = deliver(chosen, render.title(notice, language), render.body(notice, language))  # type: ignore[arg-type]
    if not outcome.ok:
        click.echo(f"not delivered: {' '.join(outcome.reason.split())}", err=True)
        sys.exit(1)
    click.echo(f"delivered: test alert to {chosen.name}")
