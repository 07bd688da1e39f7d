"""The nightly scan, one processor at a time: what the `outbound_nightly_scan` DAG's tasks call.

Its settings are resolved when a run starts, never when the DAG file is parsed: the run's
params, else the Airflow Variables `outbound_zone` / `outbound_warehouse` / `outbound_reports`,
else $OUTBOUND_ZONE / $OUTBOUND_WAREHOUSE. Every path must be absolute and is validated before
any file is scanned. A warehouse that names a folder holds one warehouse per processor
(`outbound.warehouse.shards`), so workers can scan different processors at once.

Nothing here imports Airflow: the DAG maps `Terminal` errors to failed tasks and `Transient` ones
to retries (outbound.pipeline.airflow_glue).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outbound.common.errors import Terminal, Transient
from outbound.warehouse import shards

log = logging.getLogger("outbound.pipeline.nightly")

VARIABLES = {"zone": "outbound_zone", "warehouse": "outbound_warehouse", "reports": "outbound_reports"}
ENVIRONMENT = {"zone": "OUTBOUND_ZONE", "warehouse": "OUTBOUND_WAREHOUSE", "reports": "OUTBOUND_REPORTS"}


class NightlyConfigError(Terminal):
    pass


@dataclass(frozen=True)
class RunConfig:
    zone: Path
    warehouse: Path  # a DuckDB file, or a folder of one DuckDB file per processor
    sharded: bool
    reports: Path  # spot-check reports and the nightly state live here
    report: Path | None = None  # the run summary JSON, if asked for
    fail_after: int = 3  # nights a file may fail before an alert is raised
    drift_rows: int = 200  # rows sampled per export by the nightly drift check

    def warehouse_for(self, processor: str) -> Path:
        return shards.shard_path(self.warehouse, processor) if self.sharded else self.warehouse

    def to_json(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunConfig:
        report = data.get("report")
        return cls(Path(data["zone"]), Path(data["warehouse"]), bool(data["sharded"]), Path(data["reports"]),
                   Path(report) if report else None, int(data["fail_after"]), int(data["drift_rows"]))


def _setting(name: str, params: Mapping[str, Any], variable: Callable[[str], str | None]) -> str:
    value = str(params.get(name) or "").strip()
    return value or (variable(VARIABLES[name]) or "").strip() or os.environ.get(ENVIRONMENT[name], "").strip()


def _absolute(name: str, value: str) -> Path:
    how = (f"set the run's param '{name}', the Airflow Variable {VARIABLES[name]} or ${ENVIRONMENT[name]}"
           if name in VARIABLES else f"set the run's param '{name}'")
    if not value:
        raise NightlyConfigError(f"no {name} configured; {how} to an absolute path")
    path = Path(value).expanduser()
    if not path.is_absolute():
        raise NightlyConfigError(f"{name} {value!r} is a relative path (it would depend on the worker's "
                                 f"working directory); {how} to an absolute path")
    return path


def resolve_config(params: Mapping[str, Any], variable: Callable[[str], str | None]) -> RunConfig:
    """The run's settings, validated: raises `NightlyConfigError` (Terminal) naming what to fix."""
    zone = _absolute("zone", _setting("zone", params, variable))
    if not zone.is_dir():
        raise NightlyConfigError(f"zone folder {zone} does not exist; create it or point 'zone' at the zone folder")
    if not any((d / "processor.yaml").is_file() for d in zone.iterdir()):
        raise NightlyConfigError(f"zone folder {zone} holds no <processor>/processor.yaml; is it the zone folder?")
    raw_wh = _setting("warehouse", params, variable)
    warehouse = _absolute("warehouse", raw_wh)
    sharded = shards.is_shard_dir(raw_wh)  # the string: Path() drops a trailing slash
    home = warehouse if sharded else warehouse.parent
    if not home.is_dir():
        raise NightlyConfigError(f"warehouse folder {home} does not exist; create it (mkdir -p) or fix 'warehouse'")
    if not os.access(home, os.W_OK):
        raise NightlyConfigError(f"warehouse folder {home} is not writable by this worker; fix its permissions")
    reports_value = _setting("reports", params, variable)
    reports = _absolute("reports", reports_value) if reports_value else home / "reports"
    report = str(params.get("report") or "").strip()
    fail_after = int(params.get("fail_after") or 3)
    if fail_after < 1:
        raise NightlyConfigError(f"fail_after {fail_after}: give a number of nights of at least 1")
    return RunConfig(zone, warehouse, sharded, reports, _absolute("report", report) if report else None,
                     fail_after, int(params.get("drift_rows") or 200))


def plan(cfg: RunConfig) -> dict[str, list[str]]:
    """The zone's processors, those with a filing (for the drift check), and layout problems."""
    from outbound.pipeline.zone import pending_exports, profiles

    found = profiles(cfg.zone)
    problems: list[str] = []
    pending_exports(cfg.zone, problems)  # surfaces broken profiles and manifests once, for the report
    for problem in problems:
        log.warning("zone problem: %s", problem)
    ids = list(dict.fromkeys(p.id for p in found))
    filings = [p.id for p in found if (p.folder / "filing.yaml").is_file()]
    return {"processors": ids, "filings": list(dict.fromkeys(filings)), "problems": problems}


def _new_exports(cfg: RunConfig, processor: str, warehouse: Path) -> list[dict[str, Any]]:
    """The processor's export files whose content its warehouse has not recorded (see
    `flow.new_exports`, which does this for a whole zone and one warehouse); registers its profile."""
    from outbound.pipeline import flow
    from outbound.pipeline.zone import pending_exports, profiles
    from outbound.warehouse import open_warehouse

    mine = [p for p in profiles(cfg.zone) if p.id == processor]
    if not mine:
        raise NightlyConfigError(f"processor {processor!r} is no longer in zone {cfg.zone}; re-run the DAG")
    pending = [p for p in pending_exports(cfg.zone) if p.processor == processor]
    fresh: list[dict[str, Any]] = []
    wh = open_warehouse(warehouse)
    try:
        for p in mine:
            wh.upsert_processor(p.id, name=p.name, profile=None if p.problem else p.profile)
            wh.forget_fingerprints(str(p.folder.resolve()) + os.sep, [str(Path(e.path).resolve()) for e in pending])
        for e in pending:
            path = Path(e.path)
            try:
                fp = flow.known_fingerprint(wh, path) or flow.Fingerprint.take(path)[1]
            except OSError:
                fresh.append(e.to_json())  # its scan says why it cannot be read
                continue
            if fp is not None:
                fp.remember(wh, path)
            if fp is not None and wh.was_deleted(processor, fp.sha):
                log.info("not listing %s: its content was deleted from %s's exports", path.name, processor)
            elif fp is None or not wh.has_export(processor, fp.sha):
                fresh.append({**e.to_json(), **(dataclasses.asdict(fp) if fp else {})})
    finally:
        wh.close()
    return fresh


def scan_processor(cfg: RunConfig, processor: str) -> dict[str, Any]:
    """Scan the processor's new exports into its warehouse, then evaluate its years.

    One broken file never stops the others; a transient failure (a busy warehouse) is raised after
    the other files are done, so the retry only has that file left to do."""
    from outbound.pipeline import flow

    warehouse = cfg.warehouse_for(processor)
    if cfg.sharded:
        shards.use_zone_key(cfg.warehouse)
    outcomes = []
    for export in _new_exports(cfg, processor, warehouse):
        outcome = flow.scan_file(
            warehouse, Path(export["path"]), processor=processor, recipient=export["recipient"],
            scenario=export.get("scenario"), fingerprint=flow.Fingerprint.from_json(export), skip_deleted=True,
        )  # fmt: skip
        outcomes.append(flow.outcome_json(outcome))
    retry = [o for o in outcomes if o["retryable"]]
    if retry:
        raise Transient(f"{len(retry)} file(s) of {processor} hit a transient error, e.g. {retry[0]['error']}; retrying")
    evaluations = [flow.evaluation_json(ev) for ev in flow.evaluate_processors(warehouse, [processor])]
    return {"processor": processor, "warehouse": str(warehouse), "outcomes": outcomes, "evaluations": evaluations}


def drift_check(cfg: RunConfig, processor: str, night: dt.date) -> dict[str, Any]:
    """The filing-drift check of one processor: the spot check over what its warehouse recorded
    this year. A processor with nothing recorded yet, or a filing that does not validate, is
    reported (`status`), not raised: the night's other results stand."""
    from outbound.pipeline.spot_check import Request, run
    from outbound.pipeline.zone import profiles

    folder = next(p.folder for p in profiles(cfg.zone) if p.id == processor)
    out = cfg.reports / "spot-checks" / shards.shard_path(Path("."), processor).stem / night.isoformat()
    result: dict[str, Any] = {"processor": processor, "on": night.isoformat(), "kind": "nightly-drift"}
    try:
        doc = run(Request(processor, folder / "filing.yaml", from_warehouse=True, warehouse=cfg.warehouse_for(processor),
                          rows=cfg.drift_rows, seed=0, out=out, year=night.year, on=night, data_docs=False))
    except Terminal as exc:
        status = "no-exports" if "has no exports" in str(exc) else "error"
        log.warning("drift check of %s: %s", processor, exc)
        return {**result, "status": status, "error": str(exc)}
    return {**result, "status": "checked", "verdict": doc["verdict"], "action": doc.get("action"),
            "major": doc["drift"]["major"], "minor": doc["drift"]["minor"], "report": str(out / "spot-check.json")}
