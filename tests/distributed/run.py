"""`make test-distributed`: the nightly DAG on Celery, across two workers, against one machine's counts.

Installs nothing: Redis (redis-server) and PostgreSQL (initdb, pg_ctl) must be installed (Debian
packages `redis-server` and `postgresql`). Everything listens on 127.0.0.1 only, in a temporary
folder removed afterwards. Steps:

1. a synthetic zone of four processors; their counts scanned on this machine, without Airflow;
2. Redis and PostgreSQL on free loopback ports; the Airflow metadata DB on PostgreSQL;
3. api-server, dag-processor, scheduler (CeleryExecutor) and two Celery workers;
4. the nightly DAG triggered through the REST API v2 (token from /auth/token), one warehouse per
   processor, pool `outbound_warehouse` with two slots (each map index writes its own shard);
5. the run's counts must equal the single-machine counts; which workers scanned is printed (Celery
   may let one worker reserve every task of a run this small).

Exit 0 on success, 1 on a failed check, 2 when a server binary is missing.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.distributed.servers import Postgres, Redis, missing_binaries

DAG = "outbound_nightly_scan"
WORKERS = {"worker-1": ["celery", "worker", "--concurrency", "1", "--skip-serve-logs", "-H", "w1@%h"],
           "worker-2": ["celery", "worker", "--concurrency", "1", "--skip-serve-logs", "-H", "w2@%h"]}


def four_processor_zone(zone: Path) -> None:
    import yaml

    from outbound.demo import generate_zone

    generate_zone(zone, seed=21, year=2026, days=2)
    extra = zone.parent / "extra-zone"
    generate_zone(extra, seed=22, year=2026, days=2)
    shutil.copytree(extra / "sh-retail", zone / "sh-retail-b")
    for name in ("processor.yaml", "filing.yaml"):
        path = zone / "sh-retail-b" / name
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc["processor"]["id"] = "sh-retail-b"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def single_machine_counts(zone: Path, root: Path) -> dict[str, list[int]]:
    from outbound.pipeline.nightly_run import plan, resolve_config, scan_processor

    (root / "single").mkdir()
    cfg = resolve_config({"zone": str(zone), "warehouse": str(root / "single" / "outbound.duckdb")}, {}.get)
    counts = {}
    for p in plan(cfg)["processors"]:
        for ev in scan_processor(cfg, p)["evaluations"]:
            counts[f"{ev['processor']}/{ev['year']}"] = [ev["persons"], ev["sensitive_persons"]]
    return counts


def api(port: int, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read() or b"null")


def wait_for(what: str, probe: Any, timeout: float, every: float = 3) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if (got := probe()) is not None:
                return got
        except OSError:
            pass
        time.sleep(every)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


def components_alive(home: Path) -> None:
    """Stop waiting as soon as a component died (a broken broker or provider), naming its log."""
    for pid_file in (home / "pids").glob("*.pid"):
        pid = int(pid_file.read_text())
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaps it if it died (a zombie still answers kill 0)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            raise SystemExit(f"{pid_file.stem} exited; see {home}/logs/{pid_file.stem}.log") from None


def workers_ready(home: Path) -> bool | None:
    """Every Celery worker has connected to the broker (its log says `ready.`)."""
    components_alive(home)
    logs = [home / "logs" / f"{w}.log" for w in WORKERS]
    return True if all(p.is_file() and b" ready." in p.read_bytes() for p in logs) else None


def trigger_and_wait(port: int, token: str, report: Path) -> tuple[str, list[dict[str, Any]]]:
    wait_for("the DAG to be parsed", lambda: api(port, "GET", f"/api/v2/dags/{DAG}", token), 180)
    api(port, "PATCH", f"/api/v2/dags/{DAG}", token, {"is_paused": False})
    run = api(port, "POST", f"/api/v2/dags/{DAG}/dagRuns", token, {"logical_date": None, "conf": {"report": str(report)}})
    run_id = run["dag_run_id"]

    def done() -> str | None:
        components_alive(report.parent / "airflow")
        state = api(port, "GET", f"/api/v2/dags/{DAG}/dagRuns/{run_id}", token)["state"]
        return state if state in ("success", "failed") else None

    state = wait_for("the nightly run to finish", done, 420, every=5)
    tis = api(port, "GET", f"/api/v2/dags/{DAG}/dagRuns/{run_id}/taskInstances?limit=100", token)["task_instances"]
    return state, tis


def main() -> int:
    missing = missing_binaries()
    if missing:
        print(f"test-distributed needs {', '.join(missing)}: apt-get install redis-server postgresql", file=sys.stderr)
        return 2
    from outbound.pipeline import airflow_local as local

    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="outbound-distributed-"))
    os.chmod(root, 0o755)  # the postgres user reaches its data folder below
    redis, pg, home = Redis(root / "redis"), Postgres(root / "pg"), root / "airflow"
    try:
        zone, shards = root / "zone", root / "shards"
        four_processor_zone(zone)
        shards.mkdir()
        expected = single_machine_counts(zone, root)
        print(f"single machine: {expected}")
        redis.start()
        pg.start()
        port = local.free_port()
        env = local.airflow_env(home, port, {
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": pg.url("postgresql+psycopg"),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC": pg.url("postgresql+psycopg_async"),
            "AIRFLOW__CELERY__BROKER_URL": redis.url(),
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + pg.url("postgresql+psycopg"),
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",
        })
        local.prepare(home, env, {"outbound_zone": str(zone), "outbound_warehouse": f"{shards}/"}, slots=2)
        names = {w: {"OUTBOUND_WORKER_NAME": w, "AIRFLOW__CORE__HOSTNAME_CALLABLE": "tests.distributed.hostname.name"}
                 for w in WORKERS}
        local.start(home, env, {k: v for k, v in local.LOCAL_COMPONENTS.items() if k != "triggerer"} | WORKERS, names)
        local.wait_healthy(port)
        wait_for("both Celery workers", lambda: workers_ready(home), 180)  # else one may take every task
        token = api(port, "POST", "/auth/token", body={"username": local.USER, "password": local.password(home)})
        state, tis = trigger_and_wait(port, token["access_token"], root / "summary.json")
        return check(state, tis, expected, root / "summary.json", home, started)
    finally:
        local.stop(home)
        pg.stop()
        redis.stop()
        if os.environ.get("KEEP_DISTRIBUTED") != "1":
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"kept {root}")


def check(state: str, tis: list[dict[str, Any]], expected: dict[str, list[int]], summary_path: Path,
          home: Path, started: float) -> int:
    scans = [t for t in tis if t["task_id"] == "scan_processor"]
    hosts = {t.get("hostname") for t in scans}
    print(f"run {state}; {len(scans)} scan tasks on {sorted(h or '?' for h in hosts)}")
    if state != "success":
        print(f"the nightly run failed; logs under {home}/logs", file=sys.stderr)
        return 1
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    got = {f"{e['processor']}/{e['year']}": [e["persons"], e["sensitive_persons"]] for e in summary["evaluations"]}
    problems = []
    if got != expected:
        problems.append(f"counts differ: distributed {got} != single machine {expected}")
    if len(scans) < 4:
        problems.append(f"expected ≥ 4 scan tasks, got {len(scans)}")
    if len(hosts) < 2:  # Celery may let one worker reserve every task of a small run: the counts must hold
        print(f"note: every scan ran on {sorted(map(str, hosts))} this time; the shards allow both workers",
              file=sys.stderr)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{'FAILED' if problems else 'OK'}: distributed counts {got}; {time.monotonic() - started:.0f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
