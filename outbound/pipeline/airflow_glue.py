"""What the DAGs in dags/ share: error → task state, Variables, and the names platform teams set.

Imported by the DAG files at parse time, so it imports nothing heavy: Airflow is imported inside
the functions, which only run inside tasks.

`Terminal` errors (bad input, bad configuration) fail the task at once with a one-line reason
(`AirflowFailException`: no retry); `Transient` ones are raised as they are, and Airflow retries
them with exponential backoff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

POOL = "outbound_warehouse"  # one slot per warehouse file (see docs/deploy.md)
COUNTS_ALIAS = "outbound-counts"  # asset alias: one Asset per processor-year, updated when counts change
TAGS = ["outbound"]
TIMEZONE = "Asia/Shanghai"
SPOT_CHECK_SOURCES = {"warehouse": "what the warehouse recorded this year", "sample": "export files or a folder"}


def processor_choices(limit: int = 500) -> list[str]:
    """Processor folders of $OUTBOUND_ZONE for the spot check's trigger form (read when the DAG file
    is parsed: a directory listing, no database). Empty when the variable is unset or relative."""
    import os
    from pathlib import Path

    zone = Path(os.environ.get("OUTBOUND_ZONE", ""))
    if not zone.is_absolute() or not zone.is_dir():
        return []
    try:
        return sorted(d.name for d in zone.iterdir() if (d / "processor.yaml").is_file())[:limit]
    except OSError:
        return []


def retry_args(minutes: int = 5, timeout_minutes: int = 180) -> dict[str, Any]:
    """default_args of every outbound DAG: transient errors retried with exponential backoff."""
    return {
        "retries": 2,
        "retry_delay": dt.timedelta(minutes=minutes),
        "retry_exponential_backoff": True,
        "max_retry_delay": dt.timedelta(minutes=60),
        "execution_timeout": dt.timedelta(minutes=timeout_minutes),
    }


@contextmanager
def task_errors(what: str) -> Iterator[None]:
    """Map the product's errors to task states: Terminal fails now, Transient is retried."""
    from outbound.common.errors import Terminal

    try:
        yield
    except Terminal as exc:
        from airflow.sdk.exceptions import AirflowFailException

        raise AirflowFailException(f"{what}: {exc}") from None


def variable(name: str) -> str | None:
    """An Airflow Variable read at run time (None when unset)."""
    from airflow.sdk import Variable

    try:
        value = Variable.get(name, default=None)
    except KeyError:
        return None
    return None if value is None else str(value)


def context() -> dict[str, Any]:
    from airflow.sdk import get_current_context

    return dict(get_current_context())


def shanghai_day(ctx: dict[str, Any]) -> dt.date:
    """The run's day in Asia/Shanghai: its logical date if it has one, else now."""
    import pendulum

    when = ctx.get("logical_date") or ctx.get("run_after") or pendulum.now("UTC")
    return pendulum.instance(when).in_timezone(TIMEZONE).date()
