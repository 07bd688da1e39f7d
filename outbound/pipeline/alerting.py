"""The nightly DAG's one door to the alerts package (`outbound.alerts`), wired where it exists.

With `outbound.alerts` present, tonight's failed files, drift reports and the processors go to
`outbound.alerts.nightly.notify` (it keeps its own ledger of nights, dedup and routes). Without it
(not merged yet), files failing `fail_after` nights running and drift other than "consistent"
are sent to the apprise URLs in $OUTBOUND_ALERT_URLS, and logged as warnings either way.
Alerts carry processor ids, file names, error classes, verdicts and counts: never cell values.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger("outbound.pipeline.alerting")
URLS_ENV = "OUTBOUND_ALERT_URLS"


def alerts_package() -> bool:
    try:
        return importlib.util.find_spec("outbound.alerts.nightly") is not None
    except ModuleNotFoundError:
        return False


def raise_alerts(warehouses: dict[str, Path], zone: Path, streaks: list[dict[str, Any]],
                 drifts: list[dict[str, Any]], fail_after: int, report: str | None) -> list[str]:
    """Alert on tonight's conditions; returns the one-line messages raised (for the run summary).
    Never raises: alerting must not fail the scan it follows."""
    due = [s for s in streaks if s["nights"] >= fail_after]
    lines = [f"{s['processor']}: {Path(s['path']).name} failed {s['nights']} nights running "
             f"({_error_class(s['error'])}); fix or remove the file" for s in due]
    lines += [f"{d['processor']}: filing drift {d['verdict']} ({d.get('major', 0)} major, {d.get('minor', 0)} "
              f"minor); see {d['report']}" for d in drifts if d.get("verdict") not in (None, "consistent")]
    for line in lines:
        log.warning("ALERT %s", line)
    try:
        if alerts_package():
            _with_alerts_package(warehouses, zone, streaks, drifts, report)
        elif lines and os.environ.get(URLS_ENV):
            _with_apprise(lines)
    except Exception as exc:  # noqa: BLE001 - never fail the night over a channel
        log.warning("alerts not delivered: %s", exc.__class__.__name__)
    return lines


def _error_class(error: str) -> str:
    return "internal error" if "internal error" in error else "unreadable"


def _with_alerts_package(warehouses: dict[str, Path], zone: Path, streaks: list[dict[str, Any]],
                         drifts: list[dict[str, Any]], report: str | None) -> None:
    from outbound.alerts import build
    from outbound.alerts.nightly import FailedFile, notify

    by_warehouse: dict[Path, list[str]] = {}
    for processor, wh in warehouses.items():
        by_warehouse.setdefault(wh, []).append(processor)
    for wh, processors in by_warehouse.items():
        extra = [n for d in drifts if d["processor"] in processors and d.get("report")
                 for n in build.drift_notices(json.loads(Path(d["report"]).read_text(encoding="utf-8")))]
        failures = [FailedFile(s["processor"], s["path"], s["error"]) for s in streaks if s["processor"] in processors]
        notify(wh, processors, zone=zone, failures=failures, extra=extra, report=report)


def _with_apprise(lines: list[str]) -> None:
    import apprise

    app = apprise.Apprise()
    for url in os.environ[URLS_ENV].split():
        app.add(url)
    if not app.notify(title="outbound nightly scan", body="\n".join(f"- {line}" for line in lines)):
        log.warning("alerts not delivered to every URL of $%s", URLS_ENV)
