"""`outbound spot-check` output on the console: the verdict, each finding with the filing entry it
checks, and the files that could not be read. The JSON report itself is built by the pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click


def print_spot_check(processor: str, doc: Mapping[str, Any], out_dir: Path | None) -> None:
    click.echo(f"{processor}: {doc['verdict']} — {doc['action']}")
    for f in doc["findings"]:
        click.echo(f"  {f['id']} {f['severity']:5} {f['kind']:24} {f['filing_ref']}: {f['expectation']}")
        click.echo(f"        {f['reason']}")
    for failed in doc["files_failed"]:
        click.echo(f"  unreadable {failed['file']}: {failed['error']}", err=True)
    if out_dir:
        click.echo(f"report: {out_dir / 'report.pdf'}, {out_dir / 'report.html'}, {out_dir / 'spot-check.json'}")
