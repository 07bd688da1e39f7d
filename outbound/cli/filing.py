"""`outbound filing`: a processor's filing (备案材料): validate, show, lifecycle status, and its
round trip through the Excel workbook."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from outbound.cli.common import FILING_ARG, emit_json, parse_date


@click.group()
def filing() -> None:
    """A processor's filing (备案材料): validate, show, lifecycle status, Excel template.

    \b
    Example:
      outbound filing validate demo/zone/sh-retail/filing.yaml
      outbound filing status demo/zone/sh-retail/filing.yaml --on 2027-12-20
    """


@filing.command("validate")
@click.argument("file", type=FILING_ARG)
@click.option("--on", callback=parse_date, help="Check against the rules in force on this date [default: today].")
def filing_validate(file: Path, on: dt.date | None) -> None:
    """Check FILE against the schema (docs/filing.md) and rules/; exit 1 when invalid.

    \b
    Example:
      outbound filing validate filing.yaml
    """
    from outbound.expectations.filing import FilingError, load_filing
    from outbound.expectations.validate import check_filing
    from outbound.pipeline.flow import today
    from outbound.reports.filing import print_problems

    try:
        report = check_filing(load_filing(file), on or today())
    except FilingError as exc:
        print_problems(file, exc.problems, readable=False)
        sys.exit(1)
    print_problems(file, report.errors, report.warnings)
    if not report.ok:
        sys.exit(1)


@filing.command("show")
@click.argument("file", type=FILING_ARG)
@click.option("--json", "as_json", is_flag=True, help="Print the filing as normalised JSON.")
def filing_show(file: Path, as_json: bool) -> None:
    """Print what FILE declares: processor, scenarios, catalogue, scale, recipients, dates.

    \b
    Example:
      outbound filing show demo/zone/sh-hotel/filing.yaml
    """
    from outbound.expectations.filing import filing_dict, load_filing
    from outbound.reports.filing import print_filing

    data = filing_dict(load_filing(file))
    if as_json:
        emit_json(data)
    else:
        print_filing(data)


@filing.command("status")
@click.argument("file", type=FILING_ARG)
@click.option("--on", callback=parse_date, help="Status on this date [default: today].")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def filing_status(file: Path, on: dt.date | None, as_json: bool) -> None:
    """Validity from approval and the renewal window in Chinese working days before expiry (periods
    from rules/procedures/); exit 1 with an ALERT line when the window is open or the filing expired.

    \b
    Example:
      outbound filing status filing.yaml --on 2028-01-10
    """
    from outbound.expectations.assessment_renewal import for_filing
    from outbound.expectations.filing import load_filing
    from outbound.expectations.lifecycle import status
    from outbound.pipeline.flow import today
    from outbound.reports.filing import print_alert, print_status

    filed = load_filing(file)
    st, assessed = status(filed, on or today()).to_json(), for_filing(filed, on or today())
    if as_json:
        emit_json({**st, **({"assessment": assessed.to_json()} if assessed else {})})
    else:
        print_status(file, st, assessed.lines() if assessed else ())
    alerts = [a for a in (st["alert"], assessed.alert if assessed else None) if a]
    for alert in alerts:
        print_alert(alert)
    if alerts:
        sys.exit(1)


@filing.command("export-template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "source", type=FILING_ARG, help="Fill the workbook from this filing (YAML/JSON).")
def filing_export_template(out: Path, source: Path | None) -> None:
    """Write the filing Excel workbook (empty template, or filled from --from).

    \b
    Example:
      outbound filing export-template filing.xlsx --from demo/zone/sh-retail/filing.yaml
    """
    from outbound.expectations.filing import load_filing
    from outbound.expectations.sheets import export_xlsx
    from outbound.reports.console import print_written

    print_written(export_xlsx(load_filing(source) if source else None, out))


@filing.command("import")
@click.argument("xlsx", type=FILING_ARG)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the filing as YAML.")
def filing_import(xlsx: Path, out: Path) -> None:
    """Read a filled filing workbook, validate it, and write it as YAML.

    \b
    Example:
      outbound filing import filing.xlsx --out filing.yaml
    """
    from outbound.expectations.filing import dump_filing
    from outbound.expectations.sheets import import_xlsx
    from outbound.reports.console import print_written

    print_written(dump_filing(import_xlsx(xlsx), out))
