"""`outbound persons` and `outbound exports`: the distinct persons of a year, and the exports
recorded (list them, delete one recorded by mistake)."""

from __future__ import annotations

import click

from outbound.cli.common import WAREHOUSE_HELP, emit_json, warehouse_path


@click.command()
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
    from outbound.pipeline import flow
    from outbound.reports.persons import persons_json, print_persons
    from outbound.warehouse.persons import CROWDED_IDENTIFIERS

    tally = flow.person_tally(warehouse_path(warehouse), processor, year)
    groups = tally.by.get(by, ()) if by else ()
    series = flow.person_series(warehouse_path(warehouse), processor, year) if cumulative else None
    if as_json:
        emit_json(persons_json(processor, year, tally, by, groups, series))
    else:
        print_persons(processor, year, tally, groups, series or [], crowded_line=CROWDED_IDENTIFIERS)


@click.group()
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
    from outbound.pipeline import queries
    from outbound.reports.persons import print_deleted_exports, print_exports

    if deleted:
        print_deleted_exports(queries.deleted_exports(warehouse_path(warehouse), processor))
    else:
        print_exports(queries.recorded_exports(warehouse_path(warehouse), processor))


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
    from outbound.common.errors import UsageError
    from outbound.pipeline import flow
    from outbound.reports.persons import print_deleted

    if not flow.delete_export(warehouse_path(warehouse), processor, sha):
        raise UsageError(f"no export {sha} of {processor!r}; see `outbound exports list --processor {processor}`")
    print_deleted(sha)
