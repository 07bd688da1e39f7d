"""What every source hands to the scan: a local file to read, the name the export goes by, and
the facts of the export that the file alone cannot tell (its date, its recipient).

Design (issue 25). A source resolves what the user named (a URL, an archive, a capture, a query)
into `Item`s; each item is read by the scanners' one `FORMATS` registry and goes through
`flow.scan_file` like a local file: seeded sample, full streamed pass, content fingerprint,
export date and recipient rules. Remote bytes are *staged*: copied in 1 MB reads into a
private (0700) spill directory beside the warehouse (`private_spill`, the one the full pass uses),
hashed on the way, scanned, and deleted at once, one object at a time. Reading them in place was
not done because the scanners seek (line windows at seeded byte offsets, Parquet footers, xlsx
zips) and the full pass runs in a forked child process: an fsspec filesystem registered into DuckDB
would have to live through that fork (s3fs keeps an asyncio loop thread; a fork copies no thread).
Staging keeps memory bounded (one chunk) at the cost of disk space for the largest object.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from outbound.common.errors import Terminal
from outbound.common.timeutil import date_in_path, shanghai_date

CHUNK_BYTES = 1 << 20  # one read of a stream while staging; s3fs adds its 8 MB read-ahead block (measured
# on moto: 1 MB reads peak at 40 MB of Python memory for a 48, 96 or 192 MB object, 8 MB reads at 68 MB)


class SourceError(Terminal):
    """An object of a source cannot be listed, fetched or expanded; the message names it."""


@dataclass(frozen=True)
class Item:
    """One export ready to scan: `path` is local (staged or original), `name` what it is called.

    `sha`: the content fingerprint when the source computed it (hashed while staging, or the
    query + parameters + result of a database extract), so the scan does not hash it again.
    `exported_at`, `recipient`: what the source knows; the user's options win over them.
    """

    path: Path
    name: str
    sha: str | None = None
    exported_at: dt.date | None = None
    recipient: str | None = None
    scenario: str | None = None
    temporary: bool = False  # staged by the source: delete once scanned
    recipient_fixed: bool = False  # the source decides the recipient (a capture's host), not --recipient
    stamp: tuple[int, int] | None = None  # a remote object's (size, mtime ns): its fingerprint is remembered

    def discard(self) -> None:
        if self.temporary:
            self.path.unlink(missing_ok=True)


def export_day(name: str, mtime: float | None) -> dt.date | None:
    """The export date a remote object states: an ISO date in its key or path, else its mtime
    (Asia/Shanghai), as `timeutil.export_date` does for a local file."""
    found = date_in_path(Path(name))
    if found is not None:
        return found
    return shanghai_date(dt.datetime.fromtimestamp(mtime, tz=dt.UTC)) if mtime is not None else None


_UNSAFE = re.compile(r"[^\w.\-]+")


def staged_path(folder: Path, name: str) -> Path:
    """A fresh local path under `folder` keeping the object's own file name (its suffix tells the
    format: x.csv.gz), in a numbered sub-folder so two objects of one name never collide."""
    base = _UNSAFE.sub("_", PurePosixPath(name.rstrip("/")).name) or "object"
    n = 0
    while (folder / str(n)).exists():
        n += 1
    (folder / str(n)).mkdir(mode=0o700)
    return folder / str(n) / base


def stage_stream(opener: Callable[[], IO[bytes]], dest: Path, limit: int | None = None, what: str = "") -> str:
    """Copy the stream `opener()` gives into `dest` in `CHUNK_BYTES` chunks; its sha-256.

    `limit`: refuse (SourceError) once more bytes than this come out (archives and .gz: the
    expanded size is only known by expanding). The partial file is removed on any failure.
    """
    digest = hashlib.sha256()
    written = 0
    try:
        with opener() as src, open(dest, "wb", opener=_private) as out:
            while chunk := src.read(CHUNK_BYTES):
                written += len(chunk)
                if limit is not None and written > limit:
                    raise SourceError(f"{what}: expands past {limit:,} bytes; refused (see OUTBOUND_ARCHIVE_* limits)")
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def _private(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)
