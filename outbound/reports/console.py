"""Human-readable console output (rich). Labels, counts and rule ids only."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from outbound.common.masking import printable, redact
from outbound.common.records import FileClassification, FileOutcome


def print_classifications(results: Sequence[FileClassification], console: Console | None = None) -> None:
    console = console or Console()
    for res in results:
        table = Table(title=f"{printable(res.path)} ({res.format}, {res.rows_sampled} rows sampled)", title_justify="left")
        for col in ("column", "entity", "category", "score", "matched"):
            table.add_column(col)
        for c in res.columns:
            table.add_row(redact(c.column), c.entity or "-", c.category.value if c.category else "-",
                          f"{c.score:.2f}", f"{c.matched_share:.0%}")
        console.print(table)
        for note in res.notes:
            console.print(f"note: {note}", markup=False, highlight=False)


def print_failures(failed: Sequence[FileOutcome]) -> None:
    """Each failed input on one line of stderr (an error's own line breaks folded), then a tally."""
    for f in failed:
        click.echo(f"failed    {printable(f.path)}: {' '.join(str(f.error).split())}", err=True)
    if failed:
        click.echo(f"{len(failed)} file(s) failed; the others were processed.", err=True)


def print_written(path: Path) -> None:
    click.echo(f"wrote {path}")
