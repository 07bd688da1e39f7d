"""`outbound classify`: label the columns of files, without recording anything."""

from __future__ import annotations

from pathlib import Path

import click

from outbound.cli.common import ENCODING_HELP, emit_json, exit_if_failed, parse_encoding


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--sample-rows", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Rows sampled per file.")
@click.option("--seed", default=0, show_default=True, help="Sampling seed: same seed, same sample.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array, one object per file.")
@click.option("--explain", is_flag=True,
              help="Show why: header evidence, per-entity counts and thresholds, masked examples.")
@click.option("--encoding", callback=parse_encoding, help=ENCODING_HELP)
def classify(paths: tuple[Path, ...], sample_rows: int, seed: int, as_json: bool, explain: bool,
             encoding: str | None) -> None:
    """Label the columns of each file as personal, sensitive or important data.

    \b
    Example:
      outbound classify guests.csv crew.parquet --sample-rows 500 --seed 7 --json
      outbound classify guests.csv --explain
    """
    from outbound.pipeline import flow

    done, failed = flow.classify(list(paths), sample_rows=sample_rows, seed=seed, encoding=encoding)
    if as_json:
        emit_json([d.to_json(explain=explain) for d in done])
    elif explain:
        from outbound.reports.explain import explain_text

        click.echo(explain_text(done))
    else:
        from outbound.reports.console import print_classifications

        print_classifications(done)
    exit_if_failed(failed)
