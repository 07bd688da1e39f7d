"""
### outbound — half-year zone report (Fujian measures Art. 17)

Runs at 00:00 on 1 January and 1 July (Asia/Shanghai) and reports the half year that just ended
(1 July → H1 of the year, 1 January → H2 of the year before), or the `half` given when triggered
by hand. Per processor: its filing and validity, persons and sensitive persons, the obligation,
the half's spot-check verdicts and the alerts raised, as HTML + PDF (`outbound.pipeline.zone_report`,
the renderer of `outbound report zone`). A warehouse folder of shards gives one report for the zone.

Reads the counts Assets of the nightly scan (alias `outbound-counts`) as inlets: the processor-
years whose counts changed in the half are listed in the task's XCom.
Zone, warehouse and reports folder: params, else the Airflow Variables `outbound_zone`,
`outbound_warehouse`, `outbound_reports`. The report lands in `<reports>/zone/<half>/`.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import AssetAlias, CronTriggerTimetable, Param, dag, task

from outbound.pipeline.airflow_glue import COUNTS_ALIAS, TAGS, TIMEZONE, retry_args


@dag(
    dag_id="outbound_zone_report",
    schedule=CronTriggerTimetable("0 0 1 1,7 *", timezone=TIMEZONE),
    start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=TAGS,
    default_args=retry_args(timeout_minutes=60),
    params={
        "half": Param("", type="string", pattern=r"^(\d{4}-H[12])?$", title="Half year",
                      description="YYYY-H1 or YYYY-H2; empty: the half that ended before the run"),
        "zone": Param("", type="string", title="Zone folder", description="Absolute; empty: Variable outbound_zone"),
        "warehouse": Param("", type="string", title="Warehouse",
                           description="Absolute file or folder/; empty: Variable outbound_warehouse"),
        "reports": Param("", type="string", title="Reports folder",
                         description="Absolute; empty: Variable outbound_reports, else <warehouse folder>/reports"),
    },
)
def outbound_zone_report() -> None:
    @task(multiple_outputs=False, inlets=[AssetAlias(COUNTS_ALIAS)])
    def zone_report() -> dict:
        from outbound.pipeline import airflow_glue as glue
        from outbound.pipeline.nightly_run import resolve_config
        from outbound.pipeline.zone_report import half_before, half_bounds, write_zone_report

        ctx = glue.context()
        day = glue.shanghai_day(ctx)
        with glue.task_errors("zone report"):
            cfg = resolve_config(ctx["params"], glue.variable)
            half = str(ctx["params"].get("half") or "") or half_before(day)
            start, end = half_bounds(half)
            result = write_zone_report(cfg.folder, half, cfg.warehouse, cfg.reports / "zone" / half, day)
        changed = set()
        for event in ctx["inlet_events"][AssetAlias(COUNTS_ALIAS)]:
            when = pendulum.instance(event.timestamp).in_timezone(TIMEZONE).date()
            if start <= when <= end:
                changed.add(f"{event.extra.get('processor')}/{event.extra.get('year')}")
        return {**result, "counts_changed_in_half": sorted(changed)}

    zone_report()


outbound_zone_report()
