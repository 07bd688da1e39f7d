"""After a scan (the CLI's `scan`, the nightly DAG): gather tonight's conditions from the
warehouse, the zone's filings and the run's failed files, and dispatch them. Never raises.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from outbound.alerts import build, ledger
from outbound.alerts.dispatch import DEFAULT_RETRY, Retry, RunReport, Sender, dispatch
from outbound.alerts.kinds import Notice, file_key
from outbound.common.errors import OutboundError
from outbound.common.masking import redact
from outbound.warehouse.store import Warehouse

log = logging.getLogger("outbound.alerts")


@dataclass(frozen=True, slots=True)
class FailedFile:
    processor: str
    path: str
    error: str


def error_class(error: str) -> str:
    return "internal" if "internal error" in error else "unreadable"


def processor_notices(warehouse: Path, processor: str, night: dt.date, zone: Path | None,
                      report: str | None = None) -> list[Notice]:
    """Tonight's conditions of one processor: lines, first sensitive/important, lists, filing."""
    from outbound.pipeline import flow
    from outbound.regulation import rules
    from outbound.warehouse import open_warehouse

    policy = rules.alert_policy(night)
    filing = build.load_filing_beside(zone, processor)
    wh = open_warehouse(warehouse, read_only=True)
    try:
        years = [y for y in wh.years(processor) if y <= night.year]  # every year the console alerts cover
        row = wh.query("SELECT name, zone FROM processors WHERE processor = $p", {"p": processor})
        labels = {y: wh.year_labels(processor, y, night) for y in years}
    finally:
        wh.close()
    name, zone_id = (row[0] if row else (None, None))
    ctx = build.context_from_filing(filing, name=name, zone=zone_id, report=report)
    out: list[Notice] = []
    for year in years:
        a, series = flow.assess_year(warehouse, processor, year, on=night)
        out += build.threshold_notices(a, series, ctx, policy.approaching_shares)
        out += build.first_time_notices(a, series, labels[year], ctx)
        out += build.list_notices(a, ctx)
    if filing is not None and (n := build.filing_notice(filing, night, ctx)) is not None:
        out.append(n)
    return out


def failure_notices(wh: Warehouse, failures: Sequence[FailedFile], night: dt.date) -> list[Notice]:
    from outbound.regulation import rules

    need = rules.alert_policy(night).scan_failure_nights
    out = []
    for f in failures:
        key, cls, name = file_key(f.processor, f.path), error_class(f.error), redact(Path(f.path).name)
        nights = ledger.record_scan_failure(wh, f.processor, key, name, cls, night)
        if nights >= need:
            out.append(build.scan_failure_notice(f.processor, night.year, key, name, cls, nights, build.Context()))
    return out


def notify(warehouse: Path, processors: Sequence[str], *, night: dt.date | None = None, zone: Path | None = None,
           failures: Sequence[FailedFile] = (), channels: Path | None = None, send: Sender | None = None,
           retry: Retry = DEFAULT_RETRY, now: dt.datetime | None = None, extra: Sequence[Notice] = (),
           when_no_route: bool = False, report: str | None = None) -> RunReport:
    """Gather and dispatch; any problem (a bad channels file, a broken filing) is logged on one
    line and reported, never raised: alerting must not fail the scan it follows.

    With no route configured nothing is gathered (a scan stays as fast as before) unless
    `when_no_route` (`outbound alerts send` records the conditions for routes added later).
    `extra`: notices gathered elsewhere (drift from spot-check reports); `report`: the path or link
    of the run's report, named in each alert."""
    from outbound.alerts.routing import configured
    from outbound.pipeline.clock import today
    from outbound.warehouse import open_warehouse

    night = night or today()
    try:
        routes = configured(channels)
        if not routes.routes and not when_no_route:
            return RunReport()
        notices: list[Notice] = list(extra)
        for p in processors:
            try:
                notices += processor_notices(warehouse, p, night, zone, report)
            except OutboundError as exc:
                log.warning("alerts for %s skipped: %s", p, exc)
        wh = open_warehouse(warehouse)
        try:
            notices += failure_notices(wh, failures, night)
            return dispatch(wh, notices, night, routes, send=send, retry=retry, now=now)
        finally:
            wh.close()
    except OutboundError as exc:
        log.warning("alerts not sent: %s", exc)
        return RunReport(failed={"config": str(exc)})
    except Exception as exc:  # alerting must never fail the scan; OUTBOUND_DEBUG shows where
        import os

        if os.environ.get("OUTBOUND_DEBUG"):
            raise
        log.warning("alerts not sent: internal error %s", type(exc).__name__)
        return RunReport(failed={"internal": type(exc).__name__})
