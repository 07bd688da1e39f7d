"""A file's content fingerprint (sha-256), and the size and mtime that let the next run skip it.

A scan hashes each file before it is read (`fingerprint`: known content is not read at all); the
nightly listing hashes a file only when its size or mtime changed since the warehouse last
remembered them (`known_fingerprint`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outbound.common.masking import unicode_name

if TYPE_CHECKING:
    from outbound.warehouse.store import Warehouse


_READ = 1 << 24


def content_sha256(path: Path) -> str:
    # Big reads (measured when hashing ran on a thread beside the classification: 1 MB reads made
    # a 500 MB file take 0.68 s, 16 MB reads 0.51 s), but a small file in one read of its own size:
    # making the 16 MB buffer cost 0.3-0.4 ms a file, hashing a one-row CSV 0.01 ms (measured).
    # No mmap: a file truncated while mapped kills the process with SIGBUS; a read just ends short.
    digest = hashlib.sha256()
    with path.open("rb", buffering=0) as fh:
        buffer = bytearray(min(_READ, os.fstat(fh.fileno()).st_size + 1))
        view = memoryview(buffer)
        while n := fh.readinto(buffer):
            digest.update(view[:n])
    return digest.hexdigest()


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
        wh.remember_fingerprint(unicode_name(path.resolve()), self.size, self.mtime_ns, self.sha)


def known_fingerprint(wh: Warehouse, path: Path) -> Fingerprint | None:
    """The recorded fingerprint of `path` if its size and mtime are unchanged since: no read."""
    size, mtime_ns = Fingerprint.stamp(path)
    sha = wh.known_fingerprint(unicode_name(path.resolve()), size, mtime_ns)
    return Fingerprint(sha, size, mtime_ns) if sha else None


def fingerprint(path: Path, given: Fingerprint | None = None) -> tuple[str, Fingerprint | None]:
    """`path`'s sha-256 and the fingerprint to remember (None when the file changed while it was
    read). A `given` fingerprint (the nightly listing's) whose size and mtime still hold is taken
    as it is: the file is not read again, and there is nothing new to remember."""
    if given is not None and given.holds_for(path):
        return given.sha, None
    return Fingerprint.take(path)
