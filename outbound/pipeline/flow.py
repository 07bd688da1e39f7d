"""The one place that knows the order of stages: source → sample → classify → record → evaluate → alert.

The CLI and the Airflow DAGs call these functions; nothing here prints. One broken file never
stops the others: its outcome says `failed` and why. A scan reads as its stages (`scan_file`):
fingerprint the file (`fingerprints`), and if the warehouse does not know its content, classify a
sample and key every row in the batch's reader process (`batch`, `outbound.fullpass`), then record
it; a folder's small files flow through together (`Batch.scan_many`). The evaluation of a
processor-year is in `evaluation`, the nightly job's listing in `nightly`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from outbound.common import limits, masking
from outbound.common.errors import OutboundError
from outbound.common.limits import Limits
from outbound.common.records import FileClassification, FileOutcome
from outbound.pipeline.clock import today
from outbound.pipeline.evaluation import (
    Evaluation,
    YearFacts,
    assess_year,
    evaluate,
    evaluate_processors,
    evaluation_json,
    person_series,
    person_tally,
    persons,
)
from outbound.pipeline.fingerprints import Fingerprint, content_sha256, known_fingerprint
from outbound.pipeline.nightly import new_exports, outcome_json, register_zone

if TYPE_CHECKING:  # the batch (pyarrow) and the alerts (apprise, rules) load when a scan runs:
    # `outbound persons` answers from the cached tally without them
    from outbound.pipeline.batch import Batch

__all__ = [
    "Evaluation", "Fingerprint", "YearFacts", "assess_year", "classify", "content_sha256", "delete_export",
    "evaluate", "evaluate_processors", "evaluation_json", "known_fingerprint", "new_exports", "notify", "outcome_json",
    "person_series", "person_tally", "persons", "register_zone", "scan", "scan_file", "today",
]  # fmt: skip

log = logging.getLogger("outbound.pipeline.flow")


# --- classify ---------------------------------------------------------------------------------


def classify(
    paths: Sequence[Path], *, sample_rows: int = 1000, seed: int = 0, on: dt.date | None = None,
    encoding: str | None = None,
) -> tuple[list[FileClassification], list[FileOutcome]]:
    """Label the columns of every file under `paths`; failures are returned, not raised.
    `encoding`: of every text file (CSV, JSON), instead of detecting it."""
    from outbound.classifiers import classify_source
    from outbound.scanners import discover, open_source

    done: list[FileClassification] = []
    failed: list[FileOutcome] = []
    from outbound.scanners.bounds import check_compressed

    for path in discover(paths):
        try:
            check_compressed(path)  # classified in this process: the other bounds are the readers' own
            source = open_source(path, encoding=encoding)
            result = classify_source(source, sample_rows=sample_rows, seed=seed, on=on or today())
        except OutboundError as exc:
            failed.append(FileOutcome(masking.printable(path), "failed", error=str(exc)))
            log.info("classify failed for %s: %s", path, exc.__class__.__name__)  # the caller reports it
            continue
        done.append(result)
        log.info("classified %s: %d columns, %d labelled", path.name, len(result.columns), len(result.labelled))
    return done, failed


# --- scan -------------------------------------------------------------------------------------


def scan_file(
    warehouse: Path,
    path: Path,
    *,
    processor: str,
    recipient: str | None = None,
    exported_at: dt.date | None = None,
    sample_rows: int = 1000,
    seed: int = 0,
    scenario: str | None = None,
    fingerprint: Fingerprint | None = None,
    skip_deleted: bool = False,
    encoding: str | None = None,
    batch: Batch | None = None,
    name: str | None = None,
) -> FileOutcome:
    """Classify one file, key its identifiers in full, record it. Known content changes nothing.

    `fingerprint`: the file's content fingerprint as the nightly listing took it (`new_exports`);
    it is used instead of hashing the file again while the file's size and mtime still match.
    `skip_deleted`: content an operator deleted is left out ("unchanged"), as the nightly listing
    leaves it out; the nightly scan sets it, so a deletion made after the listing also holds.
    `batch`: the reader process and warehouse of a scan of many files (`scan`); None: its own.
    `name`: what the export is called in its record and outcome when `path` is a local copy
    (`outbound.sources`: an S3 or SFTP object, an archive entry, a database extract); default `path`.

    The file's cells are read in a forked reader process that never opens the warehouse, within
    the bounds of `outbound.common.limits` (memory, time, lines, columns, sheets, compression):
    this process writes the warehouse file and only ever holds keyed hashes (`batch`, `reader`).
    """
    from outbound.pipeline.batch import Batch, FileJob
    from outbound.pipeline.failures import failed

    job = FileJob(
        path, recipient, exported_at, sample_rows, seed, scenario, fingerprint, skip_deleted, encoding, name
    )
    own = batch is None
    try:
        if batch is None:
            batch = Batch(warehouse, processor)
        return batch.scan(job)
    except Exception as exc:  # a bug met on this file must not cost the other files of the run
        return failed(job.shown, path, exc)  # the outcome says why
    finally:
        if own and batch is not None:
            batch.close()


def scan(
    paths: Sequence[Path],
    *,
    processor: str,
    warehouse: Path,
    recipient: str | None = None,
    exported_at: dt.date | None = None,
    sample_rows: int = 1000,
    seed: int = 0,
    scenario: str | None = None,
    encoding: str | None = None,
    follow_symlinks: bool | None = None,
    bounds: Limits | None = None,
) -> list[FileOutcome]:
    """Every file under `paths` scanned (`scan_file`) by one reader process; then one outcome
    "skipped" for each file of a folder that was not read, its `error` saying why (an unknown
    format, not a regular file, a link out of the folder: `follow_symlinks`, default
    $OUTBOUND_FOLLOW_SYMLINKS). `bounds`: the reading bounds (`outbound.common.limits`; default
    from the environment, OUTBOUND_MAX_FILE_SECONDS and the others)."""
    from outbound.scanners import discover_all

    bounds = bounds or limits.current()
    follow = bounds.follow_symlinks if follow_symlinks is None else follow_symlinks
    from outbound.pipeline.batch import Batch, FileJob

    files, skipped = discover_all(paths, follow)
    batch: Batch | None = None
    with contextlib.suppress(OutboundError):  # each file then fails with the reason, as scan_file says it
        batch = Batch(warehouse, processor, bounds)
    if batch is None:
        outcomes = [scan_file(warehouse, p, processor=processor, recipient=recipient, exported_at=exported_at,
                              sample_rows=sample_rows, seed=seed, scenario=scenario, encoding=encoding) for p in files]
    else:
        with batch:
            outcomes = list(batch.scan_many(
                FileJob(p, recipient, exported_at, sample_rows, seed, scenario, None, False, encoding) for p in files
            ))  # fmt: skip
    return outcomes + [_skipped(s.path, s.reason) for s in skipped]


def _skipped(path: Path, reason: str) -> FileOutcome:
    name = masking.printable(path)
    return FileOutcome(name, "skipped", error=f"{name}: skipped: {reason}")


def notify(*args: Any, **kwargs: Any) -> Any:
    """`pipeline.alerting.notify`, imported when alerts are sent (apprise, the rules)."""
    from outbound.pipeline.alerting import notify as deliver

    return deliver(*args, **kwargs)


def delete_export(warehouse: Path, processor: str, sha: str) -> bool:
    """Remove a wrongly recorded export (by its content fingerprint); counts follow at once."""
    from outbound.warehouse import open_warehouse

    wh = open_warehouse(warehouse)
    try:
        return wh.delete_export(processor, sha)
    finally:
        wh.close()
