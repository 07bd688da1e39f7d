"""A scan of many files: one reader process for all of them (`reader`), the warehouse held
between files (`Lease`), every file within the reading bounds (`outbound.common.limits`).

The stages of one file (`Batch.scan`): refuse what is not a regular file; fingerprint it; if the
warehouse knows its content, stop there (nothing is read); else the reader classifies a sample
and keys every row (`read_file`, in the reader), and this process records the keyed result.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from outbound import identifiers
from outbound.common import limits
from outbound.common.errors import LimitExceeded
from outbound.common.masking import printable, unicode_name
from outbound.common.records import ColumnLabel, ExportRecord, FileClassification, FileOutcome
from outbound.pipeline.fingerprints import Fingerprint, Hashing
from outbound.pipeline.reader import Reader

if TYPE_CHECKING:
    import duckdb

    from outbound.fullpass import TopUp
    from outbound.warehouse.store import Warehouse

log = logging.getLogger("outbound.pipeline.batch")

HOLD_S = 2.0  # the warehouse is held across small files this long, then let go ...
GAP_S = 0.25  # ... this long, so that another process waiting for it gets its turn
SMALL_FILE = 1 << 20  # a larger file is read with the warehouse let go (its reading may take long)


@dataclass(frozen=True)
class ReadJob:
    """What the reader needs for one file (it pickles: no functions, no open handles)."""

    path: Path  # as the reader opens it: an ASCII link in `workdir` to a name that is not UTF-8
    encoding: str | None
    sample_rows: int
    seed: int
    on: dt.date
    key: bytes
    workdir: Path  # private to this file: the two Arrow tables the reader writes
    spill: Path  # private to the batch: where the reader's DuckDB spills
    bounds: limits.Limits  # the reading bounds in force for this file


@dataclass(frozen=True)
class ReadResult:
    format: str
    classified: FileClassification
    total_rows: int
    unlinked: int
    unlinked_sensitive: int
    labels: tuple[ColumnLabel, ...]
    notes: tuple[str, ...]  # what the user should know of the file (lost digits, bad bytes read around)


def read_file(job: ReadJob) -> ReadResult:
    """In the reader: classify a sample, key every row, write the keyed rows as Arrow files."""
    from outbound import classifiers
    from outbound.fullpass import apart
    from outbound.regulation import rules
    from outbound.scanners import badbytes, bounds, open_source, streamed

    limits.given(job.bounds)
    bounds.check_compressed(job.path)
    try:
        source = open_source(job.path, encoding=job.encoding)
        classified = classifiers.classify_source(
            source, sample_rows=job.sample_rows, seed=job.seed, on=job.on
        )
    except RecursionError:  # Python's JSON parser: about 1,000 levels (sys.getrecursionlimit)
        raise limits.exceeded(str(job.path), "it is nested deeper than the JSON parser reads",
                              "about 1,000 levels", "none: flatten the file") from None  # fmt: skip
    con = _connection(job.spill)
    try:
        keys = apart.person_keys(con, streamed(source), classified.columns, key=job.key, on=job.on,
                                 entities=rules.entities(job.on), top_up=_top_up(classified, job.on))  # fmt: skip
    except BaseException:
        _CONNECTION.clear()  # a connection a failure left behind is not used again
        con.close()
        raise
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall():
        con.execute(f'DROP TABLE IF EXISTS "{table}"')  # the cells of this file go with its pass
    for name, table in (("ids", keys.ids), ("edges", keys.edges)):
        with pa.ipc.new_file(job.workdir / f"{name}.arrow", table.schema) as out:
            out.write_table(table)
    notes = classified.notes
    if getattr(source, "bad_bytes", "strict") != "strict" and (
        bad := badbytes.note(source.path, source.encoding or "utf-8")
    ):
        notes = (*notes, bad)
    return ReadResult(source.format, classified, keys.total_rows, keys.unlinked, keys.unlinked_sensitive, keys.labels,
                      notes)  # fmt: skip


_CONNECTION: dict[Path, duckdb.DuckDBPyConnection] = {}


def _connection(spill: Path) -> duckdb.DuckDBPyConnection:
    """The reader's in-memory DuckDB, made once per batch: making it cost about 50 ms a file on
    a loaded machine (measured), more than the pass over a small file."""
    from outbound.fullpass import apart

    if spill not in _CONNECTION:
        for old in _CONNECTION.values():
            old.close()
        _CONNECTION.clear()
        _CONNECTION[spill] = apart.full_pass_connection(spill)
    return _CONNECTION[spill]


def _top_up(classified: FileClassification, on: dt.date) -> TopUp | None:
    """The sparse columns of the sample, for the full pass to classify again on more of their cells."""
    if not classified.sparse:
        return None
    from outbound.classifiers import SPARSE_TOP_UP
    from outbound.classifiers.vote import classify_column
    from outbound.fullpass import TopUp
    from outbound.regulation import rules

    def relabel(column: str, values: list[str]) -> ColumnLabel:
        return classify_column(
            column, values, on=on, entity_rules=rules.entities(on), header_rules=rules.headers(on)
        )

    return TopUp(tuple(classified.sparse), SPARSE_TOP_UP, relabel)


class Lease:
    """The warehouse, opened once and held across files for up to HOLD_S, then let go for GAP_S."""

    def __init__(self, path: Path, key: bytes, processor: str) -> None:
        self.path, self.key, self.processor = path, key, processor
        self._wh: Warehouse | None = None
        self._since = 0.0

    def get(self) -> Warehouse:
        if self._wh is None:
            from outbound.warehouse import open_warehouse

            wh = open_warehouse(self.path)
            try:
                wh.check_key(identifiers.key_check(self.key))
                wh.upsert_processor(self.processor)
            except BaseException:
                wh.close()
                raise
            self._wh, self._since = wh, time.monotonic()
        return self._wh

    def release(self) -> None:
        if self._wh is not None:
            wh, self._wh = self._wh, None
            wh.close()

    def turn(self) -> None:
        """Between files: let go of a warehouse held longer than HOLD_S, and pause so that a
        waiting process (which polls at most once a second) can take it."""
        if self._wh is not None and time.monotonic() - self._since > HOLD_S:
            self.release()
            time.sleep(GAP_S)


@dataclass(frozen=True)
class FileJob:
    """One file to scan, and how (the arguments of `flow.scan_file`)."""

    path: Path
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
        """The file's name as outcomes and records give it: `name`, else the path, escaped."""
        return self.name or printable(self.path)


class Batch:
    """Files scanned into one warehouse for one processor; `close()` when done (or use `with`)."""

    def __init__(self, warehouse: Path, processor: str, bounds: limits.Limits | None = None) -> None:
        """`bounds`: the reading bounds (default: `limits.current()`, from the environment)."""
        self.warehouse, self.processor = warehouse, processor
        self.bounds = bounds or limits.current()
        self.key = identifiers.load_key(warehouse)
        self.lease = Lease(warehouse, self.key, processor)
        self.reader = Reader(read_file, before_fork=self.lease.release)
        self._spill: Path | None = None  # the reader's DuckDB spill folder, made at its first file

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.lease.release()
        self.reader.close()
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)

    def scan(self, job: FileJob) -> FileOutcome:
        """One file's stages (module docstring); errors propagate to `flow.scan_file`."""
        from outbound.common.timeutil import export_date
        from outbound.scanners.finding import not_regular

        name = job.shown
        if (why := not_regular(job.path)) is not None:  # a FIFO would block the hashing for ever
            return FileOutcome(name, "failed", error=f"{name}: not read: {why}")
        on = export_date(job.path, job.exported_at)
        sha, stamp = Hashing(job.path, job.fingerprint).result()
        if not self._wanted(job, sha, stamp):
            return FileOutcome(name, "unchanged", content_sha256=sha)
        if job.path.stat().st_size > SMALL_FILE:
            self.lease.release()  # other processes may use the warehouse while this file is read
        else:
            self.lease.turn()
        return self._read_and_record(job, on, sha)

    def _wanted(self, job: FileJob, sha: str, stamp: Fingerprint | None) -> bool:
        wh = self.lease.get()
        if stamp is not None:
            stamp.remember(wh, job.path)  # the next nightly listing need not read this file
        if wh.has_export(self.processor, sha):
            return False
        if job.skip_deleted and wh.was_deleted(self.processor, sha):
            log.info(
                "not recording %s: its content was deleted from %s's exports",
                printable(job.path.name),
                self.processor,
            )
            return False
        return True

    def _read_and_record(self, job: FileJob, on: dt.date, sha: str) -> FileOutcome:
        from outbound.pipeline.concurrency import import_in_background
        from outbound.warehouse.spill import private_spill

        self.reader.ensure_started()  # forked before the import thread starts: no fork waits for it
        import_in_background("scipy.sparse.csgraph")  # the evaluation after the scan needs it (~0.25 s)
        bounds = self.bounds
        self._spill = self._spill or private_spill(self.warehouse)
        workdir = private_spill(self.warehouse)
        try:
            path = _openable(job.path, workdir)
            read = ReadJob(
                path, job.encoding, job.sample_rows, job.seed, on, self.key, workdir, self._spill, bounds
            )
            try:
                result: ReadResult = self.reader.run(read, what=f"reading {printable(job.path)}",
                                                     seconds=bounds.max_file_seconds)  # fmt: skip
            except TimeoutError:
                raise limits.exceeded(str(job.path), f"reading it took more than {bounds.max_file_seconds:g} s",
                                      f"{bounds.max_file_seconds:g} s", "max_file_seconds") from None  # fmt: skip
            except MemoryError:
                raise limits.exceeded(str(job.path), "reading it needed more memory than the bound",
                                      f"{bounds.max_memory_bytes} bytes", "max_memory_bytes") from None  # fmt: skip
            except LimitExceeded:
                raise
            except Exception as exc:  # a message naming the link names the file instead
                if path != job.path and str(path) in str(exc):
                    exc.args = (
                        tuple(str(a).replace(str(path), printable(job.path)) for a in exc.args) or exc.args
                    )
                raise
            return self._record(job, on, sha, result, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _record(self, job: FileJob, on: dt.date, sha: str, result: ReadResult, workdir: Path) -> FileOutcome:
        ids, edges = (
            pa.ipc.open_file(pa.memory_map(str(workdir / f"{n}.arrow"))).read_all() for n in ("ids", "edges")
        )
        export = ExportRecord(
            sha, self.processor, on, job.recipient, job.name or unicode_name(job.path), result.format, result.total_rows
        )
        recorded = self.lease.get().record_export(
            export, result.labels, ids=ids, edges=edges, unlinked=result.unlinked,
            unlinked_sensitive=result.unlinked_sensitive, scenario=job.scenario,
        )  # fmt: skip
        # the sample's labels, sparse columns looked at again
        labelled = tuple(c for c in result.labels if c.entity)
        log.info("recorded %s for %s: %d rows, %d unlinked, %d labelled columns", printable(job.path.name),
                 self.processor, result.total_rows, result.unlinked, len(labelled))  # fmt: skip
        return FileOutcome(
            job.shown, "recorded" if recorded else "unchanged", content_sha256=sha,
            columns_labelled=len(labelled), rows=result.total_rows, labels=labelled, notes=result.notes,
        )  # fmt: skip


def _openable(path: Path, workdir: Path) -> Path:
    """`path`, or when its name is not UTF-8 (GBK bytes from a Windows share), a link to it in
    `workdir` with an ASCII name and the same suffixes: DuckDB takes only UTF-8 paths."""
    try:
        str(path).encode("utf-8")
        return path
    except UnicodeEncodeError:
        suffixes = "".join(s for s in path.suffixes if s.isascii())
        link = workdir / f"input{suffixes}"
        link.symlink_to(path.absolute())
        return link
