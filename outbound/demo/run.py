"""`outbound demo`: synthetic zone → nightly DAG through Airflow → short human summary."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from outbound.common.errors import HashSchemeMismatch, UsageError
from outbound.pipeline.airflow_runner import run_dag
from outbound.pipeline.flow import today


def run_demo(zone: Path, warehouse: Path, airflow_home: Path, *, seed: int = 7, console: Console | None = None) -> dict:
    from outbound.demo import generate_zone

    console = console or Console(width=110, soft_wrap=True)
    year = today().year
    try:
        generate_zone(zone, seed=seed, year=year)
    except FileExistsError as exc:  # the folder holds something else: never delete it
        raise UsageError(f"{exc} (--zone)") from exc
    console.print(f"[bold]Synthetic zone[/] generated in {zone} (seed {seed}, year {year}); all persons are fictional.")
    _set_aside_if_outdated(warehouse, console)
    log = airflow_home / "demo-run.log"
    summary_path = airflow_home / "runs" / "nightly-summary.json"
    summary_path.unlink(missing_ok=True)
    console.print(f"Running DAG [bold]outbound_nightly_scan[/] with dag.test() (AIRFLOW_HOME={airflow_home}) …")
    from outbound.demo.alert_route import local_route, print_delivered

    with local_route(airflow_home) as receiver:  # alerts go to a webhook receiver on 127.0.0.1
        run_dag(
            "outbound_nightly_scan",
            {"zone": str(zone.resolve()), "warehouse": str(warehouse.resolve()), "report": str(summary_path.resolve())},
            airflow_home,
            log,
        )
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    print_summary(summary, year, console)
    print_delivered(receiver, console)
    _write_reports(zone, warehouse, console)
    console.print(f"\nWarehouse left at {warehouse}; Airflow log at {log}.")
    console.print(f"Try: outbound persons --processor sh-retail --year {year} --warehouse {warehouse}")
    return summary


def _write_reports(zone: Path, warehouse: Path, console: Console) -> None:
    from outbound.demo.reports import write_demo_reports

    out = zone.parent / "reports"
    console.print(f"\nWriting the spot-check, half-year zone and ledger reports into {escape(str(out))} …")
    for path in write_demo_reports(zone, warehouse, out, today()):
        console.print(f"  {escape(str(path))}")


def _set_aside_if_outdated(warehouse: Path, console: Console) -> None:
    """A demo warehouse left by an older version keys identifiers another way and would refuse the
    new scans: the demo moves it aside (never deletes it) and starts a fresh one."""
    from outbound.warehouse import open_warehouse

    if not warehouse.exists():
        return
    try:
        open_warehouse(warehouse).close()
    except HashSchemeMismatch:
        aside = warehouse.with_name(warehouse.name + ".outdated")
        warehouse.replace(aside)
        console.print(f"Moved the demo warehouse of an older version aside to {escape(str(aside))}.")


def print_summary(summary: dict, year: int, console: Console) -> None:
    console.print(
        f"\n[bold]Files[/]: {summary['files']} new this run — {summary['recorded']} recorded, "
        f"{summary['unchanged']} unchanged, {len(summary['failed'])} failed; "
        f"{summary['columns_labelled']} columns labelled."
    )
    for problem in summary.get("problems", []):
        console.print(f"  [yellow]problem[/] {escape(problem)}")
    for f in summary["failed"]:
        console.print(f"  [red]failed[/] {escape(f['error'])}")
    console.print(f"\n[bold]Distinct persons in {year}[/] (Asia/Shanghai calendar year):")
    for ev in summary["evaluations"]:
        if ev["year"] != year:
            continue
        owed = ev["obligations"][0]["mechanism"] if ev["obligations"] else "-"
        console.print(
            f"  {ev['processor']:12} persons {ev['persons']:>6,}  sensitive {ev['sensitive_persons']:>5,}  → {owed}"
        )
    alerts = [(a, ev) for ev in summary["evaluations"] for a in ev["alerts"]]
    console.print(f"\n[bold]Alerts[/]: {len(alerts)}")
    new = {(a["processor"], a["year"], a["kind"], a["rule_id"]) for ev in summary["evaluations"] for a in ev["new_alerts"]}
    for a, _ in alerts:
        tag = "new" if (a["processor"], a["year"], a["kind"], a["rule_id"]) in new else "open"
        console.print(escape(f"  ALERT [{a['kind']}, {tag}] {a['processor']} {a['year']}: {a['message']}"))
