"""`outbound obligations`: what a processor owes for a year, and how close the next line is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from outbound.cli.common import WAREHOUSE_HELP, emit_json, parse_date, warehouse_path


@click.command()
@click.option("--processor", required=True, help="Data processor id.")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="Calendar year (Asia/Shanghai).")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--profile", "profile_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="processor.yaml: zone, industry, CIIO; exemption grounds from the filing.yaml beside it.")
@click.option("--as-of", callback=parse_date, help="Assess as of this date [default: today, capped at 31 December].")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def obligations(processor: str, year: int, warehouse: str | None, profile_file: Path | None,
                as_of: dt.date | None, as_json: bool) -> None:
    """What PROCESSOR owes for YEAR, under which article, and how close the next line is.

    \b
    Example:
      outbound obligations --processor sh-retail --year 2026 --warehouse demo/outbound.duckdb
    """
    from outbound.pipeline import flow
    from outbound.reports.obligations import obligations_json, print_obligations

    assessment, series = flow.assess_year(warehouse_path(warehouse), processor, year, on=as_of,
                                          profile_file=profile_file)
    if as_json:
        emit_json(obligations_json(assessment, series))
    else:
        print_obligations(assessment, series)
