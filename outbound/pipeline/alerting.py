"""Alerts to people after a scan (the CLI's `scan`, the nightly DAG): outbound.alerts gathers,
deduplicates and delivers; this is the pipeline's entry to it. Never raises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from outbound.alerts.dispatch import RunReport


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
