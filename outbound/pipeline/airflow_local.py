"""`make airflow` / `make airflow-stop`: a local Airflow for one user, every component on 127.0.0.1.

Not `airflow standalone`: it starts log servers on all interfaces ([::]:8793). Here the
api-server binds 127.0.0.1, the scheduler and triggerer skip their log servers, parallelism is
low, and each component runs in its own process group whose id is written to
`$AIRFLOW_HOME/pids/<component>.pid`; `stop` ends exactly those groups, nothing found by name.

    python -m outbound.pipeline.airflow_local start [--home DIR] [--port 8080] [--zone DIR --warehouse FILE]
    python -m outbound.pipeline.airflow_local stop  [--home DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from outbound.pipeline.airflow_glue import POOL
from outbound.pipeline.airflow_runner import dags_folder

LOCAL_COMPONENTS: dict[str, list[str]] = {
    "api-server": ["api-server"],
    "scheduler": ["scheduler", "--skip-serve-logs"],
    "triggerer": ["triggerer", "--skip-serve-logs"],
    "dag-processor": ["dag-processor"],
}
USER = "admin"


def _secret(home: Path, name: str) -> str:
    """A secret every component of this home shares (JWT signing, API secret key), created once, mode 600."""
    import secrets

    path = home / f".{name}"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def airflow_env(home: Path, port: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        AIRFLOW_HOME=str(home), AIRFLOW__CORE__DAGS_FOLDER=str(dags_folder()), AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__PARALLELISM="4", AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG="2",
        AIRFLOW__API__HOST="127.0.0.1", AIRFLOW__API__PORT=str(port), AIRFLOW__API__WORKERS="1",
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"http://127.0.0.1:{port}/execution/",
        AIRFLOW__API__BASE_URL=f"http://127.0.0.1:{port}",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS=f"{USER}:admin",
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT="0",
        AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL="20",
        AIRFLOW__API_AUTH__JWT_SECRET=_secret(home, "jwt_secret"), AIRFLOW__API__SECRET_KEY=_secret(home, "secret_key"),
    )
    repo = str(dags_folder().parent)  # this checkout's `outbound` (and tests/) first, in every component
    env["PYTHONPATH"] = os.pathsep.join(p for p in (repo, os.environ.get("PYTHONPATH", "")) if p)
    env.update(extra or {})
    return env


def _airflow(*args: str, env: dict[str, str], log: Path) -> None:
    with log.open("ab") as fh:
        done = subprocess.run([sys.executable, "-m", "airflow", *args], env=env, stdout=fh, stderr=subprocess.STDOUT)
    if done.returncode:
        raise SystemExit(f"airflow {' '.join(args[:2])} failed (exit {done.returncode}); see {log}")


def prepare(home: Path, env: dict[str, str], variables: dict[str, str], slots: int = 1) -> None:
    """Migrate the metadata DB, create the warehouse pool and set the outbound Variables."""
    log = home / "logs" / "setup.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    _airflow("db", "migrate", env=env, log=log)
    _airflow("pools", "set", POOL, str(slots), "one slot per DuckDB warehouse file (single writer)", env=env, log=log)
    for name, value in variables.items():
        _airflow("variables", "set", name, value, env=env, log=log)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(home: Path, env: dict[str, str], components: dict[str, list[str]],
          envs: dict[str, dict[str, str]] | None = None) -> None:
    """Start each component in its own process group; `envs`: extra variables of one component."""
    pids = home / "pids"
    pids.mkdir(parents=True, exist_ok=True)
    for name, args in components.items():
        pid_file = pids / f"{name}.pid"
        if pid_file.exists() and _alive(int(pid_file.read_text())):
            print(f"{name} already running (pid {pid_file.read_text().strip()})")
            continue
        log = (home / "logs" / f"{name}.log").open("ab")
        proc = subprocess.Popen([sys.executable, "-m", "airflow", *args], env={**env, **(envs or {}).get(name, {})},
                                stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        pid_file.write_text(str(proc.pid))


def wait_healthy(port: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/monitor/health", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(2)
    raise SystemExit(f"the api-server did not answer on 127.0.0.1:{port} within {timeout:.0f} s; see its log")


def password(home: Path) -> str:
    found = json.loads((home / "simple_auth_manager_passwords.json.generated").read_text(encoding="utf-8"))
    return str(found[USER])


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reap it when this process started it (a zombie would look alive)
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _ours(pid: int) -> bool:
    """The pid still runs an Airflow component (not a process that reused the number)."""
    try:
        return b"airflow" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc: trust the pid file


def stop(home: Path, timeout: float = 30) -> list[str]:
    """End the process group of each component started from `home` (pid files); nothing else."""
    stopped = []
    for pid_file in sorted((home / "pids").glob("*.pid")):
        pid = int(pid_file.read_text().strip())
        if _alive(pid) and _ours(pid):
            os.killpg(pid, signal.SIGTERM)  # the group start() created for this component
            deadline = time.monotonic() + timeout
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.5)
            if _alive(pid):
                os.killpg(pid, signal.SIGKILL)
            stopped.append(pid_file.stem)
        pid_file.unlink()
    return stopped


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["start", "stop"])
    ap.add_argument("--home", type=Path, default=Path(".airflow"))
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--zone", type=Path, help="sets the Variable outbound_zone")
    ap.add_argument("--warehouse", help="sets the Variable outbound_warehouse (a file, or a folder ending in /)")
    args = ap.parse_args(argv)
    home = args.home.resolve()
    if args.action == "stop":
        print(f"stopped: {', '.join(stop(home)) or 'nothing was running'}")
        return
    env = airflow_env(home, args.port)
    variables = {"outbound_zone": str(args.zone.resolve())} if args.zone else {}
    if args.warehouse:
        variables["outbound_warehouse"] = os.path.abspath(args.warehouse) + ("/" if args.warehouse.endswith("/") else "")
    prepare(home, env, variables)
    start(home, env, LOCAL_COMPONENTS)
    wait_healthy(args.port)
    print(f"Airflow UI: http://127.0.0.1:{args.port}  (AIRFLOW_HOME={home}; stop: make airflow-stop)")
    shown = home / ".credentials-shown"
    if not shown.exists():
        print(f"user {USER}, password {password(home)} (shown once; kept in {home}/simple_auth_manager_passwords.json.generated)")
        shown.touch()


if __name__ == "__main__":
    main()
