"""The files a batch has read and not yet recorded: recorded together, in one warehouse transaction.

Why: recording a one-row file alone cost about 40 ms of warehouse statements (measured), eight
times what reading it costs; recorded in chunks (`outbound.warehouse.recording`) a file costs a
fraction of a millisecond. A chunk is recorded when it holds `CHUNK_FILES` files or `CHUNK_ROWS`
keyed identifiers, when its first file waited `CHUNK_SECONDS`, and before the warehouse is let
go (a large file, another scan's turn, the end). A scan killed before that loses the chunk: its
files are not recorded, and the next run reads and records them again (docs/reliability.md).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from outbound.common.masking import printable, unicode_name
from outbound.common.records import ExportRecord, FileOutcome
from outbound.pipeline.failures import failed
from outbound.pipeline.reader_work import ReadJob, ReadResult, forget, keyed_tables

if TYPE_CHECKING:
    import datetime as dt

    from outbound.pipeline.batch import FileJob
    from outbound.warehouse.recording import Fingerprinted, StagedExport
    from outbound.warehouse.store import Warehouse

log = logging.getLogger("outbound.pipeline.batch")

CHUNK_FILES = 500
CHUNK_ROWS = 1 << 20  # keyed identifiers held for recording: bounds this process's memory
CHUNK_SECONDS = 2.0  # a kill loses at most about this much reading (a chunk costs ~50 ms + 0.12 ms a file)


@dataclass
class Entry:
    """One file of the batch, in the order given: its outcome once known."""

    job: FileJob
    on: dt.date | None = None
    sha: str = ""
    stamp: Fingerprinted | None = None  # to remember: the file's size and mtime when hashed
    big: bool = False  # more than batch.SMALL_FILE bytes: read alone
    read: ReadJob | None = None
    outcome: FileOutcome | None = None


@dataclass
class Read:
    entry: Entry
    result: ReadResult
    staged: StagedExport


@dataclass
class Chunk:
    """Files read, waiting to be recorded, and the fingerprints to remember with them."""

    processor: str
    reads: list[Read] = field(default_factory=list)
    fingerprints: list[Fingerprinted] = field(default_factory=list)
    since: float = 0.0
    rows: int = 0

    def add(self, entry: Entry, result: ReadResult) -> None:
        from outbound.warehouse.recording import StagedExport

        assert entry.read is not None and entry.on is not None
        try:
            ids, edges = keyed_tables(entry.read, result)
        finally:
            forget(entry.read)
        job = entry.job
        export = ExportRecord(entry.sha, self.processor, entry.on, job.recipient, job.name or unicode_name(job.path),
                              result.format, result.total_rows)  # fmt: skip
        staged = StagedExport(export, result.labels, ids, edges, result.unlinked, result.unlinked_sensitive, job.scenario)
        if not self.reads:
            self.since = time.monotonic()
        self.reads.append(Read(entry, result, staged))
        self.rows += ids.num_rows + edges.num_rows

    def due(self) -> bool:
        return bool(self.reads) and (
            len(self.reads) >= CHUNK_FILES or self.rows >= CHUNK_ROWS or time.monotonic() - self.since >= CHUNK_SECONDS
        )

    def record(self, wh: Warehouse) -> None:
        """Record the chunk's files in one transaction and set their outcomes; if that fails, each
        file alone, so that a file the warehouse refuses fails by itself."""
        reads, fingerprints = self.reads, self.fingerprints
        self.reads, self.fingerprints, self.rows = [], [], 0
        if not reads and not fingerprints:
            return
        recorded: list[bool | FileOutcome]
        try:
            recorded = list(wh.record_exports([r.staged for r in reads], fingerprints))
        except Exception:  # noqa: BLE001 - told file by file below
            log.info("recording %d files at once failed; recording them one by one", len(reads))
            recorded = [_alone(wh, r) for r in reads]
            if fingerprints:
                try:
                    wh.record_exports([], fingerprints)
                except Exception:  # noqa: BLE001 - the next listing hashes these files again
                    log.info("remembering %d fingerprints failed", len(fingerprints))
        for r, new in zip(reads, recorded, strict=True):
            r.entry.outcome = _outcome(r, new) if isinstance(new, bool) else new

    def fail(self, exc: Exception) -> None:
        """The warehouse could not be had (another scan held it too long): every file says so."""
        for r in self.reads:
            r.entry.outcome = failed(r.entry.job.shown, r.entry.job.path, exc)
        self.reads, self.fingerprints, self.rows = [], [], 0


def _alone(wh: Warehouse, r: Read) -> bool | FileOutcome:
    try:
        return wh.record_exports([r.staged])[0]
    except Exception as exc:  # noqa: BLE001 - this file's outcome says why
        return failed(r.entry.job.shown, r.entry.job.path, exc)


def _outcome(r: Read, recorded: bool) -> FileOutcome:
    job, result = r.entry.job, r.result
    if not recorded:  # the same content earlier in the batch (or recorded meanwhile): as a known file
        return FileOutcome(job.shown, "unchanged", content_sha256=r.entry.sha)
    labelled = tuple(c for c in result.labels if c.entity)  # the sample's labels, sparse columns looked at again
    log.info("recorded %s: %d rows, %d unlinked, %d labelled columns", printable(job.path.name),
             result.total_rows, result.unlinked, len(labelled))  # fmt: skip
    return FileOutcome(job.shown, "recorded", content_sha256=r.entry.sha, columns_labelled=len(labelled),
                       rows=result.total_rows, labels=labelled, notes=result.notes)  # fmt: skip
