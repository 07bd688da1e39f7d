"""Threads beside the full pass, and what keeps them safe to fork beside.

The full pass forks (`outbound.fullpass.apart`); a thread running at the fork does not exist in the
child, and any lock it held stays held there. A background import is waited for before each fork
(`imports_done`); files are hashed on the main thread (`fingerprints`).
"""

from __future__ import annotations

import importlib
import sys
import threading

_IMPORTING: list[threading.Thread] = []


def import_in_background(module: str) -> None:
    """Import `module` on a thread while the full pass runs: DuckDB releases the GIL, so scipy's
    import (about 0.25 s, measured) overlaps the pass instead of delaying the evaluation after it."""
    if module not in sys.modules and not _IMPORTING:
        thread = threading.Thread(target=importlib.import_module, args=(module,), name=f"import-{module}", daemon=True)
        _IMPORTING.append(thread)
        thread.start()


def imports_done() -> None:
    """Wait for a background import before forking: a child forked mid-import would inherit its
    module locks held by a thread that does not exist there, and hang on its first import of them
    (a scan of several small files forks again while the first file's import still runs)."""
    while _IMPORTING:
        _IMPORTING.pop().join()
