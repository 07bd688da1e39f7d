"""Which files a folder scan reads, and why it reads none of the others.

Only regular files are read: a FIFO named x.csv, a socket or a device (a link to /dev/zero) would
block or never end. A symbolic link is followed when its target stays inside the folder being
scanned; one leading out of it (a zone folder must not pull another processor's data in) only
with `follow_symlinks` ($OUTBOUND_FOLLOW_SYMLINKS=1). Every file passed over is named with the
reason, except hidden and private entries (".git", "_SUCCESS", "~$book.xlsx"), by design.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str  # one line: why it was not read, and what to do if it should be


def _hidden(name: str) -> bool:
    """Hidden or private entries, and office lock files (~$report.xlsx, left while a file is open)."""
    return name.startswith((".", "_", "~$"))


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):  # fmt: skip
        if test(mode):
            return name
    return "not a regular file"


def not_regular(path: Path) -> str | None:
    """Why `path` (its link target, if a link) is not a regular file to read, or None if it is."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    return f"{_kind(mode)}, not a regular file: only regular files are read"


def _inside(target: Path, root: Path) -> bool:
    return target == root or root in target.parents


def _link_reason(path: Path, root: Path, follow: bool) -> str | None:
    """Why a link under `root` is not followed, or None when it is."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "a broken or looping symbolic link"
    if follow or _inside(target, root):
        return None
    return ("a symbolic link to a file outside the folder scanned: not followed "
            "(set OUTBOUND_FOLLOW_SYMLINKS=1 to follow links out of the folder)")  # fmt: skip


def walk(root: Path, known: Callable[[Path], str | None], follow: bool) -> tuple[list[Path], list[Skipped]]:
    """The files under folder `root` to read, and those passed over with why. `known(path)`: why
    the file's format is not read, or None if it is."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        for d in [d for d in dirs if not _hidden(d) and (here / d).is_symlink()]:
            reason = _link_reason(here / d, real_root, follow)
            if reason is not None:  # a linked folder is never walked (os.walk does not follow); named
                skipped.append(Skipped(here / d, reason.replace("a file", "a folder")))
        dirs[:] = [d for d in dirs if not _hidden(d)]
        for name in files:
            candidate = here / name
            if _hidden(name):
                continue
            reason = (_link_reason(candidate, real_root, follow) if candidate.is_symlink() else None) \
                or known(candidate) or not_regular(candidate)  # fmt: skip
            if reason is None:
                found.append(candidate)
            else:
                skipped.append(Skipped(candidate, reason))
    return found, skipped


def find(
    paths: Sequence[Path], known: Callable[[Path], str | None], follow: bool
) -> tuple[list[Path], list[Skipped]]:
    """Files named (kept whatever they are: reading them says why not) and the files under
    folders named; sorted, without repeats."""
    found: set[Path] = set()
    skipped: dict[Path, Skipped] = {}
    for path in map(Path, paths):
        if not path.is_dir():
            found.add(path)
            continue
        files, passed = walk(path, known, follow)
        found.update(files)
        skipped.update((s.path, s) for s in passed)
    return sorted(found), sorted(skipped.values(), key=lambda s: s.path)
