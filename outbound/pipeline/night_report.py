"""The end of a night: alerts (`outbound.pipeline.alerting`: tonight's conditions, files failing
night after night, filing drift), counts that changed (for Asset events), and the run summary
(`outbound.reports.run_summary`). Counts, paths, rule ids and verdicts only."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from outbound.pipeline.nightly_run import RunConfig, plan

if TYPE_CHECKING:
    from outbound.alerts.kinds import Notice

log = logging.getLogger("outbound.pipeline.night_report")


def alert_night(cfg: RunConfig, scans: list[dict[str, Any]], drifts: list[dict[str, Any]],
                night: dt.date) -> dict[str, Any]:
    """Alert on the night (the DAG's `notify` task): per warehouse, its processors' conditions, its
    files failing the alert policy's nights running, and drift. Never raises over a channel."""
    by_warehouse: dict[Path, list[dict[str, Any]]] = {}
    for s in scans:
        by_warehouse.setdefault(Path(s["warehouse"]), []).append(s)
    failing: list[Notice] = []
    told = []
    for warehouse, mine in by_warehouse.items():
        notices = _failures(warehouse, mine, night)
        failing += notices
        told.append({"warehouse": str(warehouse), **_notify(cfg, warehouse, mine, drifts, notices, night)})
    return {"alerts": told, "failing_nights": [
        {"processor": n.processor, **{k: n.facts[k] for k in ("file_name", "error_class", "nights")}} for n in failing]}


def finish_night(cfg: RunConfig, scans: list[dict[str, Any]], drifts: list[dict[str, Any]],
                 told: dict[str, Any], night: dt.date) -> dict[str, Any]:
    """The run summary with `counts_changed` (processor-years whose counts moved since they were last
    published) and what `alert_night` told (`told`)."""
    from outbound.pipeline.night_state import NightState, changed_counts
    from outbound.reports.run_summary import summarise

    outcomes = [o for s in scans for o in s["outcomes"]]
    evaluations = [e for s in scans for e in s["evaluations"]]
    state = NightState.load(cfg.reports)
    changed = changed_counts(state, evaluations)
    summary = summarise(outcomes, evaluations, None, problems=plan(cfg)["problems"])
    summary.update(night=night.isoformat(), warehouse=str(cfg.warehouse), sharded=cfg.sharded, drift=drifts,
                   failing_nights=told.get("failing_nights", []), alerts=told.get("alerts", []),
                   counts_changed=changed)
    if cfg.report:
        _write(cfg.report, summary)
    state.save(cfg.reports)
    return summary


def _failures(warehouse: Path, scans: list[dict[str, Any]], night: dt.date) -> list[Notice]:
    """Record tonight's failed files in the warehouse's `scan_failures` (whether or not a route is
    configured, so the nights keep counting); the notices of files failing the policy's nights."""
    from outbound.common.errors import OutboundError
    from outbound.pipeline.alerting import failure_notices
    from outbound.warehouse import open_warehouse
    from outbound.warehouse.alert_log import AlertLog

    failed = [(s["processor"], o["path"], o["error"] or "") for s in scans for o in s["outcomes"]
              if o["status"] == "failed"]
    if not failed:
        return []
    try:
        wh = open_warehouse(warehouse)
        try:
            return failure_notices(AlertLog(wh), failed, night)
        finally:
            wh.close()
    except OutboundError as exc:  # never fail the night over its bookkeeping: the files say why
        log.warning("failed files not recorded in %s: %s", warehouse.name, exc)
        return []


def _notify(cfg: RunConfig, warehouse: Path, scans: list[dict[str, Any]], drifts: list[dict[str, Any]],
            failing: list[Notice], night: dt.date) -> dict[str, object]:
    """Tonight's conditions of the warehouse's processors, with the drift and failing-file notices,
    to the routes ($OUTBOUND_ALERT_URLS, $OUTBOUND_ALERT_CHANNELS); never raises."""
    from outbound.alerts import build
    from outbound.pipeline.alerting import notify

    processors = [s["processor"] for s in scans]
    extra = list(failing)
    for d in drifts:
        if d["processor"] in processors and d.get("report"):
            try:
                extra += build.drift_notices(json.loads(Path(d["report"]).read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError) as exc:  # the other alerts still go out
                log.warning("drift of %s not alerted: %s", d["processor"], exc.__class__.__name__)
    report = notify(warehouse, processors, on=night, zone=None if cfg.remote else cfg.folder, extra=extra,
                    report=str(cfg.report) if cfg.report else None)
    log.info("%s", report.line())
    return report.to_json()


def _write(path: Path, summary: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
