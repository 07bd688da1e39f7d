"""Private spill directories beside a warehouse: made 0700 per process, removed by their maker,
and removed by the next open when the process that made them is dead (a killed scan)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def private_spill(path: Path) -> Path:
    """A fresh directory only this user can read, beside warehouse `path`, for spill files.

    The full pass spills raw cells, so these must not outlive the run: whoever makes one removes
    it (`Warehouse.close`, `outbound.pipeline.flow`), and one left by a process that died is removed here.
    Its name carries the pid of the process that made it: a live process's directory is kept (two
    scans may run their full passes side by side, only recording is one at a time).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in [path.with_name(path.name + ".tmp"), *path.parent.glob(f"{path.name}.spill-*")]:
        if stale.is_dir() and not _alive(stale.name.removeprefix(f"{path.name}.spill-").split("-")[0]):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{path.name}.spill-{os.getpid()}-", dir=path.parent))  # mode 0700


def _alive(pid: str) -> bool:
    """Whether `pid` (text from a directory name) is a running process; not a number: no."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
