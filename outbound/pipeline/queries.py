"""Read-only questions the command line asks of the stages: the exports a warehouse recorded, the
rule files checked (the spot-check policy among them), one rule file or list by its id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from outbound.regulation.lists import ListFile
    from outbound.regulation.rulecheck import Checked


def recorded_exports(warehouse: Path, processor: str) -> list[tuple[str, dt.date, str, str, str, int, str]]:
    """(sha, exported_on, recipient, scenario, format, rows, path) of every export, by date."""
    from outbound.warehouse.store import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        return wh.exports(processor)
    finally:
        wh.close()


def deleted_exports(warehouse: Path, processor: str) -> list[tuple[str, dt.datetime, str]]:
    """(sha, deleted_at UTC, path) of every export deleted and not recorded since."""
    from outbound.warehouse.store import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        return wh.deleted_exports(processor)
    finally:
        wh.close()


def checked_rules() -> list[Checked]:
    """Every rule file, the spot-check policy included (its model lives in outbound.expectations,
    which outbound.regulation must not import: the pipeline, knowing every stage, passes it in)."""
    from outbound.expectations.policy import SpotCheckPolicy
    from outbound.regulation.rulecheck import check_all

    return check_all(extra={"spot_check": SpotCheckPolicy})


def rule_file(rule_id: str) -> Path | None:
    """The stored file of the rule whose meta.id is `rule_id`; None when there is none."""
    return next((c.path for c in checked_rules() if c.file is not None and c.file.meta.id == rule_id), None)


def list_file(rule_id: str) -> ListFile | None:
    """The list (rules/lists/) whose meta.id is `rule_id`; None when there is none."""
    from outbound.regulation.lists import ListFile
    from outbound.regulation.rules import load_kind

    return next((f for f in load_kind("lists") if isinstance(f, ListFile) and f.meta.id == rule_id), None)
