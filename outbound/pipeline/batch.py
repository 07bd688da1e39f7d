"""A scan of many files: reader processes forked once for all of them (`reader`; two where two
CPUs are free, `_readers`), the warehouse held between files (`Lease`), every file within the
reading bounds (`outbound.common.limits`).

The stages of one file (`Batch.scan_many`): refuse what is not a regular file; fingerprint it; if
the warehouse knows its content, stop there (nothing is read); else the reader classifies a
sample and keys every row (`reader_work.read_file`), and this process records the keyed result.

Small files flow: while the readers read the next files (several jobs in flight, each file sent
to the reader with the fewest, answers taken in the files' order), this process
hashes the files after them and records those read, many in one transaction (`chunk`). A file
of more than SMALL_FILE bytes is read alone, with the warehouse let go, and recorded at once.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import os
import shutil
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outbound import identifiers
from outbound.common import limits
from outbound.common.errors import LimitExceeded
from outbound.common.masking import printable, unicode_name
from outbound.common.records import FileOutcome
from outbound.pipeline.chunk import Chunk, Entry
from outbound.pipeline.failures import failed
from outbound.pipeline.fingerprints import Fingerprint, fingerprint
from outbound.pipeline.reader import Reader
from outbound.pipeline.reader_work import ReadJob, forget, read_file

if TYPE_CHECKING:
    from outbound.warehouse.store import Warehouse

log = logging.getLogger(__name__)

WINDOW = 64  # files hashed and looked up in the warehouse at once
HOLD_S = 2.0  # the warehouse is held across small files this long, then let go ...
GAP_S = 0.25  # ... this long, so that another process waiting for it gets its turn
SMALL_FILE = 1 << 20  # a larger file is read with the warehouse let go (its reading may take long)


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

    def held_too_long(self) -> bool:
        """Held longer than HOLD_S: a process waiting for the warehouse (which polls at most once a
        second) should get its turn."""
        return self._wh is not None and time.monotonic() - self._since > HOLD_S


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
        self.readers = [Reader(read_file, before_fork=self.lease.release) for _ in range(_readers(self.bounds))]
        self._spills: dict[int, Path] = {}  # each reader's DuckDB spill folder, made at its first file
        self._handover: Path | None = None  # the readers' Arrow tables, and links to names not UTF-8
        self._flight: deque[tuple[Entry, Reader]] = deque()  # sent to a reader, in order
        self._chunk = Chunk(processor)
        self._jobs = 0

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let everything go; files read and not recorded (an interrupted scan) are not recorded."""
        self.lease.release()
        for reader in self.readers:
            reader.close()
        for folder in (*self._spills.values(), self._handover):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def scan(self, job: FileJob) -> FileOutcome:
        """One file: `scan_many` of it alone."""
        return next(iter(self.scan_many([job])))

    def scan_many(self, jobs: Iterable[FileJob]) -> Iterator[FileOutcome]:
        """Each file's outcome, in the order given, as soon as it and those before it are done.
        Files are taken WINDOW at a time: the small ones hashed, and their contents looked up in
        one query; a large file is hashed just before it is read."""
        order: deque[Entry] = deque()
        given = iter(jobs)
        while window := [Entry(job) for job in itertools.islice(given, WINDOW)]:
            order.extend(window)
            self._looked_up([e for e in window if self._prepared(e, big=False)])
            for entry in window:
                if entry.outcome is None:
                    self._start(entry)
                yield from _done(order)
        self._settle()
        yield from _done(order)
        assert not order, "every file has its outcome"

    def _prepared(self, entry: Entry, *, big: bool) -> bool:
        """Whether the file is hashed, its export date known; False: failed (its outcome says why),
        or larger than SMALL_FILE when not `big` (hashed just before it is read)."""
        from outbound.common.timeutil import export_date
        from outbound.scanners.finding import not_regular
        from outbound.warehouse.recording import Fingerprinted

        job = entry.job
        try:
            if (why := not_regular(job.path)) is not None:  # a FIFO would block the hashing for ever
                entry.outcome = FileOutcome(job.shown, "failed", error=f"{job.shown}: not read: {why}")
                return False
            entry.big = job.path.stat().st_size > SMALL_FILE
            if entry.big and not big:
                return False
            entry.on = export_date(job.path, job.exported_at)
            entry.sha, stamp = fingerprint(job.path, job.fingerprint)
            if stamp is not None:  # the next nightly listing need not read this file
                entry.stamp = Fingerprinted(unicode_name(job.path.resolve()), stamp.size, stamp.mtime_ns, stamp.sha)
            return True
        except Exception as exc:  # noqa: BLE001 - this file's outcome says why
            entry.outcome = failed(job.shown, job.path, exc)
            return False

    def _looked_up(self, entries: list[Entry]) -> None:
        """One query for the files' contents: those the warehouse knows are done ("unchanged",
        nothing read), as are those an operator deleted when the job skips them. Their
        fingerprints are remembered with the next chunk."""
        if not entries:
            return
        self._turn()
        for reader in self.readers[: len(entries)]:  # forked before the warehouse is opened: it need not be let go
            reader.ensure_started()
        try:
            wh = self.lease.get()
            known = wh.known_exports(self.processor, [e.sha for e in entries])
            skip = [e.sha for e in entries if e.job.skip_deleted]
            deleted = wh.deleted_among(self.processor, skip) if skip else set()
        except Exception as exc:  # noqa: BLE001 - a busy warehouse: each file says so
            for entry in entries:
                entry.outcome = failed(entry.job.shown, entry.job.path, exc)
            return
        self._chunk.fingerprints += [e.stamp for e in entries if e.stamp is not None]
        for entry in entries:
            if entry.sha in deleted and entry.sha not in known:
                log.info("not recording %s: its content was deleted from %s's exports",
                         printable(entry.job.path.name), self.processor)  # fmt: skip
            if entry.sha in known or entry.sha in deleted:
                entry.outcome = FileOutcome(entry.job.shown, "unchanged", content_sha256=entry.sha)

    def _start(self, entry: Entry) -> None:
        """Send a file to the reader; a large one alone, hashed just before, the warehouse let go
        while it is read."""
        job = entry.job
        try:
            if not entry.big:
                self._turn()
                self._send(entry)
                self._pump()
                return
            self._settle()  # nothing else in flight
            if self._prepared(entry, big=True):
                self._looked_up([entry])
            if entry.outcome is None:
                self.lease.release()  # other processes may use the warehouse while this file is read
                self._send(entry)
                self._settle()
        except Exception as exc:  # noqa: BLE001 - this file's outcome says why (failures.failed)
            entry.outcome = failed(job.shown, job.path, exc)

    def _send(self, entry: Entry) -> None:
        from outbound.pipeline.concurrency import import_in_background
        from outbound.warehouse.spill import private_spill

        import_in_background("scipy.sparse.csgraph")  # the evaluation after the scan needs it (~0.25 s)
        # the reader with the fewest files in flight (a large file comes when none is in flight)
        index, reader = min(enumerate(self.readers), key=lambda pair: pair[1].in_flight)
        if index not in self._spills:
            self._spills[index] = private_spill(self.warehouse)
        self._handover = self._handover or private_spill(self.warehouse)
        job, stem = entry.job, f"f{self._jobs}"
        self._jobs += 1
        path = _openable(job.path, self._handover / stem)
        assert entry.on is not None
        entry.read = ReadJob(path, job.encoding, job.sample_rows, job.seed, entry.on, self.key, self._handover, stem,
                             self._spills[index], self.bounds)  # fmt: skip
        while not reader.has_room():
            self._collect()
        reader.send(entry.read)
        self._flight.append((entry, reader))

    def _collect(self) -> None:
        """The answer for the oldest file in flight: into the chunk, or the file's failure."""
        entry, reader = self._flight[0]
        job, read = entry.job, entry.read
        assert read is not None
        try:
            try:
                result = reader.receive(what=f"reading {printable(job.path)}", seconds=self.bounds.max_file_seconds)
            finally:
                self._flight.popleft()
            self._chunk.add(entry, result)
        except Exception as exc:  # noqa: BLE001 - this file's outcome says why
            forget(read)
            entry.outcome = failed(job.shown, job.path, _named(exc, job.path, read.path, self.bounds))

    def _pump(self) -> None:
        """Take the answers already there; record the chunk when it is due."""
        while self._flight and self._flight[0][1].ready():
            self._collect()
        if self._chunk.due():
            self._record()

    def _record(self) -> None:
        try:
            wh = self.lease.get()
        except Exception as exc:  # noqa: BLE001 - a busy warehouse: each file of the chunk says so
            self._chunk.fail(exc)
            return
        self._chunk.record(wh)

    def _settle(self) -> None:
        """Every file in flight read, and every file read recorded."""
        while self._flight:
            self._collect()
        self._record()

    def _turn(self) -> None:
        """Between files: record the chunk and let go of a warehouse held longer than HOLD_S, for
        GAP_S, while the reader reads on; a waiting process can take the warehouse meanwhile."""
        if not self.lease.held_too_long():
            return
        self._record()
        self.lease.release()
        until = time.monotonic() + GAP_S
        while (left := until - time.monotonic()) > 0:
            if not self._flight:
                time.sleep(left)
            elif self._flight[0][1].ready(left):
                self._collect()


def _readers(bounds: limits.Limits) -> int:
    """How many reading processes: OUTBOUND_READERS, at most the CPUs this process may run on.

    Measured need: on 5,000 one-row CSVs one reader was busy for the whole scan (about 10 ms a
    file: pandas, the vote, keying) while this process recorded; a second reader on the second
    core takes half the files. A large file is read alone (by one reader) all the same.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(bounds.readers, cpus))


def _done(order: deque[Entry]) -> Iterator[FileOutcome]:
    while order and order[0].outcome is not None:
        yield order.popleft().outcome  # type: ignore[misc]


def _named(exc: Exception, path: Path, opened: Path, bounds: limits.Limits) -> Exception:
    """The reader's error as the file's: bounds exceeded named as such, the link's name as the file's."""
    seconds = bounds.max_file_seconds
    if isinstance(exc, TimeoutError):
        return limits.exceeded(str(path), f"reading it took more than {seconds:g} s", f"{seconds:g} s", "max_file_seconds")
    if isinstance(exc, MemoryError):
        return limits.exceeded(str(path), "reading it needed more memory than the bound",
                               f"{bounds.max_memory_bytes} bytes", "max_memory_bytes")  # fmt: skip
    if not isinstance(exc, LimitExceeded) and opened != path and str(opened) in str(exc):
        exc.args = tuple(str(a).replace(str(opened), printable(path)) for a in exc.args) or exc.args
    return exc


def _openable(path: Path, link: Path) -> Path:
    """`path`, or when its name is not UTF-8 (GBK bytes from a Windows share), a link to it named
    `link` with the same suffixes (ASCII): DuckDB takes only UTF-8 paths."""
    try:
        str(path).encode("utf-8")
        return path
    except UnicodeEncodeError:
        suffixes = "".join(s for s in path.suffixes if s.isascii())
        named = link.with_name(link.name + suffixes)
        named.unlink(missing_ok=True)
        named.symlink_to(path.absolute())
        return named
