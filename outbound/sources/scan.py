"""`outbound scan` over every kind of target: local paths, s3:// and sftp:// URLs, database URLs
with a query; archives and HTTP captures found among them are opened into their exports.

Each export then goes through `flow.scan_file` unchanged (the one place that knows the stages),
one at a time; a staged copy is deleted as soon as its scan returns. A target or object that
fails is one failed outcome naming it, and the others still scan.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from outbound.common.errors import OutboundError
from outbound.common.limits import Limits
from outbound.common.masking import printable
from outbound.common.records import FileOutcome
from outbound.common.timeutil import export_date
from outbound.sources.archives import expand, is_archive
from outbound.sources.base import Item, SourceError
from outbound.sources.captures import CAPTURE_SUFFIXES, is_capture, split_by_host
from outbound.sources.database import extract, is_database
from outbound.sources.remote import is_remote, public_url, remote_items

log = logging.getLogger(__name__)


def readable(name: str) -> bool:
    """Whether a name in a listing is an export the scan can open: a format of the scanners'
    registry, an archive, or a capture."""
    from outbound.scanners import sniff_format

    if is_archive(name) or name.lower().endswith(CAPTURE_SUFFIXES):
        return True
    try:
        sniff_format(Path(name))
    except OutboundError:
        return False
    return True


def _in_archive(name: str) -> bool:
    return not is_archive(name) and readable(name)


@dataclass
class Options:
    """What `outbound scan` was given, passed on to `flow.scan_file` for each export."""

    processor: str
    warehouse: Path
    recipient: str | None = None
    exported_at: dt.date | None = None
    sample_rows: int = 1000
    seed: int = 0
    scenario: str | None = None
    encoding: str | None = None
    query: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    skip_deleted: bool = False  # the nightly zone scan: content an operator deleted stays deleted
    follow_symlinks: bool | None = None  # links out of a folder (default $OUTBOUND_FOLLOW_SYMLINKS)
    bounds: Limits | None = None  # reading bounds (default from the environment: common.limits)


def _items(target: str, opts: Options, folder: Path, failed: list[tuple[str, str]]) -> Iterator[Item]:
    if is_database(target):
        if not opts.query:
            raise SourceError(f"{target.split('@')[-1]}: a database needs --query \"SELECT ...\" (or a table name)")
        yield extract(target, opts.query, opts.params, folder)
    elif is_remote(target):
        yield from remote_items(target, readable, folder, failed)
    else:  # local paths go through `_local`
        raise SourceError(f"{target.split('://')[0]}:// is not a source; use a path, s3://, sftp:// or a database URL")


def _is_local(target: str) -> bool:
    return "://" not in target and not is_database(target)


def _local(target: str, opts: Options, outcomes: list[FileOutcome]) -> list[Item]:
    """A local path: its plain exports scanned at once by `flow.scan` (one bounded reader for
    all, every file passed over named), its archives and captures returned to be opened."""
    from outbound.pipeline import flow
    from outbound.scanners import discover_all
    from outbound.sources.captures import is_capture

    files, skipped = discover_all([Path(target)], opts.follow_symlinks)
    opened = [p for p in files if _opens(p) or is_capture(p)] + [s.path for s in skipped if _opens(s.path)]
    plain = [p for p in files if p not in opened]
    if plain:
        outcomes.extend(o for o in flow.scan(
            plain, processor=opts.processor, warehouse=opts.warehouse, recipient=opts.recipient,
            exported_at=opts.exported_at, sample_rows=opts.sample_rows, seed=opts.seed, scenario=opts.scenario,
            encoding=opts.encoding, follow_symlinks=opts.follow_symlinks, bounds=opts.bounds,
        ))  # fmt: skip
    outcomes.extend(FileOutcome(printable(s.path), "skipped", error=f"{printable(s.path)}: skipped: {s.reason}")
                    for s in skipped if s.path not in opened)  # fmt: skip
    return [Item(path, str(path), exported_at=_local_day(path)) for path in sorted(opened)]


def _opens(path: Path) -> bool:
    """An archive or a capture the scanners' registry does not read, but a source opens."""
    return path.is_file() and not path.is_symlink() and (is_archive(path.name) or path.name.lower().endswith(CAPTURE_SUFFIXES))


def _local_day(path: Path) -> dt.date | None:
    """A local file's export date, which the entries and hosts staged from it inherit."""
    try:
        return export_date(path)
    except OSError:
        return None  # missing: its scan says so


def _leaves(item: Item, folder: Path, failed: list[tuple[str, str]]) -> Iterator[Item]:
    """The exports an item holds: an archive's entries, a capture's hosts, or the item itself."""
    if is_archive(item.path.name):
        try:
            for entry in expand(item, folder, _in_archive, failed):
                yield from _leaves(entry, folder, failed)
        finally:
            item.discard()
    elif is_capture(item.path):
        try:
            yield from split_by_host(item, folder)
        finally:
            item.discard()
    else:
        yield item


def _scan_item(item: Item, opts: Options) -> FileOutcome:
    from outbound.pipeline import flow

    fingerprint = None
    if item.sha is not None:
        fingerprint = flow.Fingerprint(item.sha, *flow.Fingerprint.stamp(item.path))
    recipient = item.recipient if item.recipient_fixed else (opts.recipient or item.recipient)
    day = opts.exported_at or item.exported_at  # None: the local file's own (timeutil.export_date)
    outcome = flow.scan_file(
        opts.warehouse, item.path, processor=opts.processor, recipient=recipient, exported_at=day,
        sample_rows=opts.sample_rows, seed=opts.seed, scenario=opts.scenario or item.scenario,
        fingerprint=fingerprint, encoding=opts.encoding, name=item.name, skip_deleted=opts.skip_deleted,
    )
    if item.stamp is not None and item.sha is not None and outcome.status != "failed":
        _remember(opts.warehouse, item)
    local = str(item.path)  # a failure names the staged copy: name the object instead
    return replace(outcome, path=item.name, error=outcome.error and outcome.error.replace(local, item.name))


def _remember(warehouse: Path, item: Item) -> None:
    """The object's sha at its size and mtime, so the next zone listing need not fetch it again."""
    from outbound.warehouse import open_warehouse

    assert item.stamp is not None and item.sha is not None
    wh = open_warehouse(warehouse)
    try:
        wh.remember_fingerprint(item.name, *item.stamp, item.sha)
    finally:
        wh.close()


def scan_targets(targets: Sequence[str], opts: Options) -> list[FileOutcome]:
    """Scan every export the targets name; one outcome per export, failures included."""
    from outbound.warehouse.store import private_spill

    folder = private_spill(opts.warehouse)  # 0700; removed below, or by the next run if we die
    outcomes: list[FileOutcome] = []
    try:
        for target in targets:
            failed: list[tuple[str, str]] = []
            try:
                items = _local(target, opts, outcomes) if _is_local(target) else _items(target, opts, folder, failed)
                for item in items:
                    _scan_leaves(item, opts, folder, failed, outcomes)
            except Exception as exc:  # one target's failure never costs the others
                failed.append((public_url(target), _reason(public_url(target), exc)))
            outcomes.extend(FileOutcome(name, "failed", error=error) for name, error in failed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return outcomes


def _reason(name: str, exc: Exception) -> str:
    """Our errors say what they mean; anything else is a bug met on this object, named by type
    only (its message may quote a cell). OUTBOUND_DEBUG=1 raises it instead."""
    if isinstance(exc, OutboundError):
        return str(exc)
    if os.environ.get("OUTBOUND_DEBUG"):
        raise exc
    return f"{name}: internal error ({type(exc).__name__}); the other files were scanned. Please report it"


def _scan_leaves(item: Item, opts: Options, folder: Path, failed: list[tuple[str, str]],
                 outcomes: list[FileOutcome]) -> None:
    leaves = _leaves(item, folder, failed)
    while True:
        try:
            leaf = next(leaves)
        except StopIteration:
            return
        except Exception as exc:  # a refused .gz, an archive over its entry count, a bad capture
            failed.append((item.name, _reason(item.name, exc)))
            item.discard()
            return
        try:
            outcomes.append(_scan_item(leaf, opts))
        except SourceError as exc:
            failed.append((leaf.name, str(exc)))
        finally:
            leaf.discard()
