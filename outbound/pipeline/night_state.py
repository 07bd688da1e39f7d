"""What one night remembers for the next: how many nights running each file has failed, and the
counts last published per processor-year (an Airflow Asset event is emitted only when they change).

Kept in `<reports>/nightly-state.json` (paths, error classes and counts only), written atomically by
the night's last task, so a re-run of the same night changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATE_NAME = "nightly-state.json"


@dataclass
class NightState:
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)  # path -> processor, nights, last, error
    counts: dict[str, list[int]] = field(default_factory=dict)  # "processor/year" -> [persons, sensitive]

    @classmethod
    def load(cls, folder: Path) -> NightState:
        path = folder / STATE_NAME
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # a damaged state only restarts the streaks
            return cls()
        return cls(dict(data.get("failures") or {}), dict(data.get("counts") or {}))

    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".nightly-state-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"failures": self.failures, "counts": self.counts}, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, folder / STATE_NAME)
        return folder / STATE_NAME


def failure_streaks(state: NightState, failed: list[dict[str, Any]], night: dt.date) -> list[dict[str, Any]]:
    """Update each failed file's streak of nights (a second run of the same night counts once); a
    file that did not fail tonight starts again from zero. Returns tonight's failures with `nights`."""
    today = night.isoformat()
    kept: dict[str, dict[str, Any]] = {}
    for f in failed:
        before = state.failures.get(f["path"], {})
        nights = int(before.get("nights", 0))
        if before.get("last") != today:
            nights += 1
        kept[f["path"]] = {"processor": f["processor"], "nights": nights, "last": today, "error": f["error"]}
    state.failures = kept
    return [{"path": p, **v} for p, v in sorted(kept.items())]


def changed_counts(state: NightState, evaluations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Processor-years whose persons or sensitive persons differ from the last published counts."""
    changed = []
    for ev in evaluations:
        key = f"{ev['processor']}/{ev['year']}"
        now = [int(ev["persons"]), int(ev["sensitive_persons"])]
        if state.counts.get(key) != now:
            changed.append({"processor": ev["processor"], "year": int(ev["year"]), "persons": now[0],
                            "sensitive_persons": now[1], "before": state.counts.get(key)})
            state.counts[key] = now
    return changed


def asset_uri(processor: str, year: int) -> str:
    """The Asset of one processor-year's counts (an Airflow Asset URI: scheme, then a path)."""
    from urllib.parse import quote

    return f"outbound://counts/{quote(processor, safe='')}/{year}"
