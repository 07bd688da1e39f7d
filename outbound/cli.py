"""`outbound` command line: a thin layer over outbound.flow. Errors are one line, never a traceback.

Exit codes: 0 success; 1 the command ran but some input failed (each failure is listed);
2 usage or configuration error.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from outbound.common.errors import OutboundError

WAREHOUSE_HELP = "DuckDB warehouse file [default: $OUTBOUND_WAREHOUSE, else ./outbound.duckdb]"


def _warehouse(value: str | None) -> Path:
    from outbound.warehouse.store import default_warehouse_path

    return Path(value) if value else default_warehouse_path()


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from exc


def _emit_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log progress (counts and names only) to stderr.")
@click.version_option(package_name="outbound")
def cli(verbose: bool) -> None:
    """Check what personal and important data a company actually sends abroad.

    \b
    Example:
      outbound classify exports/2026-03-01/guests.csv --json
      outbound scan exports/ --processor sh-hotel --recipient "Pearl HQ"
      outbound persons --processor sh-hotel --year 2026
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--sample-rows", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Rows sampled per file.")
@click.option("--seed", default=0, show_default=True, help="Sampling seed: same seed, same sample.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, one object per file.")
def classify(paths: tuple[Path, ...], sample_rows: int, seed: int, as_json: bool) -> None:
    """Label the columns of each file as personal, sensitive or important data.

    \b
    Example:
      outbound classify guests.csv crew.parquet --sample-rows 500 --seed 7 --json
    """
    from outbound import flow

    done, failed = flow.classify(list(paths), sample_rows=sample_rows, seed=seed)
    if as_json:
        _emit_json([d.to_json() for d in done])
    else:
        from outbound.reports.console import print_classifications

        print_classifications(done)
    _report_failures(failed)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--processor", required=True, help="Id of the data processor that exported the files.")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--recipient", help="Overseas recipient of these files.")
@click.option("--exported-at", callback=_date, help="Export date YYYY-MM-DD [default: date in path, else mtime].")
@click.option("--sample-rows", default=1000, show_default=True, type=click.IntRange(min=1))
@click.option("--seed", default=0, show_default=True)
def scan(paths: tuple[Path, ...], processor: str, warehouse: str | None, recipient: str | None,
         exported_at: dt.date | None, sample_rows: int, seed: int) -> None:
    """Record files (or every file under a folder) as exported abroad by PROCESSOR.

    Scanning the same file content twice changes nothing. After recording, the processor's
    yearly counts are evaluated and any alert is printed and recorded.

    \b
    Example:
      outbound scan zone/sh-hotel/exports --processor sh-hotel --recipient "Pearl Hotels HQ"
    """
    from outbound import flow

    wh = _warehouse(warehouse)
    outcomes = flow.scan(list(paths), processor=processor, warehouse=wh, recipient=recipient,
                         exported_at=exported_at, sample_rows=sample_rows, seed=seed)
    for o in outcomes:
        if o.status != "failed":
            click.echo(f"{o.status:9} {o.path}  rows={o.rows} labelled={o.columns_labelled}")
    if any(o.status != "failed" for o in outcomes):
        from outbound.reports.alerts import console_line

        for ev in flow.evaluate_processors(wh, [processor]):
            for alert in ev.new_alerts:
                click.echo(console_line(alert))
    _report_failures([o for o in outcomes if o.status == "failed"])


@cli.command()
@click.option("--processor", required=True, help="Data processor id.")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="Calendar year (Asia/Shanghai).")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def persons(processor: str, year: int, warehouse: str | None, as_json: bool) -> None:
    """Distinct persons whose personal information left in YEAR, and how many with sensitive PI.

    \b
    Example:
      outbound persons --processor sh-hotel --year 2026 --json
    """
    from outbound import flow

    counts, unlinked = flow.persons(_warehouse(warehouse), processor, year)
    if as_json:
        _emit_json({"processor": processor, "year": year, "persons": counts.persons,
                    "sensitive_persons": counts.sensitive_persons})
    else:
        click.echo(f"{processor} {year}: {counts.persons:,} persons, {counts.sensitive_persons:,} with sensitive "
                   f"personal information ({unlinked:,} counted from rows without an identifier)")


@cli.command()
@click.option("--processor", required=True, help="Data processor id.")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="Calendar year (Asia/Shanghai).")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--profile", "profile_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="processor.yaml: zone, industry, CIIO, declared exemption grounds (filing.exemption_grounds).")
@click.option("--as-of", callback=_date, help="Assess as of this date [default: today, capped at 31 December].")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def obligations(processor: str, year: int, warehouse: str | None, profile_file: Path | None,
                as_of: dt.date | None, as_json: bool) -> None:
    """What PROCESSOR owes for YEAR, under which article, and how close the next line is.

    \b
    Example:
      outbound obligations --processor sh-retail --year 2026 --warehouse demo/outbound.duckdb
    """
    from outbound import flow
    from outbound.reports.obligations import obligations_json, print_obligations

    assessment, series = flow.assess_year(_warehouse(warehouse), processor, year, on=as_of,
                                          profile_file=profile_file)
    if as_json:
        _emit_json(obligations_json(assessment, series))
    else:
        print_obligations(assessment, series)


@cli.group()
def rules() -> None:
    """The regulation as versioned data (rules/): list, show, check, import a list.

    \b
    Example:
      outbound rules list
      outbound rules show cn-cac-order16-2024
      outbound rules check
    """


@rules.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def rules_list(as_json: bool) -> None:
    """Every rule file: kind, id, scope, effective dates, verification.

    \b
    Example:
      outbound rules list --json
    """
    from outbound.common.rulecheck import check_all

    rows = [
        {"kind": c.kind, "id": c.file.meta.id, "scope": c.file.meta.scope,
         "effective_from": c.file.meta.effective_from.isoformat(),
         "effective_to": c.file.meta.effective_to.isoformat() if c.file.meta.effective_to else None,
         "verified": c.file.meta.verified, "title": c.file.meta.title.get("zh") or c.file.meta.title.get("en")}
        for c in check_all() if c.file is not None
    ]
    if as_json:
        _emit_json(rows)
        return
    for r in rows:
        mark = "✓" if r["verified"] else "◐"
        click.echo(f"{r['kind']:15} {r['id']:45} {r['scope']:18} {r['effective_from']} → {r['effective_to'] or '…':10} "
                   f"{mark} {r['title']}")


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id: str) -> None:
    """Print one rule file (by its meta.id) as stored.

    \b
    Example:
      outbound rules show cn-cac-order16-2024
    """
    from outbound.common.errors import UsageError
    from outbound.common.rulecheck import check_all

    for c in check_all():
        if c.file is not None and c.file.meta.id == rule_id:
            click.echo(f"# {c.path}")
            click.echo(c.path.read_text(encoding="utf-8"))
            return
    raise UsageError(f"no rule file with meta.id {rule_id!r}; see `outbound rules list`")


@rules.command("check")
def rules_check() -> None:
    """Validate every rule file; list each problem with file, key and reason.

    \b
    Example:
      outbound rules check
    """
    from outbound.common.rulecheck import check_all

    checked = check_all()
    bad = [c for c in checked if c.error]
    for c in bad:
        click.echo(f"invalid   {c.error}", err=True)
    files = len({c.path for c in checked if c.file is not None})
    click.echo(f"{files} rule files valid, {len(bad)} problem(s)")
    if bad:
        sys.exit(1)


@rules.command("import-list")
@click.argument("xlsx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the YAML to [default: the rules folder's lists/].")
@click.option("--replace", is_flag=True, help="Overwrite an existing file of the same meta.id.")
def rules_import_list(xlsx: Path, out_dir: Path | None, replace: bool) -> None:
    """Validate an FTZ list filled in Excel (sheets meta, structure, entries) and write it as YAML.

    \b
    Example:
      outbound rules import-list shanghai-2024.xlsx --out rules/lists
    """
    from outbound.common import rules as rule_files
    from outbound.common.list_sheets import import_list

    written = import_list(xlsx, out_dir or rule_files.rules_dir() / "lists", replace=replace)
    click.echo(f"wrote {written}")


@rules.command("export-list")
@click.argument("rule_id")
@click.argument("xlsx", type=click.Path(dir_okay=False, path_type=Path))
def rules_export_list(rule_id: str, xlsx: Path) -> None:
    """Write one list (by meta.id) as an Excel workbook to fill in or review.

    \b
    Example:
      outbound rules export-list cn-sh-ftz-lingang-negative-list-2024 shanghai-2024.xlsx
    """
    from outbound.common import rules as rule_files
    from outbound.common.errors import UsageError
    from outbound.common.list_sheets import export_list_xlsx
    from outbound.common.lists import ListFile

    for f in rule_files.load_kind("lists"):
        if isinstance(f, ListFile) and f.meta.id == rule_id:
            click.echo(f"wrote {export_list_xlsx(f, xlsx)}")
            return
    raise UsageError(f"no list with meta.id {rule_id!r}; see `outbound rules list`")


@cli.command()
@click.option("--zone", "zone_dir", default="demo/zone", show_default=True, type=click.Path(path_type=Path),
              help="Where to generate the synthetic zone.")
@click.option("--warehouse", default="demo/outbound.duckdb", show_default=True, help="Warehouse file.")
@click.option("--airflow-home", default=".airflow", show_default=True, type=click.Path(path_type=Path),
              help="Private AIRFLOW_HOME (SQLite metadata DB, logs).")
@click.option("--seed", default=7, show_default=True, help="Seed of the synthetic zone.")
def demo(zone_dir: Path, warehouse: str, airflow_home: Path, seed: int) -> None:
    """Generate a synthetic zone and run the nightly scan DAG on it through Airflow.

    \b
    Example:
      outbound demo --zone demo/zone --warehouse demo/outbound.duckdb
    """
    from outbound.demo_run import run_demo

    run_demo(zone_dir, Path(warehouse), airflow_home, seed=seed)


def _report_failures(failed: list[Any]) -> None:
    for f in failed:
        click.echo(f"failed    {f.path}: {f.error}", err=True)
    if failed:
        click.echo(f"{len(failed)} file(s) failed; the others were processed.", err=True)
        sys.exit(1)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except OutboundError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except SystemExit:
        raise
    except Exception as exc:  # never a traceback for the user; OUTBOUND_DEBUG=1 shows it
        if os.environ.get("OUTBOUND_DEBUG"):
            raise
        click.echo(f"internal error: {exc.__class__.__name__}: {exc} (set OUTBOUND_DEBUG=1 for details)", err=True)
        sys.exit(2)
