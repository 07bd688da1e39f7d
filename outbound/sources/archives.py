"""Archives (.zip, .tar, .tar.gz/.tgz): each entry of a known format is an export of its own,
named `<archive>!/<entry>`; and the expansion guard every `.gz` goes through.

Limits (environment, checked while expanding: an archive's headers may lie about sizes):
    OUTBOUND_ARCHIVE_MAX_RATIO    expanded bytes per compressed byte, per entry      [100]
    OUTBOUND_ARCHIVE_MAX_ENTRIES  entries in one archive                             [65536]
    OUTBOUND_ARCHIVE_MAX_BYTES    expanded bytes of one archive or one .gz file      [8 GiB]
Real exports compress 3-20x (CSV of identifiers: about 3-5x, measured on the demo exports); a zip
bomb 1000x and more. A few small entries may legitimately compress better, so an entry may always
expand to `RATIO_FLOOR` bytes. A refusal is one line naming the file and the limit; the other
entries and files still scan. Entries are staged one at a time into the private spill folder by
their base name only, so an entry named "../../x" writes nowhere else. Archives inside archives
are not opened (named as skipped); encrypted zip entries are named as unreadable.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO

from outbound.common.timeutil import date_in_path
from outbound.sources.base import Item, SourceError, stage_stream, staged_path

log = logging.getLogger(__name__)
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")
RATIO_FLOOR = 1 << 20
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    ratio: int = 100
    entries: int = 65_536
    total: int = 8 << 30

    @classmethod
    def from_env(cls) -> Limits:
        def get(name: str, default: int) -> int:
            raw = os.environ.get(f"OUTBOUND_ARCHIVE_MAX_{name}")
            return int(raw) if raw and raw.isdigit() else default

        return cls(get("RATIO", cls.ratio), get("ENTRIES", cls.entries), get("BYTES", cls.total))

    def entry_budget(self, compressed: int, spent: int, already: int = 0) -> tuple[int, str]:
        """Bytes one entry of `compressed` size may expand to, and the limit that would stop it;
        `spent`: bytes the archive expanded to so far; `already`: those of them that count against
        this ratio too (a tar, compressed as a whole)."""
        by_ratio = max(self.ratio * max(compressed, 1), RATIO_FLOOR) - already
        left = self.total - spent
        if by_ratio <= left:
            return by_ratio, f"{self.ratio}x its compressed size (OUTBOUND_ARCHIVE_MAX_RATIO={self.ratio})"
        return left, f"{self.total:,} bytes in all (OUTBOUND_ARCHIVE_MAX_BYTES={self.total})"


def is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def refused(what: str, limit: str) -> SourceError:
    return SourceError(f"{what}: refused, it expands past {limit}; the other files were scanned. "
                       "Check the file, or raise the limit if it is a genuine export")


def expand(archive: Item, folder: Path, wanted: Callable[[str], bool], failed: list[tuple[str, str]]) -> Iterator[Item]:
    """The archive's entries of a known format, staged one at a time into `folder` (the caller
    discards each before the next). Refusals and unreadable entries go to `failed`."""
    limits = Limits.from_env()
    try:
        if archive.path.name.lower().endswith(".zip"):
            yield from _zip_items(archive, folder, wanted, failed, limits)
        else:
            yield from _tar_items(archive, folder, wanted, failed, limits)
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError) as exc:
        failed.append((archive.name, f"{archive.name}: not a readable archive ({type(exc).__name__}); re-export it"))


def _entry(archive: Item, entry: str, day: dt.date | None) -> Item:
    name = f"{archive.name}!/{entry}"
    when = date_in_path(name) or day or archive.exported_at
    return Item(Path(), name, None, when, archive.recipient, archive.scenario, temporary=True)


def _skip(name: str, entry: str, wanted: Callable[[str], bool]) -> bool:
    base = entry.rsplit("/", 1)[-1]
    if base.startswith((".", "_", "~$")) or entry.startswith("__MACOSX/"):
        return True
    if is_archive(base) or not wanted(base):
        log.info("%s!/%s: skipped (not an export format, or an archive inside the archive)", name, entry)
        return True
    return False


def _stage(item: Item, folder: Path, opener: Callable[[], IO[bytes]], budget: tuple[int, str],
           failed: list[tuple[str, str]]) -> Item | None:
    dest = staged_path(folder, item.name)
    try:
        sha = stage_stream(opener, dest, limit=budget[0], what=item.name)
    except SourceError:
        failed.append((item.name, str(refused(item.name, budget[1]))))
        return None
    return Item(dest, item.name, sha, item.exported_at, item.recipient, item.scenario, temporary=True)


def _zip_items(archive: Item, folder: Path, wanted: Callable[[str], bool], failed: list[tuple[str, str]],
               limits: Limits) -> Iterator[Item]:
    with zipfile.ZipFile(archive.path) as zf:
        infos = zf.infolist()
        if len(infos) > limits.entries:
            raise_count(archive.name, len(infos), limits)
        spent = 0
        for info in infos:
            if info.is_dir() or _skip(archive.name, info.filename, wanted):
                continue
            item = _entry(archive, info.filename, dt.date(*info.date_time[:3]))
            if info.flag_bits & 0x1:
                failed.append((item.name, f"{item.name}: encrypted entry, unreadable without its password; "
                                          "ask for the export without encryption or scan it extracted"))
                continue
            staged = _stage(item, folder, partial(zf.open, info), limits.entry_budget(info.compress_size, spent), failed)
            if staged is not None:
                spent += staged.path.stat().st_size
                yield staged


def raise_count(name: str, count: int, limits: Limits) -> None:
    raise SourceError(f"{name}: refused, it holds {count:,} entries, more than the limit of {limits.entries:,} "
                      f"(OUTBOUND_ARCHIVE_MAX_ENTRIES); the other files were scanned")


def _tar_items(archive: Item, folder: Path, wanted: Callable[[str], bool], failed: list[tuple[str, str]],
               limits: Limits) -> Iterator[Item]:
    # streamed ("r|*"): members in order, nothing seeks, a .tar.gz is decompressed once
    compressed = archive.path.stat().st_size
    with tarfile.open(archive.path, "r|*") as tf:
        count = spent = 0
        for member in tf:
            count += 1
            if count > limits.entries:
                raise_count(archive.name, count, limits)
            if not member.isfile() or _skip(archive.name, member.name, wanted):
                continue
            # a tar is compressed as a whole: the ratio bounds all its members together
            budget = limits.entry_budget(compressed, spent, already=spent)
            limit = budget[1]
            item = _entry(archive, member.name, dt.datetime.fromtimestamp(member.mtime, dt.UTC).date())
            if member.size > budget[0]:
                # skipping it would still expand it (a stream): the rest of the archive is refused
                failed.append((item.name, str(refused(item.name, limit))))
                return
            staged = _stage(item, folder, partial(_member, tf, member), budget, failed)
            if staged is not None:
                spent += member.size
                yield staged


def _member(tf: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    fh = tf.extractfile(member)
    if fh is None:  # only for what is not a regular file, which is skipped before
        raise tarfile.TarError(f"{member.name}: not a regular file")
    return fh
