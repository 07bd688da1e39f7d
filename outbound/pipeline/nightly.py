"""The nightly job over a zone: register its processors, list the exports not recorded yet.

A file whose size and mtime are unchanged since it was last hashed is not read again; content an
operator deleted stays deleted (see `new_exports`). `outcome_json` is what a scan's outcome may
carry through XCom and logs.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from outbound.common.records import FileOutcome
from outbound.pipeline.fingerprints import Fingerprint, known_fingerprint

if TYPE_CHECKING:
    from outbound.pipeline.zone import ProcessorFile

log = logging.getLogger("outbound.pipeline.flow")


def register_zone(zone: Path, warehouse: Path) -> dict[str, list[str]]:
    """Record every processor profile of the zone; returns their ids and any profile problems."""
    from outbound.pipeline.zone import pending_exports, profiles

    found = profiles(zone)
    problems: list[str] = []
    pending_exports(zone, problems)  # surfaces broken profiles and manifests once, for the report
    record_profiles(warehouse, found)
    for problem in problems:
        log.warning("zone problem: %s", problem)
    return {"processors": [p.id for p in found], "problems": problems}


def record_profiles(warehouse: Path, found: Sequence[ProcessorFile]) -> None:
    """Each processor's name and profile into the warehouse (a broken profile: the name only)."""
    from outbound.warehouse import open_warehouse

    wh = open_warehouse(warehouse)
    try:
        for p in found:
            wh.upsert_processor(p.id, name=p.name, profile=None if p.problem else p.profile)
    finally:
        wh.close()


def new_exports(zone: Path, warehouse: Path) -> list[dict[str, object]]:
    """Export files of the zone whose content the warehouse has not recorded yet, each with its
    fingerprint (`Fingerprint` fields) for `scan_file`.

    A file whose size and mtime are unchanged since it was last hashed is not read again (see
    `file_fingerprints` in the schema); a file that cannot be read is listed, and its scan says why.
    Content an operator deleted (`outbound exports delete`) is not listed again: a deletion stays
    deleted until someone scans that content on purpose (`outbound scan`).
    """
    from outbound.pipeline.zone import pending_exports
    from outbound.warehouse import open_warehouse

    pending = pending_exports(zone)
    fresh: list[dict[str, object]] = []
    deleted = 0
    wh = open_warehouse(warehouse)
    try:
        wh.forget_fingerprints(str(zone.resolve()), [str(Path(p.path).resolve()) for p in pending])
        for p in pending:
            path = Path(p.path)
            try:
                cached = known_fingerprint(wh, path)
                fp = cached or Fingerprint.take(path)[1]
            except OSError:
                fresh.append(p.to_json())
                continue
            if fp is not None and cached is None:
                fp.remember(wh, path)
            if fp is not None and wh.was_deleted(p.processor, fp.sha):
                deleted += 1
                log.info("not listing %s: its content was deleted from %s's exports", path.name, p.processor)
            elif fp is None or not wh.has_export(p.processor, fp.sha):
                fresh.append({**p.to_json(), **(dataclasses.asdict(fp) if fp else {})})
    finally:
        wh.close()
    log.info("zone %s: %d export files, %d new, %d deleted by an operator", zone, len(pending), len(fresh), deleted)
    return fresh


def outcome_json(o: FileOutcome) -> dict[str, object]:
    """What may travel through XCom and logs: status, counts, entity names; no values."""
    return {
        "path": o.path,
        "status": o.status,
        "rows": o.rows,
        "columns_labelled": o.columns_labelled,
        "entities": sorted({lab.entity for lab in o.labels if lab.entity}),
        "error": o.error,
        "retryable": o.retryable,
        "notes": list(o.notes),
    }
