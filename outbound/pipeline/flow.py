"""The one place that knows the order of stages: source → sample → classify → record → evaluate → alert.

The CLI and the Airflow DAGs call these functions; nothing here prints. One broken file never
stops the others: its outcome says `failed` and why. A scan reads as its stages (`scan_file`):
fingerprint the file (on a thread, `fingerprints`), classify a sample, key every row in a forked
child (`outbound.fullpass`) while this process decides whether the content is new, record it. The
evaluation of a processor-year is in `evaluation`, the nightly job's listing in `nightly`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outbound import identifiers
from outbound.common import masking
from outbound.common.errors import OutboundError
from outbound.common.records import ColumnLabel, ExportRecord, FileClassification, FileOutcome
from outbound.common.timeutil import export_date
from outbound.pipeline.clock import today
from outbound.pipeline.concurrency import import_in_background, imports_done
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
from outbound.pipeline.fingerprints import Fingerprint, Hashing, content_sha256, known_fingerprint
from outbound.pipeline.nightly import new_exports, outcome_json, register_zone

if TYPE_CHECKING:
    from outbound.fullpass import PersonKeys, TopUp
    from outbound.scanners import Source

__all__ = [
    "Evaluation", "Fingerprint", "YearFacts", "assess_year", "classify", "content_sha256", "delete_export",
    "evaluate", "evaluate_processors", "evaluation_json", "known_fingerprint", "new_exports", "outcome_json",
    "person_series", "person_tally", "persons", "register_zone", "scan", "scan_file", "today",
]  # fmt: skip

log = logging.getLogger("outbound.pipeline.flow")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")  # any non-ASCII run: names, addresses


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
    for path in discover(paths):
        try:
            source = open_source(path, encoding=encoding)
            result = classify_source(source, sample_rows=sample_rows, seed=seed, on=on or today())
        except OutboundError as exc:
            failed.append(FileOutcome(str(path), "failed", error=str(exc)))
            log.info("classify failed for %s: %s", path, exc.__class__.__name__)  # the caller reports it
            continue
        done.append(result)
        log.info("classified %s: %d columns, %d labelled", path.name, len(result.columns), len(result.labelled))
    return done, failed


# --- scan -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scan:
    """One file to scan, and how (the arguments of `scan_file`)."""

    warehouse: Path
    path: Path
    processor: str
    recipient: str | None
    exported_at: dt.date | None
    sample_rows: int
    seed: int
    scenario: str | None
    fingerprint: Fingerprint | None
    skip_deleted: bool
    encoding: str | None
    name: str | None = None  # what the export is called when `path` is a local copy (outbound.sources)

    @property
    def shown(self) -> str:
        return self.name or str(self.path)


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
    name: str | None = None,
) -> FileOutcome:
    """Classify one file, key its identifiers in full, record it. Known content changes nothing.

    `name`: what the export is called in its record and outcome when `path` is a local copy
    (`outbound.sources`: an S3 or SFTP object, an archive entry, a database extract); default `path`.

    `fingerprint`: the file's content fingerprint as the nightly listing took it (`new_exports`);
    it is used instead of hashing the file again while the file's size and mtime still match.
    `skip_deleted`: content an operator deleted is left out ("unchanged"), as the nightly listing
    leaves it out; the nightly scan sets it, so a deletion made after the listing also holds.

    The full pass runs in a forked child that never opens the warehouse (`person_keys_apart`):
    this process writes the warehouse file and only ever holds keyed hashes. The fingerprint is
    finished, and known content recognised (the child is then stopped), while the child reads.
    """
    job = _Scan(warehouse, path, processor, recipient, exported_at, sample_rows, seed, scenario, fingerprint,
                skip_deleted, encoding, name)  # fmt: skip
    try:
        return _scan(job)
    except OutboundError as exc:
        log.info("scan failed for %s: %s", path, exc.__class__.__name__)  # the outcome says why
        return FileOutcome(job.shown, "failed", error=str(exc), retryable=exc.retryable)
    except OSError as exc:
        return FileOutcome(job.shown, "failed", error=f"{job.shown}: {exc.strerror or exc}")
    except Exception as exc:  # a bug met on this file must not cost the other files of the run
        if os.environ.get("OUTBOUND_DEBUG"):
            raise
        return _internal_error(path, exc)


def _scan(job: _Scan) -> FileOutcome:
    """The stages of one file's scan, in order."""
    on = export_date(job.path, job.exported_at)
    hashing = Hashing(job.path, job.fingerprint)
    try:  # imported after the hash started: it runs beside these imports (about 0.13 s, measured)
        source, classified = _classified(job, on)
        key = identifiers.load_key(job.warehouse)
    except BaseException:
        hashing.join()
        raise
    keys = _full_pass(job, source, classified, key, on, hashing)
    sha, _ = hashing.result()
    if keys is None:  # the content is recorded already (or deleted, and deletions are skipped)
        return FileOutcome(job.shown, "unchanged", content_sha256=sha)
    recorded = _record(job, sha, on, source.format, keys)
    return _recorded(job, sha, keys, recorded, classified)


def _classified(job: _Scan, on: dt.date) -> tuple[Source, FileClassification]:
    from outbound.classifiers import classify_source
    from outbound.scanners import open_source

    source = open_source(job.path, encoding=job.encoding)
    return source, classify_source(source, sample_rows=job.sample_rows, seed=job.seed, on=on)


def _full_pass(
    job: _Scan, source: Source, classified: FileClassification, key: bytes, on: dt.date, hashing: Hashing
) -> PersonKeys | None:
    """Every row keyed in a forked child, while this process decides whether the content is new
    (`_wanted`); None: it is not, and the child was stopped."""
    from outbound.fullpass import person_keys_apart
    from outbound.regulation import rules
    from outbound.scanners import streamed
    from outbound.warehouse.spill import private_spill

    workdir = private_spill(job.warehouse)
    imports_done()
    try:
        return person_keys_apart(
            streamed(source), classified.columns, key=key, on=on, entities=rules.entities(on), workdir=workdir,
            meanwhile=lambda: _wanted(job, key, hashing), top_up=_top_up(classified, on),
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _top_up(classified: FileClassification, on: dt.date) -> TopUp | None:
    """The sparse columns of the sample, for the full pass to classify again on more of their cells."""
    if not classified.sparse:
        return None
    from outbound.classifiers import SPARSE_TOP_UP
    from outbound.classifiers.vote import classify_column
    from outbound.fullpass import TopUp
    from outbound.regulation import rules

    def relabel(column: str, values: list[str]) -> ColumnLabel:
        return classify_column(column, values, on=on, entity_rules=rules.entities(on), header_rules=rules.headers(on))

    return TopUp(tuple(classified.sparse), SPARSE_TOP_UP, relabel)


def _wanted(job: _Scan, key: bytes, hashing: Hashing) -> bool:
    """While the child reads the file: finish the fingerprint, and say whether its content is new."""
    from outbound.warehouse import open_warehouse

    import_in_background("scipy.sparse.csgraph")  # the evaluation after the pass needs it
    sha, stamp = hashing.result()
    wh = open_warehouse(job.warehouse)
    try:
        wh.check_key(identifiers.key_check(key))
        if stamp is not None:
            stamp.remember(wh, job.path)  # the next nightly listing need not read this file
        wh.upsert_processor(job.processor)
        if wh.has_export(job.processor, sha):
            return False
        if job.skip_deleted and wh.was_deleted(job.processor, sha):
            log.info("not recording %s: its content was deleted from %s's exports", job.path.name, job.processor)
            return False
        return True
    finally:
        wh.close()


def _record(job: _Scan, sha: str, on: dt.date, fmt: str, keys: PersonKeys) -> bool:
    """The export and its keyed identifiers into the warehouse; False: it was there already."""
    from outbound.warehouse import open_warehouse

    export = ExportRecord(sha, job.processor, on, job.recipient, job.shown, fmt, keys.total_rows)
    wh = open_warehouse(job.warehouse)
    try:
        return wh.record_export(
            export, keys.labels, ids=keys.ids, edges=keys.edges, unlinked=keys.unlinked,
            unlinked_sensitive=keys.unlinked_sensitive, scenario=job.scenario,
        )
    finally:
        wh.close()


def _recorded(job: _Scan, sha: str, keys: PersonKeys, recorded: bool, classified: FileClassification) -> FileOutcome:
    labelled = tuple(c for c in keys.labels if c.entity)  # the sample's labels, sparse columns looked at again
    log.info(
        "recorded %s for %s: %d rows, %d identifiers, %d unlinked, %d labelled columns", job.path.name, job.processor,
        keys.total_rows, keys.identifiers, keys.unlinked, len(labelled),
    )
    return FileOutcome(
        job.shown,
        "recorded" if recorded else "unchanged",
        content_sha256=sha,
        columns_labelled=len(labelled),
        rows=keys.total_rows,
        labels=labelled,
        notes=classified.notes,
    )


def _internal_error(path: Path, exc: Exception) -> FileOutcome:
    # no traceback in the log: its frames may quote a cell; OUTBOUND_DEBUG=1 raises it instead
    log.info("scan failed for %s: internal error %s", path, exc.__class__.__name__)
    # masked: identifiers (redact) and any text in Chinese, which a library may quote from a row
    what = _NON_ASCII.sub("…", masking.redact(f"{exc.__class__.__name__}: {exc}")).splitlines()[0][:300]
    return FileOutcome(str(path), "failed", error=f"{path}: internal error ({what}); the other files were scanned. "
                       "Please report it; OUTBOUND_DEBUG=1 shows where it happened")  # fmt: skip


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
) -> list[FileOutcome]:
    from outbound.scanners import discover

    return [
        scan_file(
            warehouse, p, processor=processor, recipient=recipient, exported_at=exported_at,
            sample_rows=sample_rows, seed=seed, scenario=scenario, encoding=encoding,
        )
        for p in discover(paths)
    ]


def delete_export(warehouse: Path, processor: str, sha: str) -> bool:
    """Remove a wrongly recorded export (by its content fingerprint); counts follow at once."""
    from outbound.warehouse import open_warehouse

    wh = open_warehouse(warehouse)
    try:
        return wh.delete_export(processor, sha)
    finally:
        wh.close()
