"""What one night remembers for the next: the counts last published per processor-year (an Airflow
Asset event is emitted only when they change). Files failing night after night are counted in
each warehouse's `scan_failures` (`outbound.warehouse.alert_log`), not here.

Kept in `<reports>/nightly-state.json` (counts only), written atomically by the night's last task,
so a re-run of the same night changes nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATE_NAME = "nightly-state.json"


@dataclass
class NightState:
    counts: dict[str, list[int]] = field(default_factory=dict)  # "processor/year" -> [persons, sensitive]

    @classmethod
    def load(cls, folder: Path) -> NightState:
        path = folder / STATE_NAME
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # a damaged state only publishes the counts again
            return cls()
        return cls(dict(data.get("counts") or {}))

    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".nightly-state-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"counts": self.counts}, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, folder / STATE_NAME)
        return folder / STATE_NAME


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
