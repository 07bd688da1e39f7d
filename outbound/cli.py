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
from typing import TYPE_CHECKING, Any

import click

from outbound.cli_alerts import alerts
from outbound.common.errors import OutboundError

if TYPE_CHECKING:
    from outbound.common.rulecheck import Checked

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


def _export_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    from outbound.common.timeutil import export_day

    try:
        return None if value is None else export_day(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _encoding(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from outbound.common.errors import UsageError
    from outbound.scanners.encoding import normalise

    try:
        return None if value is None else normalise(value)
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from exc


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
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--sample-rows", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Rows sampled per file.")
@click.option("--seed", default=0, show_default=True, help="Sampling seed: same seed, same sample.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, one object per file.")
@click.option("--explain", is_flag=True,
              help="Show why: header evidence, per-entity counts and thresholds, masked examples.")
@click.option("--encoding", callback=_encoding,
              help="Text encoding of every CSV/JSON file given (e.g. gb18030, big5, utf-16) "
                   "[default: detected: UTF-8, UTF-16, GB18030].")
def classify(paths: tuple[Path, ...], sample_rows: int, seed: int, as_json: bool, explain: bool,
             encoding: str | None) -> None:
    """Label the columns of each file as personal, sensitive or important data.

    \b
    Example:
      outbound classify guests.csv crew.parquet --sample-rows 500 --seed 7 --json
      outbound classify guests.csv --explain
    """
    from outbound import flow

    done, failed = flow.classify(list(paths), sample_rows=sample_rows, seed=seed, encoding=encoding)
    if as_json:
        _emit_json([d.to_json(explain=explain) for d in done])
    elif explain:
        from outbound.classifiers.explain import render

        click.echo(render(done))
    else:
        from outbound.reports.console import print_classifications

        print_classifications(done)
    _report_failures(failed)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--processor", required=True, help="Id of the data processor that exported the files.")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--recipient", help="Overseas recipient of these files.")
@click.option("--exported-at", callback=_export_day,
              help="Export date YYYY-MM-DD, or an ISO 8601 moment (its Asia/Shanghai date; no offset: Shanghai time) "
                   "[default: date in path, else mtime].")
@click.option("--scenario", help="Business scenario of these exports (e.g. hr, e-commerce) for `persons --by scenario`.")
@click.option("--sample-rows", default=1000, show_default=True, type=click.IntRange(min=1))
@click.option("--seed", default=0, show_default=True)
@click.option("--encoding", callback=_encoding,
              help="Text encoding of every CSV/JSON file given (e.g. gb18030, big5, utf-16) "
                   "[default: detected: UTF-8, UTF-16, GB18030].")
def scan(paths: tuple[Path, ...], processor: str, warehouse: str | None, recipient: str | None,
         exported_at: dt.date | None, scenario: str | None, sample_rows: int, seed: int, encoding: str | None) -> None:
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
                         exported_at=exported_at, sample_rows=sample_rows, seed=seed, scenario=scenario,
                         encoding=encoding)
    for o in outcomes:
        if o.status == "recorded":
            click.echo(f"{o.status:9} {o.path}  rows={o.rows} labelled={o.columns_labelled}")
            for note in o.notes:
                click.echo(f"note: {o.path}: {note}", err=True)
        elif o.status == "unchanged":
            click.echo(f"{o.status:9} {o.path}  content {o.content_sha256} is known")
    if any(o.status == "unchanged" for o in outcomes) and (recipient or scenario or exported_at):
        click.echo("note: an export already recorded keeps its recipient, scenario and date; to record it with "
                   f"others: outbound exports delete SHA --processor {processor}, then scan it again", err=True)
    if any(o.status != "failed" for o in outcomes):
        from outbound.reports.alerts import console_line

        for ev in flow.evaluate_processors(wh, [processor]):
            for alert in ev.new_alerts:
                click.echo(console_line(alert))
    told = flow.notify(wh, [processor], failures=[(processor, o.path, o.error or "") for o in outcomes
                                                  if o.status == "failed"])  # never raises (outbound.alerts)
    if told.routes or told.failed:
        click.echo(told.line(), err=True)
    _report_failures([o for o in outcomes if o.status == "failed"])


@cli.command()
@click.option("--processor", required=True, help="Data processor id.")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="Calendar year (Asia/Shanghai).")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--by", "by", type=click.Choice(["recipient", "month", "scenario"]),
              help="Also break the persons down (each person counts once per group it appears in).")
@click.option("--cumulative", is_flag=True,
              help="Also the running totals since 1 January, one per export date (when a line was crossed: "
                   "`outbound obligations`).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def persons(processor: str, year: int, warehouse: str | None, by: str | None, cumulative: bool, as_json: bool) -> None:
    """Distinct persons whose personal information left in YEAR, and how many with sensitive PI.

    \b
    Example:
      outbound persons --processor sh-hotel --year 2026 --json
      outbound persons --processor sh-hotel --year 2026 --by month
      outbound persons --processor sh-hotel --year 2026 --cumulative
    """
    from outbound import flow
    from outbound.warehouse.persons import CROWDED_IDENTIFIERS

    tally = flow.person_tally(_warehouse(warehouse), processor, year)
    groups = tally.by.get(by, ()) if by else ()
    series = flow.person_series(_warehouse(warehouse), processor, year) if cumulative else []
    if as_json:
        out: dict[str, Any] = {"processor": processor, "year": year, "persons": tally.persons,
                               "sensitive_persons": tally.sensitive_persons}
        if by:  # the contract's four keys stay as they are; a breakdown only adds keys
            out["unlinked_persons"] = tally.unlinked
            out["by"] = by
            out["breakdown"] = [{"key": g.key, "persons": g.persons, "sensitive_persons": g.sensitive_persons,
                                 "unlinked_persons": g.unlinked} for g in groups]
        if cumulative:
            out["cumulative"] = [{"date": p.day.isoformat(), "persons": p.persons,
                                  "sensitive_persons": p.sensitive_persons} for p in series]
        _emit_json(out)
        return
    click.echo(f"{processor} {year}: {tally.persons:,} persons, {tally.sensitive_persons:,} with sensitive "
               f"personal information ({tally.unlinked:,} counted from rows without an identifier)")
    if tally.crowded:
        click.echo(f"note: {tally.crowded:,} of these persons link more than {CROWDED_IDENTIFIERS} identifiers each "
                   f"(the largest {tally.largest:,}): an identifier shared by several people on their rows (an "
                   "agency's phone, a placeholder) makes them one person; check those exports", err=True)
    for g in groups:
        click.echo(f"  {g.key or '(unspecified)':30} persons {g.persons:>10,}  sensitive {g.sensitive_persons:>9,}  "
                   f"unlinked {g.unlinked:>8,}")
    if series:
        click.echo("  running totals since 1 January, by export date:")
    for p in series:
        click.echo(f"  {p.day:%Y-%m-%d}  persons {p.persons:>10,}  sensitive {p.sensitive_persons:>9,}")


@cli.group()
def exports() -> None:
    """The exports the warehouse has recorded: list them, delete one recorded by mistake.

    \b
    Example:
      outbound exports list --processor sh-hotel
      outbound exports delete --processor sh-hotel 3f5a…(content sha256)
    """


@exports.command("list")
@click.option("--processor", required=True, help="Data processor id.")
@click.option("--warehouse", help=WAREHOUSE_HELP)
@click.option("--deleted", is_flag=True, help="List the deleted exports instead (content the nightly scan skips).")
def exports_list(processor: str, warehouse: str | None, deleted: bool) -> None:
    """Every recorded export of PROCESSOR: content sha256, date, recipient, scenario, rows, path.

    \b
    Example:
      outbound exports list --processor sh-hotel
      outbound exports list --processor sh-hotel --deleted
    """
    from outbound.warehouse.store import open_warehouse

    wh = open_warehouse(_warehouse(warehouse), read_only=True)
    try:
        if deleted:
            for sha, when, path in wh.deleted_exports(processor):
                click.echo(f"{sha}  deleted {when:%Y-%m-%d %H:%M} UTC  {path}")
            return
        for sha, day, recipient, scenario, fmt, rows, path in wh.exports(processor):
            click.echo(f"{sha}  {day}  {fmt:8} rows={rows:<10} {recipient or '-'} / {scenario or '-'}  {path}")
    finally:
        wh.close()


@exports.command("delete")
@click.argument("sha")
@click.option("--processor", required=True, help="Data processor id.")
@click.option("--warehouse", help=WAREHOUSE_HELP)
def exports_delete(sha: str, processor: str, warehouse: str | None) -> None:
    """Delete the export of PROCESSOR whose content sha256 is SHA; its persons are recounted.

    The nightly scan will not record this content again. To record it again on purpose (say,
    with the right recipient or date), scan the file with `outbound scan`.

    \b
    Example:
      outbound exports delete --processor sh-hotel 3f5a…
    """
    from outbound import flow
    from outbound.common.errors import UsageError

    if not flow.delete_export(_warehouse(warehouse), processor, sha):
        raise UsageError(f"no export {sha} of {processor!r}; see `outbound exports list --processor {processor}`")
    click.echo(f"deleted   {sha}  (the nightly scan will not record it again; `outbound scan` would)")


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
    rows = [
        {"kind": c.kind, "id": c.file.meta.id, "scope": c.file.meta.scope,
         "effective_from": c.file.meta.effective_from.isoformat(),
         "effective_to": c.file.meta.effective_to.isoformat() if c.file.meta.effective_to else None,
         "verified": c.file.meta.verified, "title": c.file.meta.title.get("zh") or c.file.meta.title.get("en")}
        for c in _checked_rules() if c.file is not None
    ]
    if as_json:
        _emit_json(rows)
        return
    for r in rows:
        mark = "✓" if r["verified"] else "◐"
        click.echo(f"{r['kind']:15} {r['id']:45} {r['scope']:18} {r['effective_from']} → {r['effective_to'] or '…':10} "
                   f"{mark} {r['title']}")


def _checked_rules() -> list[Checked]:
    """Every rule file, the spot-check policy included (its model lives in outbound.expectations,
    which outbound.common must not import: the CLI, knowing every stage, passes it in)."""
    from outbound.common.rulecheck import check_all
    from outbound.expectations.policy import SpotCheckPolicy

    return check_all(extra={"spot_check": SpotCheckPolicy})


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id: str) -> None:
    """Print one rule file (by its meta.id) as stored.

    \b
    Example:
      outbound rules show cn-cac-order16-2024
    """
    from outbound.common.errors import UsageError

    for c in _checked_rules():
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
    checked = _checked_rules()
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


# --- filings and the consistency spot check (outbound/expectations, outbound/spot_check.py) -------


@cli.group()
def filing() -> None:
    """A processor's filing (备案材料): validate, show, lifecycle status, Excel template.

    \b
    Example:
      outbound filing validate demo/zone/sh-retail/filing.yaml
      outbound filing status demo/zone/sh-retail/filing.yaml --on 2027-12-20
    """


FILING_ARG = click.Path(exists=True, dir_okay=False, path_type=Path)


@filing.command("validate")
@click.argument("file", type=FILING_ARG)
@click.option("--on", callback=_date, help="Check against the rules in force on this date [default: today].")
def filing_validate(file: Path, on: dt.date | None) -> None:
    """Check FILE against the schema (docs/filing.md) and rules/; exit 1 when invalid.

    \b
    Example:
      outbound filing validate filing.yaml
    """
    from outbound.expectations.filing import FilingError, load_filing
    from outbound.expectations.validate import check_filing
    from outbound.flow import today

    try:
        report = check_filing(load_filing(file), on or today())
    except FilingError as exc:
        for problem in exc.problems:
            click.echo(f"invalid   {problem}", err=True)
        click.echo(f"{file}: {len(exc.problems)} problem(s)")
        sys.exit(1)
    for problem in report.errors:
        click.echo(f"invalid   {problem}", err=True)
    for warning in report.warnings:
        click.echo(f"warning   {warning}", err=True)
    click.echo(f"{file}: {'valid' if report.ok else 'invalid'}, {len(report.errors)} problem(s), "
               f"{len(report.warnings)} warning(s)")
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

    f = load_filing(file)
    if as_json:
        _emit_json(filing_dict(f))
        return
    p = f.processor
    click.echo(f"{f.filing_id} v{f.version} — {p.name} ({p.id}, USCC {p.uscc}, zone {p.zone or 'none'}, "
               f"{'CIIO' if p.ciio else 'not a CIIO'}, {p.industry})")
    click.echo(f"  filed {f.filed_on}, approved {f.approved_on or '(not yet)'}")
    for s in f.scenarios:
        basis = (f"list {s.uses_list.list_id} {s.uses_list.scenario or ''} {s.uses_list.subcategories or ''}"
                 if s.uses_list else f"exemption {s.exemption_ground}" if s.exemption_ground
                 else f"mechanism {s.mechanism or 'not stated'}")
        click.echo(f"  scenario {s.id}: {s.name} — {s.purpose} [{basis.strip()}]")
    for d in f.datasets:
        click.echo(f"  dataset {d.name} ({d.format or '?'}, {', '.join(d.files) or 'any file name'}) → "
                   f"{', '.join(d.recipients) or 'any filed recipient'}")
        for fl in d.fields:
            masked = f" masked: {fl.masking}" if fl.masked else ""
            click.echo(f"    {fl.name:20} {fl.data_item:14} {fl.category:9} {','.join(fl.entities) or '-'}{masked}")
    sc = f.scale
    click.echo(f"  scale per year: {sc.persons:,} persons, {sc.sensitive_persons:,} with sensitive PI"
               + (f", {sc.records:,} records" if sc.records is not None else ""))
    for r in f.recipients:
        click.echo(f"  recipient {r.name} ({r.country}) via {r.transfer_method}" + (f", {r.contact}" if r.contact else ""))


@filing.command("status")
@click.argument("file", type=FILING_ARG)
@click.option("--on", callback=_date, help="Status on this date [default: today].")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def filing_status(file: Path, on: dt.date | None, as_json: bool) -> None:
    """Validity from approval and the renewal window in Chinese working days before expiry (periods
    from rules/procedures/); exit 1 with an ALERT line when the window is open or the filing expired.

    \b
    Example:
      outbound filing status filing.yaml --on 2028-01-10
    """
    from outbound.expectations.filing import load_filing
    from outbound.expectations.lifecycle import status
    from outbound.flow import today

    st = status(load_filing(file), on or today())
    if as_json:
        _emit_json(st.to_json())
    else:
        click.echo(f"{file}: {st.state} on {st.on}; approved {st.approved_on}, valid through {st.expires_on}, "
                   f"renewal window {st.window_opens_on} – {st.window_last_day} [{st.source}]")
        for note in st.notes:
            click.echo(f"  note: {note}")
    if st.alert:
        click.echo(st.alert, err=True)
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

    click.echo(f"wrote {export_xlsx(load_filing(source) if source else None, out)}")


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

    click.echo(f"wrote {dump_filing(import_xlsx(xlsx), out)}")


@cli.command("spot-check")
@click.option("--processor", required=True, help="Data processor id (must match the filing's processor.id).")
@click.option("--filing", "filing_file", required=True, type=FILING_ARG, help="The processor's filing (YAML/JSON).")
@click.option("--sample", "samples", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Export files or folders to check (repeatable).")
@click.option("--from-warehouse", is_flag=True, help="Check the exports the warehouse recorded for --year.")
@click.option("--rows", default=1000, show_default=True, type=click.IntRange(min=1), help="Rows sampled per file.")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0), help="Sampling seed.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write spot-check.json, index.html and data_docs/ here.")
@click.option("--warehouse", help=WAREHOUSE_HELP + "; without it, --sample files are counted on their own")
@click.option("--year", type=click.IntRange(2000, 2100), help="Calendar year of the volumes [default: of --on].")
@click.option("--on", callback=_date, help="Date of the check [default: today].")
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
    from outbound.spot_check import Request, run

    if bool(samples) == from_warehouse:
        raise UsageError("pass either --sample PATH or --from-warehouse")
    wh = _warehouse(warehouse) if (warehouse or from_warehouse or os.environ.get("OUTBOUND_WAREHOUSE")) else None
    doc = run(Request(processor, filing_file, samples, from_warehouse, wh, rows, seed, out_dir, year, on, recipient))
    if as_json:
        _emit_json(doc)
    else:
        click.echo(f"{processor}: {doc['verdict']} — {doc['action']}")
        for f in doc["findings"]:
            click.echo(f"  {f['id']} {f['severity']:5} {f['kind']:24} {f['filing_ref']}: {f['expectation']}")
            click.echo(f"        {f['reason']}")
        for failed in doc["files_failed"]:
            click.echo(f"  unreadable {failed['file']}: {failed['error']}", err=True)
        if out_dir:
            click.echo(f"report: {out_dir / 'spot-check.json'}, {out_dir / 'index.html'}")
    if doc["verdict"] != "consistent":
        sys.exit(1)


def _report_failures(failed: list[Any]) -> None:
    for f in failed:
        click.echo(f"failed    {f.path}: {' '.join(str(f.error).split())}", err=True)  # one line each
    if failed:
        click.echo(f"{len(failed)} file(s) failed; the others were processed.", err=True)
        sys.exit(1)


cli.add_command(alerts)


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
