"""`outbound report spot-check|zone|ledger`: the reports people read and file (outbound/reports/, gathered by outbound/pipeline/reporting.py).

A thin layer: each command resolves its paths and calls one library function. Heavy imports
(WeasyPrint, matplotlib, DuckDB) happen inside the commands, never at CLI start-up.
"""

from __future__ import annotations

from pathlib import Path

import click

from outbound.cli.common import WAREHOUSE_HELP
from outbound.cli.common import warehouse_path as _warehouse


@click.group("report")
def report() -> None:
    """Reports to read and file: spot check, half-year zone report, outbound ledger.

    \b
    Example:
      outbound report zone demo/zone --half 2026-H1 --warehouse demo/outbound.duckdb --out demo/reports/zone
    """


@report.command("spot-check")
@click.argument("json_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write report.html and report.pdf [default: the JSON's folder].")
def spot_check(json_file: Path, out_dir: Path | None) -> None:
    """Render the spot-check report (HTML + PDF) again from its spot-check.json.

    \b
    Example:
      outbound report spot-check spot-check/sh-retail/spot-check.json
    """
    from outbound.reports.spot_check_report import rerender

    html, pdf = rerender(json_file, out_dir)
    click.echo(f"wrote {pdf}, {html}")


@report.command("zone")
@click.argument("zone_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--half", required=True, help="The half year: YYYY-H1 (January–June) or YYYY-H2 (July–December).")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for report.html and report.pdf.")
def zone(zone_dir: Path, half: str, warehouse: str | None, out_dir: Path) -> None:
    """Half-year zone report (Fujian measures Art. 17), HTML + PDF: per processor and zone totals.

    \b
    Example:
      outbound report zone demo/zone --half 2026-H1 --warehouse demo/outbound.duckdb --out reports/zone-2026-H1
    """
    from outbound.pipeline.flow import today
    from outbound.pipeline.reporting import zone_report as write
    from outbound.reports.zone_data import Half

    html, pdf = write(zone_dir, Half.parse(half), _warehouse(warehouse), out_dir, today())
    click.echo(f"wrote {pdf}, {html}")


@report.command("ledger")
@click.option("--processor", required=True, help="Data processor id.")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="Calendar year (Asia/Shanghai).")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write (.xlsx).")
def ledger(processor: str, year: int, warehouse: str | None, out_file: Path) -> None:
    """Outbound ledger (出境数据台账) as Excel: one row per export of the year.

    \b
    Example:
      outbound report ledger --processor sh-retail --year 2026 --warehouse demo/outbound.duckdb --out ledger.xlsx
    """
    from outbound.pipeline.reporting import ledger as write_ledger

    click.echo(f"wrote {write_ledger(_warehouse(warehouse), processor, year, out_file)}")
