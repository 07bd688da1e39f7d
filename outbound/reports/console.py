"""Human-readable console output (rich). Labels, counts and rule ids only."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from outbound.common.masking import redact
from outbound.common.records import FileClassification


def print_classifications(results: Sequence[FileClassification], console: Console | None = None) -> None:
    console = console or Console()
    for res in results:
        table = Table(title=f"{res.path} ({res.format}, {res.rows_sampled} rows sampled)", title_justify="left")
        for col in ("column", "entity", "category", "score", "matched"):
            table.add_column(col)
        for c in res.columns:
            table.add_row(redact(c.column), c.entity or "-", c.category.value if c.category else "-",
                          f"{c.score:.2f}", f"{c.matched_share:.0%}")
        console.print(table)
        for note in res.notes:
            console.print(f"note: {note}", markup=False, highlight=False)
