"""`outbound spot-check`: the consistency spot check (一致性抽验), what left against what was filed."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from outbound.cli.common import FILING_ARG, WAREHOUSE_HELP, emit_json, parse_date, warehouse_path


@click.command("spot-check")
@click.option("--processor", required=True, help="Data processor id (must match the filing's processor.id).")
@click.option("--filing", "filing_file", required=True, type=FILING_ARG, help="The processor's filing (YAML/JSON).")
@click.option("--sample", "samples", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Export files or folders to check (repeatable).")
@click.option("--from-warehouse", is_flag=True, help="Check the exports the warehouse recorded for --year.")
@click.option("--rows", default=1000, show_default=True, type=click.IntRange(min=1), help="Rows sampled per file.")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0), help="Sampling seed.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write report.html, report.pdf, spot-check.json, index.html and data_docs/ here.")
@click.option("--warehouse", help=WAREHOUSE_HELP + "; without it, --sample files are counted on their own")
@click.option("--year", type=click.IntRange(2000, 2100), help="Calendar year of the volumes [default: of --on].")
@click.option("--on", callback=parse_date, help="Date of the check [default: today].")
@click.option("--recipient", help="Recipient of the --sample files when no _manifest.yaml names it.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report to stdout.")
def spot_check(processor: str, filing_file: Path, samples: tuple[Path, ...], from_warehouse: bool, rows: int,
               seed: int, out_dir: Path | None, warehouse: str | None, year: int | None, on: dt.date | None,
               recipient: str | None, as_json: bool) -> None:
    """Consistency spot check (一致性抽验): compare what left with what was filed.

    Exit 0 consistent, 1 inconsistent or major change (re-file), 2 error.

    \b
    Example:
      outbound spot-check --processor sh-retail --filing demo/zone/sh-retail/filing.yaml \\
        --sample demo/zone/sh-retail/exports --rows 500 --seed 7 --out spot-check/sh-retail
    """
    from outbound.common.errors import UsageError
    from outbound.pipeline.spot_check import Request, run
    from outbound.reports.spot_check import print_spot_check

    if bool(samples) == from_warehouse:
        raise UsageError("pass either --sample PATH or --from-warehouse")
    given = warehouse or from_warehouse or os.environ.get("OUTBOUND_WAREHOUSE")
    wh = warehouse_path(warehouse) if given else None
    doc = run(Request(processor, filing_file, samples, from_warehouse, wh, rows, seed, out_dir, year, on, recipient))
    if as_json:
        emit_json(doc)
    else:
        print_spot_check(processor, doc, out_dir)
    if doc["verdict"] != "consistent":
        sys.exit(1)
