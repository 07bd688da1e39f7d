"""The `outbound_spot_check` DAG's task: a zone agency's spot check of one processor, from the
trigger form's params, with the CLI's exit semantics recorded instead of exiting.

    verdict        exit code (as `outbound spot-check`)   task state
    consistent     0                                      success
    inconsistent   1                                      success, verdict recorded (XCom, report)
    major-change   2                                      success, verdict recorded (XCom, report)
    bad filing / nothing readable                          failed at once, with the reason
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from outbound.common.errors import Terminal, UsageError
from outbound.pipeline.airflow_glue import SPOT_CHECK_SOURCES
from outbound.pipeline.nightly_run import VARIABLES, NightlyConfigError
from outbound.warehouse import shards

EXIT_CODES = {"consistent": 0, "inconsistent": 1, "major-change": 2}
SOURCES = SPOT_CHECK_SOURCES


def _path(value: Any, name: str) -> Path | None:
    text = str(value or "").strip()
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_absolute():
        raise NightlyConfigError(f"{name} {text!r} is a relative path; give an absolute path")
    return path


def _setting(params: Mapping[str, Any], name: str, variable: Callable[[str], str | None]) -> Path | None:
    return _path(params.get(name) or variable(VARIABLES[name]) or os.environ.get(f"OUTBOUND_{name.upper()}"), name)


def build_request(params: Mapping[str, Any], variable: Callable[[str], str | None], day: dt.date) -> Any:
    """The library's `Request` from the form; raises Terminal naming the field to fix."""
    from outbound.pipeline.spot_check import Request

    processor = str(params.get("processor") or "").strip()
    if not processor:
        raise UsageError("choose a processor (param 'processor')")
    zone, warehouse = _setting(params, "zone", variable), _setting(params, "warehouse", variable)
    home = (warehouse if shards.is_shard_dir(warehouse) else warehouse.parent) if warehouse else None
    reports = _setting(params, "reports", variable) or (home / "reports" if home else None)  # as the nightly scan
    folder = zone / processor if zone else None
    filing = _path(params.get("filing"), "filing") or (folder / "filing.yaml" if folder else None)
    if filing is None:
        raise UsageError("no filing: give param 'filing' or set the Variable outbound_zone")
    source = str(params.get("source") or "warehouse")
    if source not in SOURCES:
        raise UsageError(f"source {source!r}: choose one of {', '.join(SOURCES)}")
    samples: tuple[Path, ...] = ()
    if source == "sample":
        sample = _path(params.get("sample"), "sample") or (folder / "exports" if folder else None)
        if sample is None or not sample.exists():
            raise UsageError(f"sample location {sample} does not exist; give param 'sample' (a file or folder)")
        samples = (sample,)
    elif warehouse is None:
        raise UsageError("source 'warehouse' needs the Variable outbound_warehouse (or param 'warehouse')")
    on = dt.date.fromisoformat(str(params["as_of"])) if params.get("as_of") else day
    wh = shards.shard_path(warehouse, processor) if warehouse and shards.is_shard_dir(warehouse) else warehouse
    out = (reports / "spot-checks" / shards.shard_path(Path("."), processor).stem / f"{on.isoformat()}-manual"
           if reports else None)
    return Request(processor, filing, samples, source == "warehouse", wh, int(params.get("rows") or 1000),
                   int(params.get("seed") or 0), out, on.year, on, data_docs=False)


def run_spot_check(params: Mapping[str, Any], variable: Callable[[str], str | None], day: dt.date) -> dict[str, Any]:
    """Run the check; returns what the task records: verdict, its exit code, action, report paths."""
    from outbound.pipeline.spot_check import run

    req = build_request(params, variable, day)
    try:
        doc = run(req)
    except Terminal:
        raise
    except (OSError, ValueError) as exc:  # e.g. an unreadable filing path, a bad date
        raise UsageError(f"spot check of {req.processor}: {exc}") from exc
    verdict = str(doc["verdict"])
    return {
        "processor": req.processor, "on": req.on.isoformat() if req.on else None, "verdict": verdict,
        "exit_code": EXIT_CODES.get(verdict, 2), "action": doc.get("action"),
        "findings": len(doc.get("findings", [])), "major": doc["drift"]["major"], "minor": doc["drift"]["minor"],
        "files_failed": len(doc.get("files_failed", [])),
        "report": str(req.out / "spot-check.json") if req.out else None,
        "html": str(req.out / "index.html") if req.out else None,
    }
