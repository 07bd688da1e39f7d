"""Run a DAG of this project for real with `dag.test()` on a private, migrated SQLite metadata DB.

Used by `outbound demo` and the end-to-end tests. The run happens in a child process so that
AIRFLOW_HOME is set before Airflow is imported and Airflow's verbose log goes to a file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from outbound.common.errors import Terminal


class AirflowRunFailed(Terminal):
    pass


def dags_folder() -> Path:
    env = os.environ.get("OUTBOUND_DAGS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "dags"


def airflow_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        AIRFLOW_HOME=str(home.resolve()),
        AIRFLOW__CORE__DAGS_FOLDER=str(dags_folder()),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__PARALLELISM="2",
        AIRFLOW__API__HOST="127.0.0.1",  # never bind 0.0.0.0 if a server is started from here
        AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT="120",
    )
    return env


def migrate(home: Path, log: Path) -> None:
    """`airflow db migrate` (idempotent, a few seconds) into home/airflow.db."""
    home.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as fh:
        done = subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=airflow_env(home),
                              stdout=fh, stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        raise AirflowRunFailed(f"airflow db migrate failed (exit {done.returncode}); see {log}")


def run_dag(dag_id: str, conf: dict[str, Any], home: Path, log: Path) -> None:
    """Migrate, then run `dag_id` once with `conf`; raise with the log's path if it fails."""
    migrate(home, log)
    with log.open("ab") as fh:
        done = subprocess.run([sys.executable, "-m", "outbound.pipeline.airflow_runner", dag_id, json.dumps(conf)],
                              env=airflow_env(home), stdout=fh, stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        raise AirflowRunFailed(f"DAG {dag_id} did not succeed (exit {done.returncode}); see {log}")


def _child(dag_id: str, conf_json: str) -> int:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(dags_folder()))
    if bag.import_errors:
        print(f"DAG import errors: {bag.import_errors}", file=sys.stderr)
        return 3
    dag = bag.dags.get(dag_id)
    if dag is None:
        print(f"no DAG {dag_id} in {dags_folder()}", file=sys.stderr)
        return 3
    run = dag.test(run_conf=json.loads(conf_json))
    print(f"DAG {dag_id} finished: {run.state}")
    return 0 if str(run.state) in ("success", "DagRunState.SUCCESS") else 1


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2]))
