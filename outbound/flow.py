"""The one place that knows the order of stages: source → sample → classify → record → evaluate → alert.

The CLI and the Airflow DAGs call these functions; nothing here prints. One broken file never
stops the others: its outcome says `failed` and why.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import os
import re
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outbound.common import hashing
from outbound.common.errors import OutboundError, UsageError
from outbound.common.records import (
    Alert,
    ColumnLabel,
    ExportRecord,
    FileClassification,
    FileOutcome,
    Obligation,
    Profile,
    YearlyCounts,
)
from outbound.common.timeutil import export_date, shanghai_date

if TYPE_CHECKING:
    from outbound.alerts.dispatch import RunReport
    from outbound.warehouse.assessment import Assessment
    from outbound.warehouse.persons import PersonTally
    from outbound.warehouse.series import Point
    from outbound.warehouse.store import Warehouse

log = logging.getLogger("outbound.flow")


def today() -> dt.date:
    return shanghai_date(dt.datetime.now(dt.UTC))


def content_sha256(path: Path) -> str:
    # Big reads: on a thread beside the classification (Python holding the GIL), each read and
    # each update waits for the GIL once; 1 MB reads made hashing a 500 MB file take 0.68 s
    # there instead of 0.28 s, 16 MB reads 0.51 s (measured). No mmap: a file truncated while
    # mapped kills the process with SIGBUS, where a read just ends short.
    digest = hashlib.sha256()
    buffer = bytearray(1 << 24)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as fh:
        while n := fh.readinto(buffer):
            digest.update(view[:n])
    return digest.hexdigest()


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


class _Known(Exception):
    """The file's content is recorded already (or deleted, when deletions are skipped): the full
    pass is not needed."""


@dataclass(frozen=True)
class Fingerprint:
    """A file's content fingerprint and the size and mtime (ns) the file had while it was read."""

    sha: str
    size: int
    mtime_ns: int

    @staticmethod
    def stamp(path: Path) -> tuple[int, int]:
        st = path.stat()
        return st.st_size, st.st_mtime_ns

    @classmethod
    def take(cls, path: Path) -> tuple[str, Fingerprint | None]:
        """Hash `path`: its sha-256, and the fingerprint to remember (None when the file's size or
        mtime changed while it was read: then no stamp stands for the bytes hashed)."""
        before = cls.stamp(path)
        sha = content_sha256(path)
        return sha, cls(sha, *before) if cls.stamp(path) == before else None

    def holds_for(self, path: Path) -> bool:
        """Whether `path` still has the size and mtime this fingerprint was taken at."""
        try:
            return self.stamp(path) == (self.size, self.mtime_ns)
        except OSError:
            return False

    @classmethod
    def from_json(cls, export: dict[str, object]) -> Fingerprint | None:
        """The fingerprint `new_exports` put in an export's listing, if it has one."""
        if not isinstance(sha := export.get("sha"), str):
            return None
        return cls(sha, int(export["size"]), int(export["mtime_ns"]))  # type: ignore[call-overload]

    def remember(self, wh: Warehouse, path: Path) -> None:
        wh.remember_fingerprint(str(path.resolve()), self.size, self.mtime_ns, self.sha)


def known_fingerprint(wh: Warehouse, path: Path) -> Fingerprint | None:
    """The recorded fingerprint of `path` if its size and mtime are unchanged since: no read."""
    size, mtime_ns = Fingerprint.stamp(path)
    sha = wh.known_fingerprint(str(path.resolve()), size, mtime_ns)
    return Fingerprint(sha, size, mtime_ns) if sha else None


class _Given:
    """The fingerprint a caller passed and the file still matches: nothing to wait for."""

    def join(self) -> None:
        return None


def _sha_in_background(path: Path, given: Fingerprint | None = None) -> tuple[threading.Thread | _Given, dict[str, object]]:
    """The file's fingerprint, computed while the sample is classified and the full pass's child
    starts reading (hashlib releases the GIL; the loop imports nothing, so forking beside it is safe).
    `out["sha"]`, and `out["stamp"]` (a `Fingerprint`, None if the file changed while read) or
    `out["error"]`. A `given` fingerprint whose size and mtime still hold is taken as it is."""
    out: dict[str, object] = {}
    if given is not None and given.holds_for(path):
        out.update(sha=given.sha, stamp=None)
        return _Given(), out

    def run() -> None:
        try:
            out["sha"], out["stamp"] = Fingerprint.take(path)
        except OSError as exc:
            out["error"] = exc

    thread = threading.Thread(target=run, name="content-sha256", daemon=True)
    thread.start()
    return thread, out


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")  # any non-ASCII run: names, addresses
_IMPORTING: list[threading.Thread] = []


def _import_in_background(module: str) -> None:
    """Import `module` on a thread while the full pass runs: DuckDB releases the GIL, so scipy's
    import (about 0.25 s, measured) overlaps the pass instead of delaying the evaluation after it."""
    import importlib
    import sys

    if module not in sys.modules and not _IMPORTING:
        thread = threading.Thread(target=importlib.import_module, args=(module,), name=f"import-{module}", daemon=True)
        _IMPORTING.append(thread)
        thread.start()


def _imports_done() -> None:
    """Wait for a background import before forking: a child forked mid-import would inherit its
    module locks held by a thread that does not exist there, and hang on its first import of them
    (a scan of several small files forks again while the first file's import still runs)."""
    while _IMPORTING:
        _IMPORTING.pop().join()


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
) -> FileOutcome:
    """Classify one file, key its identifiers in full, record it. Known content changes nothing.

    `fingerprint`: the file's content fingerprint as the nightly listing took it (`new_exports`);
    it is used instead of hashing the file again while the file's size and mtime still match.
    `skip_deleted`: content an operator deleted is left out ("unchanged"), as the nightly listing
    leaves it out; the nightly scan sets it, so a deletion made after the listing also holds.

    The full pass runs in a forked child that never opens the warehouse (`person_keys_apart`):
    this process writes the warehouse file and only ever holds keyed hashes. The fingerprint is
    finished, and known content recognised (the child is then stopped), while the child reads.
    """
    try:
        on = export_date(path, exported_at)
        hashing_thread, hashed = _sha_in_background(path, fingerprint)
        try:  # imported after the hash started: it runs beside these imports (about 0.13 s, measured)
            from outbound.classifiers import classify_source
            from outbound.common import rules
            from outbound.extract import person_keys_apart
            from outbound.scanners import open_source
            from outbound.warehouse import open_warehouse
            from outbound.warehouse.store import private_spill

            source = open_source(path, encoding=encoding)
            classified = classify_source(source, sample_rows=sample_rows, seed=seed, on=on)
            key = hashing.load_key(warehouse)
        except BaseException:
            hashing_thread.join()
            raise

        def meanwhile() -> None:
            """While the child reads the file: finish the fingerprint, skip content already recorded."""
            _import_in_background("scipy.sparse.csgraph")  # the evaluation after the pass needs it
            hashing_thread.join()
            if "error" in hashed:
                raise hashed["error"]  # type: ignore[misc]
            wh = open_warehouse(warehouse)
            try:
                wh.check_key(hashing.key_check(key))
                if isinstance(stamp := hashed["stamp"], Fingerprint):
                    stamp.remember(wh, path)  # the next nightly listing need not read this file
                wh.upsert_processor(processor)
                if wh.has_export(processor, str(hashed["sha"])):
                    raise _Known
                if skip_deleted and wh.was_deleted(processor, str(hashed["sha"])):
                    log.info("not recording %s: its content was deleted from %s's exports", path.name, processor)
                    raise _Known
            finally:
                wh.close()

        workdir = private_spill(warehouse)
        _imports_done()
        try:
            keys = person_keys_apart(
                source, classified.columns, key=key, on=on, entities=rules.entities(on), workdir=workdir,
                meanwhile=meanwhile, sparse=classified.sparse,
            )
        except _Known:
            return FileOutcome(str(path), "unchanged", content_sha256=str(hashed["sha"]))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        sha = str(hashed["sha"])
        export = ExportRecord(sha, processor, on, recipient, str(path), source.format, keys.total_rows)
        wh = open_warehouse(warehouse)
        try:
            recorded = wh.record_export(
                export, keys.labels, ids=keys.ids, edges=keys.edges, unlinked=keys.unlinked,
                unlinked_sensitive=keys.unlinked_sensitive, scenario=scenario,
            )
        finally:
            wh.close()
    except OutboundError as exc:
        log.info("scan failed for %s: %s", path, exc.__class__.__name__)  # the outcome says why
        return FileOutcome(str(path), "failed", error=str(exc), retryable=exc.retryable)
    except OSError as exc:
        return FileOutcome(str(path), "failed", error=f"{path}: {exc.strerror or exc}")
    except Exception as exc:  # a bug met on this file must not cost the other files of the run
        if os.environ.get("OUTBOUND_DEBUG"):
            raise
        # no traceback in the log: its frames may quote a cell; OUTBOUND_DEBUG=1 raises it instead
        log.info("scan failed for %s: internal error %s", path, exc.__class__.__name__)
        # masked: identifiers (redact) and any text in Chinese, which a library may quote from a row
        what = _NON_ASCII.sub("…", hashing.redact(f"{exc.__class__.__name__}: {exc}")).splitlines()[0][:300]
        return FileOutcome(str(path), "failed", error=f"{path}: internal error ({what}); the other files were scanned. "
                           "Please report it; OUTBOUND_DEBUG=1 shows where it happened")  # fmt: skip
    labelled = tuple(c for c in keys.labels if c.entity)  # the sample's labels, sparse columns looked at again
    log.info(
        "recorded %s for %s: %d rows, %d identifiers, %d unlinked, %d labelled columns", path.name, processor,
        keys.total_rows, keys.identifiers, keys.unlinked, len(labelled),
    )
    return FileOutcome(
        str(path),
        "recorded" if recorded else "unchanged",
        content_sha256=sha,
        columns_labelled=len(labelled),
        rows=keys.total_rows,
        labels=labelled,
        notes=classified.notes,
    )


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


# --- evaluate ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    counts: YearlyCounts
    unlinked_persons: int
    obligations: tuple[Obligation, ...]
    alerts: tuple[Alert, ...]
    new_alerts: tuple[Alert, ...]


def evaluate_processors(warehouse: Path, processors: Sequence[str], *, on: dt.date | None = None) -> list[Evaluation]:
    """Evaluate every year in which each processor has exports."""
    from outbound.warehouse import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        years = {p: wh.years(p) for p in processors}
    finally:
        wh.close()
    return [evaluate(warehouse, p, y, on=on) for p in processors for y in years[p]]


@dataclass(frozen=True)
class YearFacts:
    """What the warehouse knows of one processor-year: counts, labelled columns, profile."""

    counts: YearlyCounts
    unlinked: int
    labels: tuple[ColumnLabel, ...]
    profile: Profile


def _as_of(year: int, on: dt.date | None) -> dt.date:
    return min(on or today(), dt.date(year, 12, 31))


def _year_facts(wh: Warehouse, processor: str, year: int, as_of: dt.date, *, given: bool) -> YearFacts:
    """What had left by `as_of`. `given`: the caller asked about that day (--as-of), so exports
    dated after it do not count ("累计" up to the day assessed); by default (today) the year's
    exports all count, an export recorded with a later date included."""
    from outbound.common import rules
    from outbound.warehouse import yearly_counts

    # the regime in force decides the window: Order 16 counts from 1 January of this year,
    # Order 11 counted from 1 January of the previous year
    window = rules.thresholds(as_of).counting.window_start
    start = dt.date(year - 1 if window == "previous_year" else year, 1, 1)
    until = as_of if given else None
    counts, unlinked = yearly_counts(wh, processor, year, window_start=start, until=until)
    counts = dataclasses.replace(counts, important_data=wh.important_data_in_year(processor, year, until))
    return YearFacts(counts, unlinked, wh.year_labels(processor, year, until), wh.profile(processor))


def assess_year(
    warehouse: Path,
    processor: str,
    year: int,
    *,
    on: dt.date | None = None,
    profile_file: Path | None = None,
) -> tuple[Assessment, list[Point]]:
    """Counts, labels and profile of one processor-year → every obligation with its citation.

    A `profile_file` (processor.yaml) replaces the profile the warehouse holds.
    """
    from outbound.warehouse import open_warehouse
    from outbound.warehouse.assessment import assess
    from outbound.warehouse.series import cumulative_series

    as_of = _as_of(year, on)
    wh = open_warehouse(warehouse, read_only=True)
    try:
        if not wh.known_processor(processor):
            raise UsageError(f"processor {processor!r} has no exports in {warehouse}; see `outbound scan`")
        facts = _year_facts(wh, processor, year, as_of, given=on is not None)
        series = [p for p in cumulative_series(wh, processor, year) if on is None or p.day <= as_of]
    finally:
        wh.close()
    profile = facts.profile
    if profile_file is not None:
        from outbound.zone import load_profile_file

        profile = dataclasses.replace(load_profile_file(profile_file).profile, processor=processor)
    return assess(profile, facts.counts, facts.labels, as_of), series


def persons(warehouse: Path, processor: str, year: int) -> tuple[YearlyCounts, int]:
    tally = person_tally(warehouse, processor, year)
    counts = YearlyCounts(processor, year, persons=tally.persons, sensitive_persons=tally.sensitive_persons)
    return counts, tally.unlinked


def person_tally(warehouse: Path, processor: str, year: int) -> PersonTally:
    """The year's persons with breakdowns by recipient, month and scenario (cached at scan time)."""
    from outbound.warehouse.persons import person_tally as tally
    from outbound.warehouse.store import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        if not wh.known_processor(processor):
            known = ", ".join(wh.processors()) or "none yet"
            raise UsageError(f"processor {processor!r} has no exports in {warehouse}; known processors: {known}")
        return tally(wh, processor, year)
    finally:
        wh.close()


def person_series(warehouse: Path, processor: str, year: int) -> list[Point]:
    """The year's running totals, one point per export date (see `warehouse.series`)."""
    from outbound.warehouse.series import cumulative_series
    from outbound.warehouse.store import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        return cumulative_series(wh, processor, year)
    finally:
        wh.close()


def evaluate(warehouse: Path, processor: str, year: int, *, on: dt.date | None = None) -> Evaluation:
    """The year's assessment → alerts, recorded once per rule in the warehouse.

    Alerts come from the same `assess()` as `outbound obligations`, so the nightly alert and the
    command never disagree (zone list, declared grounds and zone volume rules included).
    """
    from outbound.reports.alerts import alerts_for
    from outbound.warehouse import open_warehouse
    from outbound.warehouse.assessment import assess

    as_of = _as_of(year, on)
    wh = open_warehouse(warehouse)
    try:
        facts = _year_facts(wh, processor, year, as_of, given=on is not None)
        assessment = assess(facts.profile, facts.counts, facts.labels, as_of)
        alerts = alerts_for(assessment.counts, assessment.obligations, assessment.approaching)
        new = tuple(a for a in alerts if wh.upsert_alert(a))
    finally:
        wh.close()
    counts = assessment.counts
    log.info("evaluated %s %d: %d persons, %d sensitive, %d alerts (%d new)", processor, year,
             counts.persons, counts.sensitive_persons, len(alerts), len(new))
    return Evaluation(counts, facts.unlinked, assessment.obligations, alerts, new)


def notify(warehouse: Path, processors: Sequence[str], *, zone: Path | None = None,
           failures: Sequence[tuple[str, str, str]] = (), on: dt.date | None = None,
           report: str | None = None) -> RunReport:
    """Tell people: the processors' alerts to the routes configured ($OUTBOUND_ALERT_URLS, the
    channels file), deduplicated, retried; `failures`: (processor, path, error) of files that
    failed this run; `report`: the run report's path or link, named in each alert. Never raises:
    a delivery problem never fails the scan (outbound.alerts)."""
    from outbound.alerts.nightly import FailedFile
    from outbound.alerts.nightly import notify as tell

    return tell(warehouse, processors, night=on, zone=zone, failures=[FailedFile(*f) for f in failures],
                report=report)


# --- a zone (the nightly job) -----------------------------------------------------------------


def register_zone(zone: Path, warehouse: Path) -> dict[str, list[str]]:
    """Record every processor profile of the zone; returns their ids and any profile problems."""
    from outbound.warehouse import open_warehouse
    from outbound.zone import pending_exports, profiles

    found = profiles(zone)
    problems: list[str] = []
    pending_exports(zone, problems)  # surfaces broken profiles and manifests once, for the report
    wh = open_warehouse(warehouse)
    try:
        for p in found:
            wh.upsert_processor(p.id, name=p.name, profile=None if p.problem else p.profile)
    finally:
        wh.close()
    for problem in problems:
        log.warning("zone problem: %s", problem)
    return {"processors": [p.id for p in found], "problems": problems}


def new_exports(zone: Path, warehouse: Path) -> list[dict[str, object]]:
    """Export files of the zone whose content the warehouse has not recorded yet, each with its
    fingerprint (`Fingerprint` fields) for `scan_file`.

    A file whose size and mtime are unchanged since it was last hashed is not read again (see
    `file_fingerprints` in the schema); a file that cannot be read is listed, and its scan says why.
    Content an operator deleted (`outbound exports delete`) is not listed again: a deletion stays
    deleted until someone scans that content on purpose (`outbound scan`).
    """
    from outbound.warehouse import open_warehouse
    from outbound.zone import pending_exports

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


def evaluation_json(ev: Evaluation) -> dict[str, object]:
    return {
        "processor": ev.counts.processor,
        "year": ev.counts.year,
        "persons": ev.counts.persons,
        "sensitive_persons": ev.counts.sensitive_persons,
        "unlinked_persons": ev.unlinked_persons,
        "obligations": [{"rule_id": o.rule_id, "mechanism": o.mechanism, "summary": o.summary,
                         "source": o.source} for o in ev.obligations],
        "alerts": [dataclasses.asdict(a) for a in ev.alerts],
        "new_alerts": [dataclasses.asdict(a) for a in ev.new_alerts],
    }
