"""Summary of one scan run: files, labels, persons per processor, alerts. Counts only."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("outbound.report")


def summarise(
    outcomes: list[dict[str, Any]],
    evaluations: list[dict[str, Any]],
    path: str | None,
    *,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    summary = {
        "problems": list(problems or []),  # zone layout: broken processor.yaml or manifests
        "files": len(outcomes),
        "recorded": sum(o["status"] == "recorded" for o in outcomes),
        "unchanged": sum(o["status"] == "unchanged" for o in outcomes),
        "failed": [{"path": o["path"], "error": o["error"]} for o in outcomes if o["status"] == "failed"],
        "columns_labelled": sum(o["columns_labelled"] for o in outcomes),
        "evaluations": evaluations,
    }
    for ev in evaluations:
        for alert in ev["new_alerts"]:
            log.warning("ALERT [%s] %s %s: %s", alert["kind"], alert["processor"], alert["year"], alert["message"])
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return summary
