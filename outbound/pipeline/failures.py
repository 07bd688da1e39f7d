"""One file's failure as its outcome: what `flow.scan_file` and a batch (`Batch.scan_many`) say
when a file cannot be scanned. One broken file never stops the others."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from outbound.common import masking
from outbound.common.errors import OutboundError
from outbound.common.records import FileOutcome

log = logging.getLogger("outbound.pipeline.flow")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")  # any non-ASCII run: names, addresses


def failed(shown: str, path: Path, exc: Exception) -> FileOutcome:
    """The outcome of a file (`shown`: its name as outcomes give it) whose scan raised `exc`; a bug
    (not an OutboundError or OSError) is raised instead when $OUTBOUND_DEBUG is set."""
    if isinstance(exc, OutboundError):
        log.info("scan failed for %s: %s", shown, exc.__class__.__name__)  # the outcome says why
        return FileOutcome(shown, "failed", error=str(exc), retryable=exc.retryable)
    if isinstance(exc, OSError):
        return FileOutcome(shown, "failed", error=f"{shown}: {exc.strerror or exc}")
    if os.environ.get("OUTBOUND_DEBUG"):
        raise exc
    return internal_error(path, exc)


def internal_error(path: Path, exc: Exception) -> FileOutcome:
    # no traceback in the log: its frames may quote a cell; OUTBOUND_DEBUG=1 raises it instead
    shown = masking.printable(path)
    log.info("scan failed for %s: internal error %s", shown, exc.__class__.__name__)
    # masked: identifiers (redact) and any text in Chinese, which a library may quote from a row
    what = _NON_ASCII.sub("…", masking.redact(f"{exc.__class__.__name__}: {exc}")).splitlines()[0][:300]
    return FileOutcome(shown, "failed", error=f"{shown}: internal error ({what}); the other files were scanned. "
                       "Please report it; OUTBOUND_DEBUG=1 shows where it happened")  # fmt: skip
