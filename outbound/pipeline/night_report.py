"""The end of a night: failure streaks → alerts, counts that changed (for Asset events), and the
run summary (`outbound.reports.run_summary`). Counts, paths, rule ids and verdicts only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from outbound.pipeline.nightly import RunConfig, plan


def finish_night(cfg: RunConfig, scans: list[dict[str, Any]], drifts: list[dict[str, Any]],
                 night: dt.date) -> dict[str, Any]:
    """Summarise the night; raise alerts for files failing `cfg.fail_after` nights running and for
    drift; return the summary with `counts_changed` (processor-years whose counts moved)."""
    from outbound.pipeline.alerting import raise_alerts
    from outbound.pipeline.night_state import NightState, changed_counts, failure_streaks
    from outbound.reports.run_summary import summarise

    outcomes = [o for s in scans for o in s["outcomes"]]
    evaluations = [e for s in scans for e in s["evaluations"]]
    owner = {o["path"]: s["processor"] for s in scans for o in s["outcomes"]}
    failed = [{**o, "processor": owner[o["path"]]} for o in outcomes if o["status"] == "failed"]
    state = NightState.load(cfg.reports)
    streaks = failure_streaks(state, failed, night)
    changed = changed_counts(state, evaluations)
    warehouses = {s["processor"]: Path(s["warehouse"]) for s in scans}
    report = str(cfg.report) if cfg.report else None
    alerts = raise_alerts(warehouses, cfg.zone, streaks, drifts, cfg.fail_after, report)
    summary = summarise(outcomes, evaluations, None, problems=plan(cfg)["problems"])
    summary.update(
        night=night.isoformat(), warehouse=str(cfg.warehouse), sharded=cfg.sharded, drift=drifts,
        failing_nights=streaks, alerts_raised=alerts, counts_changed=changed,
    )
    if cfg.report:
        _write(cfg.report, summary)
    state.save(cfg.reports)
    return summary


def _write(path: Path, summary: dict[str, Any]) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
