"""
### outbound — nightly scan

Finds the zone's new outbound export files, classifies and records each one (one broken file
never stops the others), then evaluates every processor's yearly person counts against the
national thresholds in `rules/` and raises alerts.

Params: `zone` (folder with one sub-folder per processor) and `warehouse` (DuckDB file).
Thin by design: every task calls a function of `outbound.pipeline.flow`, the same ones the CLI uses.
XCom carries paths, statuses, counts and rule ids only, never cell values.
"""

from __future__ import annotations

import os

import pendulum
from airflow.sdk import Param, dag, task

ZONE = os.environ.get("OUTBOUND_ZONE", "zone")
WAREHOUSE = os.environ.get("OUTBOUND_WAREHOUSE", "outbound.duckdb")


@dag(
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["outbound"],
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=5)},
    params={
        "zone": Param(ZONE, type="string", description="zone folder"),
        "warehouse": Param(WAREHOUSE, type="string", description="DuckDB warehouse file"),
        "report": Param("", type="string", description="optional path for the run summary JSON"),
    },
)
def outbound_nightly_scan() -> None:
    @task
    def register_processors(zone: str, warehouse: str) -> dict[str, list[str]]:
        from pathlib import Path

        from outbound.pipeline import flow

        if "://" in zone:  # a zone on a bucket or an SFTP server (issue 25)
            from outbound.sources import zone_remote

            return zone_remote.register_zone(zone, Path(warehouse))
        return flow.register_zone(Path(zone), Path(warehouse))

    @task
    def list_new_exports(zone: str, warehouse: str, registered: dict) -> list[dict]:
        from pathlib import Path

        from outbound.pipeline import flow

        if "://" in zone:
            from outbound.sources import zone_remote

            return zone_remote.new_exports(zone, Path(warehouse))
        return flow.new_exports(Path(zone), Path(warehouse))

    # DuckDB allows one writing process per file: scans of one zone run one at a time.
    @task(max_active_tis_per_dag=1)
    def scan_export(export: dict, warehouse: str) -> dict:
        from pathlib import Path

        from outbound.common.errors import Transient
        from outbound.pipeline import flow

        if "://" in export["path"]:
            from outbound.sources import zone_remote

            outcome = zone_remote.scan_export(export, Path(warehouse))
        else:
            outcome = flow.scan_file(
                Path(warehouse), Path(export["path"]), processor=export["processor"], recipient=export["recipient"],
                scenario=export.get("scenario"), fingerprint=flow.Fingerprint.from_json(export), skip_deleted=True,
            )
        if outcome.retryable:
            raise Transient(outcome.error or "transient failure")  # let Airflow retry this file
        return flow.outcome_json(outcome)

    @task
    def evaluate(outcomes: list[dict], registered: dict, warehouse: str) -> list[dict]:
        from pathlib import Path

        from outbound.pipeline import flow

        return [flow.evaluation_json(ev) for ev in flow.evaluate_processors(Path(warehouse), registered["processors"])]

    @task
    def report(outcomes: list[dict], evaluations: list[dict], registered: dict, report: str) -> dict:
        from outbound.reports.run_summary import summarise

        return summarise(list(outcomes), evaluations, report or None, problems=registered["problems"])

    # TaskFlow passes XComArgs here and the values at run time; the task signatures name the
    # values, so mypy sees an XComArg where a dict or list is declared (arg-type, by design).
    registered = register_processors("{{ params.zone }}", "{{ params.warehouse }}")
    pending = list_new_exports("{{ params.zone }}", "{{ params.warehouse }}", registered)  # type: ignore[arg-type]
    scanned = scan_export.partial(warehouse="{{ params.warehouse }}").expand(export=pending)
    evaluations = evaluate(scanned, registered, "{{ params.warehouse }}")  # type: ignore[arg-type]
    report(scanned, evaluations, registered, "{{ params.report }}")  # type: ignore[arg-type]


outbound_nightly_scan()
