"""
### outbound — nightly scan

Finds the zone's new outbound export files, classifies and records them processor by processor
(one broken file never stops the others), evaluates each processor's yearly person counts against
the thresholds in `rules/`, checks each processor that has a `filing.yaml` for drift from it,
and raises alerts, delivered to the routes of `$OUTBOUND_ALERT_URLS` / `$OUTBOUND_ALERT_CHANNELS`
(docs/alerts.md; a delivery problem never fails the run).

**Settings, resolved when the run starts** (never when this file is parsed): the run's params,
else the Airflow Variables `outbound_zone`, `outbound_warehouse`, `outbound_reports`, else
`$OUTBOUND_ZONE` / `$OUTBOUND_WAREHOUSE`. Paths must be absolute; they are validated before any
scan and a bad one fails the run at once. The zone may be an `s3://` or `sftp://` URL (docs/sources.md;
no drift check then: filings are read from a local zone folder). A `warehouse` that names a folder (trailing `/`) holds
one DuckDB file per processor, so Celery workers scan different processors at the same time.

**Pool** `outbound_warehouse`: one slot per warehouse file (DuckDB has one writer per file).
**Asset events**: alias `outbound-counts`, one Asset `outbound://counts/<processor>/<year>` per
processor-year, emitted when its counts change. **XCom**: one per task (paths, statuses, counts,
rule ids; never cell values). A file failing the alert policy's nights running
(`rules/alerts/alert-policy.yaml`, counted in the warehouse's `scan_failures`) raises an alert.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Asset, AssetAlias, Param, dag, task

from outbound.pipeline.airflow_glue import COUNTS_ALIAS, POOL, TAGS, TIMEZONE, retry_args


@dag(
    dag_id="outbound_nightly_scan",
    schedule="0 2 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=TAGS,
    default_args=retry_args(),
    params={
        "zone": Param("", type="string", title="Zone folder",
                      description="Absolute path, or an s3:// or sftp:// URL; empty: Variable outbound_zone"),
        "warehouse": Param("", type="string", title="Warehouse",
                           description="Absolute DuckDB file, or a folder ending in / for one file per "
                                       "processor; empty: Variable outbound_warehouse"),
        "reports": Param("", type="string", title="Reports folder",
                         description="Absolute; empty: Variable outbound_reports, else <warehouse folder>/reports"),
        "report": Param("", type="string", title="Run summary JSON", description="Optional absolute path"),
        "drift_rows": Param(200, type="integer", minimum=1, title="Rows per export in the drift check"),
    },
)
def outbound_nightly_scan() -> None:
    @task(multiple_outputs=False, execution_timeout=pendulum.duration(minutes=10))
    def configure() -> dict:
        from outbound.pipeline import airflow_glue as glue
        from outbound.pipeline.nightly_run import resolve_config

        with glue.task_errors("nightly scan settings"):
            return resolve_config(glue.context()["params"], glue.variable).to_json()

    @task(multiple_outputs=False, execution_timeout=pendulum.duration(minutes=10))
    def processors(cfg: dict) -> list:
        from outbound.pipeline import airflow_glue as glue
        from outbound.pipeline.nightly_run import RunConfig, plan

        with glue.task_errors("zone"):
            return plan(RunConfig.from_json(cfg))["processors"]

    @task(multiple_outputs=False, execution_timeout=pendulum.duration(minutes=10))
    def filed(cfg: dict) -> list:
        from outbound.pipeline import airflow_glue as glue
        from outbound.pipeline.nightly_run import RunConfig, plan

        with glue.task_errors("zone"):
            return plan(RunConfig.from_json(cfg))["filings"]

    @task(multiple_outputs=False, pool=POOL, map_index_template="{{ task.op_kwargs['processor'] }}")
    def scan_processor(cfg: dict, processor: str) -> dict:
        from outbound.pipeline import airflow_glue as glue
        from outbound.pipeline.nightly_run import RunConfig, scan_processor

        with glue.task_errors(f"scan of {processor}"):
            return scan_processor(RunConfig.from_json(cfg), processor)

    @task(multiple_outputs=False, execution_timeout=pendulum.duration(minutes=30))
    def drift_check(cfg: dict, processor: str) -> dict:
        from outbound.pipeline import airflow_glue as glue
        from outbound.pipeline.nightly_run import RunConfig, drift_check

        with glue.task_errors(f"drift check of {processor}"):
            return drift_check(RunConfig.from_json(cfg), processor, glue.shanghai_day(glue.context()))

    # none_failed: runs when no processor has a filing (the drift map is then empty, i.e. skipped)
    @task(multiple_outputs=False, trigger_rule="none_failed", execution_timeout=pendulum.duration(minutes=20))
    def notify(cfg: dict, scans: list, drifts: list) -> dict:
        """Alerts to people ($OUTBOUND_ALERT_URLS, $OUTBOUND_ALERT_CHANNELS): never fails the run."""
        from outbound.pipeline import airflow_glue as glue
        from outbound.pipeline.night_report import alert_night
        from outbound.pipeline.nightly_run import RunConfig

        with glue.task_errors("alerts"):
            return alert_night(RunConfig.from_json(cfg), list(scans), list(drifts), glue.shanghai_day(glue.context()))

    @task(multiple_outputs=False, outlets=[AssetAlias(COUNTS_ALIAS)], trigger_rule="none_failed",
          execution_timeout=pendulum.duration(minutes=20))
    def finish(cfg: dict, scans: list, drifts: list, told: dict) -> dict:
        from outbound.pipeline import airflow_glue as glue
        from outbound.pipeline.night_report import finish_night
        from outbound.pipeline.night_state import asset_uri
        from outbound.pipeline.nightly_run import RunConfig

        ctx = glue.context()
        with glue.task_errors("nightly report"):
            summary = finish_night(RunConfig.from_json(cfg), list(scans), list(drifts), told, glue.shanghai_day(ctx))
        for c in summary["counts_changed"]:
            uri = asset_uri(c["processor"], c["year"])
            ctx["outlet_events"][AssetAlias(COUNTS_ALIAS)].add(
                Asset(uri=uri, name=uri), extra={k: c[k] for k in ("processor", "year", "persons", "sensitive_persons")})
        return summary

    cfg = configure()
    # TaskFlow passes XComArgs here and the values at run time (mypy sees the XComArg: by design)
    scans = scan_processor.partial(cfg=cfg).expand(processor=processors(cfg))  # type: ignore[arg-type]
    drifts = drift_check.partial(cfg=cfg).expand(processor=filed(cfg))  # type: ignore[arg-type]
    scans >> drifts
    told = notify(cfg, scans, drifts)  # type: ignore[arg-type]
    finish(cfg, scans, drifts, told)  # type: ignore[arg-type]  # XComArgs here, values at run time


outbound_nightly_scan()
