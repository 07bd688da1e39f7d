"""Real servers on 127.0.0.1 for the source tests: moto's S3 server, OpenSSH's sshd, PostgreSQL.

Each starts on a free port in a temp dir and is stopped after; a test skips (naming the missing
Debian package) only when the binary is absent.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, proc: subprocess.Popen[bytes], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout}s")


@contextmanager
def s3_server() -> Iterator[str]:
    """moto in server mode, as its own process: the endpoint URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_port(port, proc, "moto server")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


SSHD = "/usr/sbin/sshd"


@contextmanager
def sshd_server() -> Iterator[tuple[int, Path, str, str]]:
    """sshd with its own host key, config and authorized_keys: (port, client key file, user,
    the known_hosts line of its host key)."""
    if not Path(SSHD).exists():
        pytest.skip("sshd absent: apt-get install openssh-server")
    import paramiko

    tmp = Path(tempfile.mkdtemp(prefix="outbound-sshd-"))
    try:
        host_key, client_key = tmp / "host_ed25519", tmp / "client_rsa"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)], check=True)
        key = paramiko.RSAKey.generate(2048)
        key.write_private_key_file(str(client_key))
        (tmp / "authorized_keys").write_text(f"{key.get_name()} {key.get_base64()}\n")
        port = free_port()
        user = os.environ.get("USER") or __import__("getpass").getuser()
        (tmp / "sshd_config").write_text(
            f"Port {port}\nListenAddress 127.0.0.1\nHostKey {host_key}\nPidFile {tmp}/sshd.pid\n"
            f"AuthorizedKeysFile {tmp}/authorized_keys\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n"
            "PubkeyAuthentication yes\nSubsystem sftp internal-sftp\nPermitRootLogin yes\n")
        Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory sshd insists on
        proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(tmp / "sshd_config")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_port(port, proc, "sshd")
            public = (tmp / "host_ed25519.pub").read_text().split()[:2]
            yield port, client_key, user, f"[127.0.0.1]:{port} {public[0]} {public[1]}\n"
        finally:
            proc.terminate()
            proc.wait(10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


@contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL cluster in a temp dir on 127.0.0.1, trust auth: its URL (database postgres)."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL absent: apt-get install postgresql")
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    tmp = Path(tempfile.mkdtemp(prefix="outbound-pg-"))
    data = tmp / "data"
    if as_pg:
        os.chmod(tmp, 0o755)
        shutil.chown(tmp, "postgres")
    port = free_port()
    try:
        subprocess.run([*as_pg, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
        subprocess.run([*as_pg, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(tmp / "log"), "-w", "-o",
                        f"-h 127.0.0.1 -p {port} -k {tmp} -F", "start"], check=True, capture_output=True)
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*as_pg, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
