"""The nightly scan, one processor at a time: what the `outbound_nightly_scan` DAG's tasks call.

Its settings are resolved when a run starts, never when the DAG file is parsed: the run's
params, else the Airflow Variables `outbound_zone` / `outbound_warehouse` / `outbound_reports`,
else $OUTBOUND_ZONE / $OUTBOUND_WAREHOUSE. Every path must be absolute and is validated before
any file is scanned; the zone may also be an s3:// or sftp:// URL (`outbound.sources.zone_remote`). A warehouse that names a folder holds one warehouse per processor
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

log = logging.getLogger("outbound.pipeline.nightly_run")

VARIABLES = {"zone": "outbound_zone", "warehouse": "outbound_warehouse", "reports": "outbound_reports"}
ENVIRONMENT = {"zone": "OUTBOUND_ZONE", "warehouse": "OUTBOUND_WAREHOUSE", "reports": "OUTBOUND_REPORTS"}


REMOTE_SCHEMES = ("s3://", "sftp://")


class NightlyConfigError(Terminal):
    pass


@dataclass(frozen=True)
class RunConfig:
    zone: str  # an absolute folder, or an s3:// / sftp:// URL
    warehouse: Path  # a DuckDB file, or a folder of one DuckDB file per processor
    sharded: bool
    reports: Path  # spot-check reports and the nightly state live here
    report: Path | None = None  # the run summary JSON, if asked for
    drift_rows: int = 200  # rows sampled per export by the nightly drift check

    @property
    def remote(self) -> bool:
        return self.zone.startswith(REMOTE_SCHEMES)

    @property
    def folder(self) -> Path:
        """The local zone folder; a zone URL has none."""
        if self.remote:
            raise NightlyConfigError(f"zone {self.zone} is a URL; this needs a local zone folder")
        return Path(self.zone)

    def warehouse_for(self, processor: str) -> Path:
        return shards.shard_path(self.warehouse, processor) if self.sharded else self.warehouse

    def to_json(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(self).items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunConfig:
        report = data.get("report")
        return cls(str(data["zone"]), Path(data["warehouse"]), bool(data["sharded"]), Path(data["reports"]),
                   Path(report) if report else None, int(data["drift_rows"]))


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
    zone = _zone(_setting("zone", params, variable))
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
    return RunConfig(zone, warehouse, sharded, reports, _absolute("report", report) if report else None,
                     int(params.get("drift_rows") or 200))


def _zone(value: str) -> str:
    """A zone URL as given (its listing is checked by the first task that reads it), or an
    absolute folder holding processor folders."""
    if value.startswith(REMOTE_SCHEMES):
        return value
    if "://" in value:
        raise NightlyConfigError(f"zone {value!r}: a zone URL starts with s3:// or sftp://; or give an absolute folder")
    zone = _absolute("zone", value)
    if not zone.is_dir():
        raise NightlyConfigError(f"zone folder {zone} does not exist; create it or point 'zone' at the zone folder")
    if not any((d / "processor.yaml").is_file() for d in zone.iterdir()):
        raise NightlyConfigError(f"zone folder {zone} holds no <processor>/processor.yaml; is it the zone folder?")
    return str(zone)


def plan(cfg: RunConfig) -> dict[str, list[str]]:
    """The zone's processors, those with a filing (for the drift check), and layout problems.
    A zone URL has no drift check (its filings are not fetched)."""
    from outbound.pipeline.zone import pending_exports, profiles

    problems: list[str] = []
    if cfg.remote:
        from outbound.sources import zone_remote

        found = zone_remote.processors(cfg.zone)
        zone_remote.pending(cfg.zone, problems)
    else:
        found = profiles(cfg.folder)
        pending_exports(cfg.folder, problems)  # surfaces broken profiles and manifests once, for the report
    for problem in problems:
        log.warning("zone problem: %s", problem)
    ids = list(dict.fromkeys(p.id for p in found))
    filings = [] if cfg.remote else [p.id for p in found if (p.folder / "filing.yaml").is_file()]
    return {"processors": ids, "filings": list(dict.fromkeys(filings)), "problems": problems}


def _register(cfg: RunConfig, processor: str, warehouse: Path) -> list[Any]:
    """Record the processor's profile in its warehouse; returns its profiles (folders are local)."""
    from outbound.pipeline.nightly import record_profiles
    from outbound.pipeline.zone import profiles

    if cfg.remote:
        from outbound.sources import zone_remote

        found = zone_remote.processors(cfg.zone)
    else:
        found = profiles(cfg.folder)
    mine = [p for p in found if p.id == processor]
    if not mine:
        raise NightlyConfigError(f"processor {processor!r} is no longer in zone {cfg.zone}; re-run the DAG")
    record_profiles(warehouse, mine)
    return mine


def _new_exports(cfg: RunConfig, processor: str, warehouse: Path) -> list[dict[str, Any]]:
    """The processor's export files whose content its warehouse has not recorded (see
    `nightly.new_exports`, which does this for a whole zone and one warehouse); registers its profile."""
    from outbound.pipeline import flow
    from outbound.pipeline.zone import pending_exports
    from outbound.warehouse import open_warehouse

    mine = _register(cfg, processor, warehouse)
    if cfg.remote:
        from outbound.sources import zone_remote

        return [e for e in zone_remote.new_exports(cfg.zone, warehouse) if e["processor"] == processor]
    pending = [p for p in pending_exports(cfg.folder) if p.processor == processor]
    fresh: list[dict[str, Any]] = []
    wh = open_warehouse(warehouse)
    try:
        for p in mine:
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
    exports = _new_exports(cfg, processor, warehouse)
    outcomes = [flow.outcome_json(o) for o in _scanned(cfg, processor, warehouse, exports)]
    retry = [o for o in outcomes if o["retryable"]]
    if retry:
        raise Transient(f"{len(retry)} file(s) of {processor} hit a transient error, e.g. {retry[0]['error']}; retrying")
    evaluations = [flow.evaluation_json(ev) for ev in flow.evaluate_processors(warehouse, [processor])]
    return {"processor": processor, "warehouse": str(warehouse), "outcomes": outcomes, "evaluations": evaluations}


def _scanned(cfg: RunConfig, processor: str, warehouse: Path, exports: list[dict[str, Any]]) -> list[Any]:
    """Each export scanned into `warehouse`: local files through one reader process (`Batch`)."""
    from outbound.pipeline import flow
    from outbound.pipeline.batch import Batch, FileJob

    if cfg.remote:
        from outbound.sources import zone_remote

        return [zone_remote.scan_export(e, warehouse) for e in exports]
    if not exports:
        return []
    with Batch(warehouse, processor) as batch:  # scan_file's defaults: 1,000 sampled rows, seed 0
        return list(batch.scan_many(
            FileJob(Path(e["path"]), e["recipient"], None, 1000, 0, e.get("scenario"), flow.Fingerprint.from_json(e),
                    True, None) for e in exports
        ))  # fmt: skip


def drift_check(cfg: RunConfig, processor: str, night: dt.date) -> dict[str, Any]:
    """The filing-drift check of one processor: the spot check over what its warehouse recorded
    this year. A processor with nothing recorded yet, or a filing that does not validate, is
    reported (`status`), not raised: the night's other results stand."""
    from outbound.pipeline.spot_check import Request, run
    from outbound.pipeline.zone import profiles

    folder = next(p.folder for p in profiles(cfg.folder) if p.id == processor)
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
