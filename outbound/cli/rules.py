"""`outbound rules`: the regulation as versioned data (rules/): list, show, check, and a list's
round trip through Excel."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from outbound.cli.common import emit_json


@click.group()
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
    from outbound.pipeline.queries import checked_rules
    from outbound.reports.rules import print_rule_rows, rule_rows

    rows = rule_rows(checked_rules())
    if as_json:
        emit_json(rows)
    else:
        print_rule_rows(rows)


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id: str) -> None:
    """Print one rule file (by its meta.id) as stored.

    \b
    Example:
      outbound rules show cn-cac-order16-2024
    """
    from outbound.common.errors import UsageError
    from outbound.pipeline.queries import rule_file
    from outbound.reports.rules import print_rule_file

    path = rule_file(rule_id)
    if path is None:
        raise UsageError(f"no rule file with meta.id {rule_id!r}; see `outbound rules list`")
    print_rule_file(path, path.read_text(encoding="utf-8"))


@rules.command("check")
def rules_check() -> None:
    """Validate every rule file; list each problem with file, key and reason.

    \b
    Example:
      outbound rules check
    """
    from outbound.pipeline.queries import checked_rules
    from outbound.reports.rules import print_check

    checked = checked_rules()
    print_check(checked)
    if any(c.error for c in checked):
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
    from outbound.regulation.list_sheets import import_list
    from outbound.regulation.rules import rules_dir
    from outbound.reports.console import print_written

    print_written(import_list(xlsx, out_dir or rules_dir() / "lists", replace=replace))


@rules.command("export-list")
@click.argument("rule_id")
@click.argument("xlsx", type=click.Path(dir_okay=False, path_type=Path))
def rules_export_list(rule_id: str, xlsx: Path) -> None:
    """Write one list (by meta.id) as an Excel workbook to fill in or review.

    \b
    Example:
      outbound rules export-list cn-sh-ftz-lingang-negative-list-2024 shanghai-2024.xlsx
    """
    from outbound.common.errors import UsageError
    from outbound.pipeline.queries import list_file
    from outbound.regulation.list_sheets import export_list_xlsx
    from outbound.reports.console import print_written

    found = list_file(rule_id)
    if found is None:
        raise UsageError(f"no list with meta.id {rule_id!r}; see `outbound rules list`")
    print_written(export_list_xlsx(found, xlsx))
