"""`outbound rules` output: the rule files as a table or JSON, one stored file, the problems found."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from outbound.regulation.rulecheck import Checked


def rule_rows(checked: Sequence[Checked]) -> list[dict[str, Any]]:
    """One row per valid rule file: kind, id, scope, effective dates, verification, title."""
    return [
        {"kind": c.kind, "id": c.file.meta.id, "scope": c.file.meta.scope,
         "effective_from": c.file.meta.effective_from.isoformat(),
         "effective_to": c.file.meta.effective_to.isoformat() if c.file.meta.effective_to else None,
         "verified": c.file.meta.verified, "title": c.file.meta.title.get("zh") or c.file.meta.title.get("en")}
        for c in checked if c.file is not None
    ]  # fmt: skip


def print_rule_rows(rows: Sequence[dict[str, Any]]) -> None:
    for r in rows:
        mark = "✓" if r["verified"] else "◐"
        click.echo(f"{r['kind']:15} {r['id']:45} {r['scope']:18} {r['effective_from']} → {r['effective_to'] or '…':10} "
                   f"{mark} {r['title']}")


def print_rule_file(path: Path, text: str) -> None:
    click.echo(f"# {path}")
    click.echo(text)


def print_check(checked: Sequence[Checked]) -> None:
    """Each problem on stderr, then how many files are valid and how many problems were found."""
    bad = [c for c in checked if c.error]
    for c in bad:
        click.echo(f"invalid   {c.error}", err=True)
    files = len({c.path for c in checked if c.file is not None})
    click.echo(f"{files} rule files valid, {len(bad)} problem(s)")
