"""What every command group shares: option callbacks, the warehouse default, JSON output and the
exit on failed inputs. Heavy libraries stay inside the callbacks: `outbound --help` must be fast."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from outbound.common.records import FileOutcome

WAREHOUSE_HELP = "DuckDB warehouse file [default: $OUTBOUND_WAREHOUSE, else ./outbound.duckdb]"
ENCODING_HELP = ("Text encoding of every CSV/JSON file given (e.g. gb18030, big5, utf-16) "
                 "[default: detected: UTF-8, UTF-16, GB18030].")  # fmt: skip
FILING_ARG = click.Path(exists=True, dir_okay=False, path_type=Path)


def warehouse_path(value: str | None) -> Path:
    from outbound.warehouse.store import default_warehouse_path

    return Path(value) if value else default_warehouse_path()


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from exc


def parse_export_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    from outbound.common.timeutil import export_day

    try:
        return None if value is None else export_day(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def parse_encoding(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from outbound.common.errors import UsageError
    from outbound.scanners.encoding import normalise

    try:
        return None if value is None else normalise(value)
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from exc


def emit_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def exit_if_failed(failed: Sequence[FileOutcome]) -> None:
    """Name each failed input on stderr, then exit 1: the command ran, some input did not."""
    from outbound.reports.console import print_failures

    print_failures(failed)
    if failed:
        sys.exit(1)
