"""
### outbound — consistency spot check (一致性抽验, Fujian measures Art. 16)

Triggered by hand from the form: a zone agency checks what one processor sent abroad against its
filing, from the exports the warehouse recorded this year or from a sample folder.

The verdict is recorded, not turned into a failure: **consistent**, **inconsistent** and
**major-change** all succeed, with the verdict, its exit code (0 / 1 / 2 as `outbound spot-check`)
and the report's path in the task's XCom and log. A filing that cannot be read or does not
validate, or a sample with no readable file, fails the task at once with the reason.

Zone, warehouse and reports folder come from the Airflow Variables `outbound_zone`,
`outbound_warehouse`, `outbound_reports` unless given in the form.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task

from outbound.pipeline.airflow_glue import SPOT_CHECK_SOURCES as SOURCES
from outbound.pipeline.airflow_glue import TAGS, TIMEZONE, processor_choices, retry_args

_CHOICES = processor_choices()
_WHERE = "Settings (empty: from Airflow Variables)"


@dag(
    dag_id="outbound_spot_check",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz=TIMEZONE),
    catchup=False,
    doc_md=__doc__,
    tags=TAGS,
    default_args=retry_args(timeout_minutes=60),
    params={
        "processor": Param(_CHOICES[0] if _CHOICES else "", type="string", title="Processor",
                           description="Processor id (its folder in the zone)",
                           **({"examples": _CHOICES} if _CHOICES else {})),  # type: ignore[arg-type]
        "source": Param("warehouse", type="string", enum=list(SOURCES), values_display=SOURCES,
                        title="What to check"),
        "sample": Param("", type="string", title="Sample location",
                        description="Absolute file or folder when checking a sample; empty: <zone>/<processor>/exports"),
        "filing": Param("", type="string", title="Filing file",
                        description="Absolute path; empty: <zone>/<processor>/filing.yaml"),
        "rows": Param(1000, type="integer", minimum=1, maximum=5_000_000, title="Rows sampled per file"),
        "seed": Param(0, type="integer", minimum=0, title="Sampling seed", description="Same seed, same sample"),
        "as_of": Param(None, type=["null", "string"], format="date", title="As of",
                       description="Date of the check; empty: the run's day (Asia/Shanghai)"),
        "zone": Param("", type="string", title="Zone folder", section=_WHERE),
        "warehouse": Param("", type="string", title="Warehouse file or folder/", section=_WHERE),
        "reports": Param("", type="string", title="Reports folder", section=_WHERE),
    },
)
def outbound_spot_check() -> None:
    @task(multiple_outputs=False)
    def spot_check() -> dict:
        import logging

        from outbound.pipeline import airflow_glue as glue
        from outbound.pipeline.spot_check_run import run_spot_check

        ctx = glue.context()
        with glue.task_errors("spot check"):
            result = run_spot_check(ctx["params"], glue.variable, glue.shanghai_day(ctx))
        level = logging.INFO if result["verdict"] == "consistent" else logging.WARNING
        logging.getLogger("outbound.spot_check").log(
            level, "spot check of %s: %s (exit code %d): %s; report %s", result["processor"], result["verdict"],
            result["exit_code"], result["action"], result["report"])
        return result

    spot_check()


outbound_spot_check()
