"""`make airflow` / `make airflow-stop` for real: every component bound to loopback, stop ends exactly them."""

from __future__ import annotations

import subprocess
import sys
import time

import psutil
import pytest

from outbound.pipeline import airflow_local as local


@pytest.fixture()
def started(tmp_path):
    home, port = tmp_path / "airflow", local.free_port()
    out = subprocess.run([sys.executable, "-m", "outbound.pipeline.airflow_local", "start", "--home", str(home),
                          "--port", str(port)], capture_output=True, text=True, timeout=400)
    try:
        yield home, port, out
    finally:
        local.stop(home)


def _group(pid: int) -> list[psutil.Process]:
    return [p for p in psutil.process_iter() if _pgid(p.pid) == pid]


def _pgid(pid: int) -> int | None:
    try:
        import os

        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def test_when_airflow_is_started_then_it_listens_on_loopback_only_and_stop_ends_exactly_it(started):
    home, port, out = started
    assert out.returncode == 0, out.stderr[-2000:]
    assert f"http://127.0.0.1:{port}" in out.stdout and "password" in out.stdout
    groups = {f.stem: int(f.read_text()) for f in (home / "pids").glob("*.pid")}
    assert set(groups) == {"api-server", "scheduler", "triggerer", "dag-processor"}
    time.sleep(10)  # the scheduler and triggerer start their children
    ours = [p for pid in groups.values() for p in _group(pid)]
    listening = {(c.laddr.ip, c.laddr.port) for p in ours for c in p.net_connections("inet")
                 if c.status == psutil.CONN_LISTEN}
    assert listening and all(ip == "127.0.0.1" for ip, _ in listening), listening
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])  # named nothing like airflow
    try:
        assert set(local.stop(home)) == set(groups)
        assert not [p for p in ours if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        assert bystander.poll() is None
    finally:
        bystander.kill()
    again = subprocess.run([sys.executable, "-m", "outbound.pipeline.airflow_local", "start", "--home", str(home),
                            "--port", str(port)], capture_output=True, text=True, timeout=400)
    assert again.returncode == 0 and "password" not in again.stdout  # credentials are printed once
