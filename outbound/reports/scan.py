"""`outbound scan` output: one line per file recorded or already known, notes on stderr, then any
new alert. Paths, counts and content fingerprints only."""

from __future__ import annotations

from collections.abc import Sequence

import click

from outbound.common.records import Alert, FileOutcome
from outbound.reports.alerts import console_line


def print_outcomes(outcomes: Sequence[FileOutcome], processor: str, *, options_given: bool) -> None:
    """`options_given`: a recipient, scenario or date was passed, which known content does not take."""
    for o in outcomes:
        if o.status == "recorded":
            click.echo(f"{o.status:9} {o.path}  rows={o.rows} labelled={o.columns_labelled}")
            for note in o.notes:
                click.echo(f"note: {o.path}: {note}", err=True)
        elif o.status == "unchanged":
            click.echo(f"{o.status:9} {o.path}  content {o.content_sha256} is known")
        elif o.status == "skipped":  # a file of a folder that is not read, and why (it does not fail the run)
            click.echo(f"note: {o.error}", err=True)
    if options_given and any(o.status == "unchanged" for o in outcomes):
        click.echo("note: an export already recorded keeps its recipient, scenario and date; to record it with "
                   f"others: outbound exports delete SHA --processor {processor}, then scan it again", err=True)


def print_alerts(alerts: Sequence[Alert]) -> None:
    for alert in alerts:
        click.echo(console_line(alert))
