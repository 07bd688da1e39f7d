"""Redis and PostgreSQL on 127.0.0.1 in a temporary folder, for the distributed test (installs nothing).

PostgreSQL's initdb and pg_ctl refuse to run as root: as root they run as the `postgres` user
(runuser), with a data folder owned by it.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))[-1:]
    return found if isinstance(found, str) else (found[0] if found else None)


def missing_binaries() -> list[str]:
    need = {"redis-server": shutil.which("redis-server"), "initdb": _pg_bin("initdb"), "pg_ctl": _pg_bin("pg_ctl")}
    return [name for name, path in need.items() if not path]


class Redis:
    def __init__(self, folder: Path) -> None:
        self.folder, self.port, self.proc = folder, free_port(), None

    def start(self) -> None:
        self.folder.mkdir(parents=True)
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.folder), "--protected-mode", "yes"],
            stdout=(self.folder / "redis.log").open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"redis-server did not listen on 127.0.0.1:{self.port}; see {self.folder}/redis.log")

    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)


class Postgres:
    def __init__(self, folder: Path) -> None:
        self.folder, self.port, self.started = folder, free_port(), False
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *argv: str) -> None:
        subprocess.run([*self.as_postgres, *argv], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def start(self) -> None:
        self.folder.mkdir(parents=True)
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        data = self.folder / "data"
        self._run(str(_pg_bin("initdb")), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        opts = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run(str(_pg_bin("pg_ctl")), "-D", str(data), "-o", opts, "-l", str(self.folder / "pg.log"), "-w", "start")
        self.started = True
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as con:
            con.execute("CREATE DATABASE airflow")

    def url(self, driver: str) -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/airflow"

    def stop(self) -> None:
        if self.started:
            self._run(str(_pg_bin("pg_ctl")), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
            self.started = False
