"""`outbound demo`: a synthetic zone scanned by the nightly DAG through Airflow."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
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
    from outbound.demo.run import run_demo

    run_demo(zone_dir, Path(warehouse), airflow_home, seed=seed)
