"""`outbound scan`: record exports abroad, then evaluate the processor's year and alert."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from outbound.common.limits import Limits

from outbound.cli.common import (
    ENCODING_HELP,
    WAREHOUSE_HELP,
    exit_if_failed,
    parse_encoding,
    parse_export_day,
    warehouse_path,
)


@click.command()
@click.argument("paths", nargs=-1, required=True)  # not click.Path: it would collapse s3:// to s3:/
@click.option("--processor", required=True, help="Id of the data processor that exported the files.")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--recipient", help="Overseas recipient of these files.")
@click.option("--exported-at", callback=parse_export_day,
              help="Export date YYYY-MM-DD, or an ISO 8601 moment (its Asia/Shanghai date; no offset: Shanghai time) "
                   "[default: date in path, else mtime].")
@click.option("--scenario", help="Business scenario of these exports (e.g. hr, e-commerce) for `persons --by scenario`.")
@click.option("--sample-rows", default=1000, show_default=True, type=click.IntRange(min=1))
@click.option("--seed", default=0, show_default=True)
@click.option("--encoding", callback=parse_encoding, help=ENCODING_HELP)
@click.option("--query", help="For a database URL: the SELECT (or a table name) whose result is the export.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A bound :NAME parameter of --query.")
@click.option("--max-file-seconds", type=click.FloatRange(min=0, min_open=True),
              help="Abandon a file whose reading takes longer (it is named; the others are scanned) "
                   "[default: $OUTBOUND_MAX_FILE_SECONDS or 600].")
@click.option("--max-memory", type=click.IntRange(min=1), metavar="BYTES",
              help="Memory the reading process may add for one file; a file needing more is refused "
                   "[default: $OUTBOUND_MAX_MEMORY_BYTES or 4 GiB].")
@click.option("--follow-symlinks", is_flag=True, default=None,
              help="Follow symbolic links that lead out of the folder scanned [default: skipped and named].")
@click.option("--bad-bytes", type=click.Choice(["refuse", "skip"]),
              help="Bytes not valid in a text file's encoding: refuse the file naming the byte and line, or skip "
                   "them and name the lines in a note [default: $OUTBOUND_BAD_BYTES or refuse].")
def scan(paths: tuple[str, ...], processor: str, warehouse: str | None, recipient: str | None,
         exported_at: dt.date | None, scenario: str | None, sample_rows: int, seed: int, encoding: str | None,
         query: str | None, params: tuple[str, ...], max_file_seconds: float | None, max_memory: int | None,
         follow_symlinks: bool | None, bad_bytes: str | None) -> None:
    """Record files (or every file under a folder) as exported abroad by PROCESSOR.

    PATHS may also be s3://bucket/prefix/, sftp://user@host:port/path/, a database URL with
    --query, .zip/.tar.gz archives and HTTP captures (.har, JSON Lines): see docs/sources.md.

    Scanning the same file content twice changes nothing. After recording, the processor's
    yearly counts are evaluated and any alert is printed and recorded.

    \b
    Example:
      outbound scan zone/sh-hotel/exports --processor sh-hotel --recipient "Pearl Hotels HQ"
    """
    from outbound.pipeline import flow
    from outbound.reports.scan import print_alerts, print_outcomes
    from outbound.sources.scan import Options, scan_targets

    wh = warehouse_path(warehouse)
    bound = dict(p.partition("=")[::2] for p in params)
    bounds = _bounds(max_file_seconds, max_memory, follow_symlinks, bad_bytes)
    outcomes = scan_targets(list(paths), Options(processor, wh, recipient, exported_at, sample_rows, seed, scenario,
                                                 encoding, query, bound, follow_symlinks=follow_symlinks,
                                                 bounds=bounds))
    print_outcomes(outcomes, processor, options_given=bool(recipient or scenario or exported_at))
    if any(o.status != "failed" for o in outcomes):
        for ev in flow.evaluate_processors(wh, [processor]):
            print_alerts(ev.new_alerts)
    told = flow.notify(wh, [processor], failures=[(processor, o.path, o.error or "") for o in outcomes
                                                  if o.status == "failed"])  # never raises (outbound.alerts)
    if told.routes or told.failed:
        click.echo(told.line(), err=True)
    exit_if_failed([o for o in outcomes if o.status == "failed"])


def _bounds(seconds: float | None, memory: int | None, follow: bool | None, bad_bytes: str | None) -> Limits | None:
    """The reading bounds of the environment with the options given on top; None: none given."""
    from outbound.common import limits

    given: dict[str, Any] = {"max_file_seconds": seconds, "max_memory_bytes": memory, "follow_symlinks": follow,
                             "bad_bytes": bad_bytes}  # fmt: skip
    chosen = {k: v for k, v in given.items() if v is not None}
    return dataclasses.replace(limits.current(), **chosen) if chosen else None
