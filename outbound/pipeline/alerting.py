"""Alerts to people after a scan (the CLI's `scan` and `alerts send`, the nightly DAG): gather
tonight's conditions from the warehouse, the zone's filings and the run's failed files, and hand
them to `outbound.alerts` to deduplicate and deliver, recorded in the warehouse's alert ledger.

This is the one place that reads the warehouse and the filings for alerts and orders the work;
outbound.alerts decides what is worth telling and tells it. `notify` never raises: alerting must
not fail the scan it follows.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from outbound.common.errors import OutboundError
from outbound.common.masking import redact
from outbound.pipeline.clock import today

if TYPE_CHECKING:
    from outbound.alerts.build import Context
    from outbound.alerts.dispatch import Retry, RunReport, Sender
    from outbound.alerts.kinds import Notice
    from outbound.alerts.ledger import Raised
    from outbound.expectations.filing import Filing
    from outbound.warehouse.alert_log import AlertLog

log = logging.getLogger("outbound.alerts")


class FailedFile(NamedTuple):
    """A file this run could not scan: (processor, path, error)."""

    processor: str
    path: str
    error: str


def load_filing_beside(zone: Path | None, processor: str) -> Filing | None:
    """The processor's filing in the zone (`<zone>/<processor>/filing.yaml`), if it has one."""
    if zone is None or not (path := zone / processor / "filing.yaml").is_file():
        return None
    from outbound.expectations.filing import load_filing

    return load_filing(path)


def context_from_filing(filing: Filing | None, *, name: str | None = None, zone: str | None = None,
                        report: str | None = None) -> Context:
    """What an alert says of a processor beyond its counts: identity, filing, registered mechanisms."""
    from outbound.alerts.build import Context

    if filing is None:
        return Context(name=name, zone=zone, report=report)
    p = filing.processor
    registered = frozenset(s.mechanism for s in filing.scenarios if s.mechanism) if filing.approved_on else frozenset()
    return Context(p.name, p.uscc, p.zone or zone, filing.filing_id, filing.version, registered, report)


def processor_notices(warehouse: Path, processor: str, night: dt.date, zone: Path | None,
                      report: str | None = None) -> list[Notice]:
    """Tonight's conditions of one processor: lines, first sensitive/important, lists, filing."""
    from outbound.alerts import build
    from outbound.expectations.lifecycle import status
    from outbound.pipeline.evaluation import assess_year
    from outbound.regulation import rules
    from outbound.warehouse import open_warehouse

    policy = rules.alert_policy(night)
    filing = load_filing_beside(zone, processor)
    wh = open_warehouse(warehouse, read_only=True)
    try:
        years = [y for y in wh.years(processor) if y <= night.year]  # every year the console alerts cover
        row = wh.query("SELECT name, zone FROM processors WHERE processor = $p", {"p": processor})
        labels = {y: wh.year_labels(processor, y, night) for y in years}
    finally:
        wh.close()
    name, zone_id = (row[0] if row else (None, None))
    ctx = context_from_filing(filing, name=name, zone=zone_id, report=report)
    out: list[Notice] = []
    for year in years:
        a, series = assess_year(warehouse, processor, year, on=night)
        out += build.threshold_notices(a, series, ctx, policy.approaching_shares)
        out += build.first_time_notices(a, series, labels[year], ctx)
        out += build.list_notices(a, ctx)
    if filing is not None:
        life = status(filing, night)
        if (n := build.filing_notice(filing.processor.id, filing.filing_id, life, night, ctx)) is not None:
            out.append(n)
    return out


def failure_notices(ledger: AlertLog, failures: Sequence[tuple[str, str, str]], night: dt.date) -> list[Notice]:
    """Record tonight's failed files; a notice for each that has failed the policy's nights running."""
    from outbound.alerts import build
    from outbound.alerts.kinds import file_key
    from outbound.regulation import rules

    need = rules.alert_policy(night).scan_failure_nights
    out = []
    for f in map(FailedFile._make, failures):
        key, cls, name = file_key(f.processor, f.path), build.failure_class(f.error), redact(Path(f.path).name)
        nights = ledger.record_scan_failure(f.processor, key, name, cls, night)
        if nights >= need:
            out.append(build.scan_failure_notice(f.processor, night.year, key, name, cls, nights, build.Context()))
    return out


def notify(warehouse: Path, processors: Sequence[str] | None, *, on: dt.date | None = None,
           zone: Path | None = None, failures: Sequence[tuple[str, str, str]] = (), channels: Path | None = None,
           send: Sender | None = None, retry: Retry | None = None, now: dt.datetime | None = None,
           extra: Sequence[Notice] = (), when_no_route: bool = False, report: str | None = None) -> RunReport:
    """Gather and dispatch; any problem (a bad channels file, a broken filing) is logged on one
    line and reported, never raised.

    `processors`: None, every processor in the warehouse. `failures`: (processor, path, error) of
    the files that failed this run. With no route configured nothing is gathered (a scan stays as
    fast as before) unless `when_no_route` (`outbound alerts send` records the conditions for
    routes added later). `extra`: notices gathered elsewhere (drift from spot-check reports);
    `report`: the path or link of the run's report, named in each alert."""
    from outbound.alerts.dispatch import DEFAULT_RETRY, RunReport, dispatch
    from outbound.alerts.routing import configured
    from outbound.warehouse import open_warehouse
    from outbound.warehouse.alert_log import AlertLog

    night = on or today()
    try:
        routes = configured(channels)
        if not routes.routes and not when_no_route:
            return RunReport()
        notices = [*extra, *_gathered(warehouse, processors, night, zone, report)]
        wh = open_warehouse(warehouse)
        try:
            ledger = AlertLog(wh)
            notices += failure_notices(ledger, failures, night)
            return dispatch(ledger, notices, night, routes, send=send, retry=retry or DEFAULT_RETRY, now=now)
        finally:
            wh.close()
    except OutboundError as exc:
        log.warning("alerts not sent: %s", exc)
        return RunReport(failed={"config": str(exc)})
    except Exception as exc:  # alerting must never fail the scan; OUTBOUND_DEBUG shows where
        if os.environ.get("OUTBOUND_DEBUG"):
            raise
        log.warning("alerts not sent: internal error %s", type(exc).__name__)
        return RunReport(failed={"internal": type(exc).__name__})


def _gathered(warehouse: Path, processors: Sequence[str] | None, night: dt.date, zone: Path | None,
              report: str | None) -> list[Notice]:
    """Every processor's conditions (None: every processor in the warehouse); one that cannot be
    assessed is logged and skipped, the others are told."""
    out: list[Notice] = []
    for p in _processors(warehouse) if processors is None else processors:
        try:
            out += processor_notices(warehouse, p, night, zone, report)
        except OutboundError as exc:
            log.warning("alerts for %s skipped: %s", p, exc)
    return out


def _processors(warehouse: Path) -> list[str]:
    from outbound.warehouse import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        return wh.processors()
    finally:
        wh.close()


def history(warehouse: Path, days: int, night: dt.date | None = None) -> tuple[list[Raised], list[tuple[object, ...]]]:
    """The alerts open in the last `days` nights and the delivery attempts since (`outbound alerts
    list`); read-only, and empty for a warehouse from before the alert tables."""
    from outbound.alerts.ledger import open_notices
    from outbound.warehouse import open_warehouse
    from outbound.warehouse.alert_log import AlertLog

    night = night or today()
    wh = open_warehouse(warehouse, read_only=True)
    try:
        ledger = AlertLog(wh)
        if not ledger.has_tables():
            return [], []
        raised = [r for r in open_notices(ledger, night) if (night - r.last_night).days <= days]
        return raised, ledger.deliveries(night - dt.timedelta(days=days))
    finally:
        wh.close()
