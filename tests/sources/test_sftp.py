"""SFTP drop folders, against a real sshd started on a loopback port with its own keys."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sources.conftest import csv_text, exports, local_counts, persons, scan
from tests.sources.servers import sshd_server


@pytest.fixture(scope="module")
def sshd() -> Iterator[tuple[int, Path, str, str]]:
    with sshd_server() as server:
        yield server


@pytest.fixture
def drop(tmp_path: Path, sshd, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A drop folder the sshd serves, and the sftp:// URL of it."""
    port, key, user, _ = sshd
    monkeypatch.setenv("OUTBOUND_SFTP_KEY", str(key))
    folder = tmp_path / "drop"
    (folder / "2026-03-01").mkdir(parents=True)
    return folder, f"sftp://{user}@127.0.0.1:{port}{folder}/"


def test_when_an_export_is_in_an_sftp_drop_then_its_counts_equal_the_local_files(tmp_path: Path, drop, rows):
    folder, url = drop
    (folder / "2026-03-01" / "orders.csv").write_text(csv_text(rows), encoding="utf-8")
    (folder / "2026-03-01" / "notes.txt").write_text("not an export")
    wh = tmp_path / "w.duckdb"
    outcomes = scan([url], wh, exported_at=None)
    assert [(o.status, o.path) for o in outcomes] == [("recorded", f"{url}2026-03-01/orders.csv")]
    local_rows, local_persons = local_counts(tmp_path, csv_text(rows))
    assert outcomes[0].rows == local_rows and persons(wh) == local_persons
    assert exports(wh)[0][2] == "2026-03-01"
    assert [o.status for o in scan([url], wh)] == ["unchanged"]


def test_when_one_sftp_object_cannot_be_read_then_the_others_still_scan(tmp_path: Path, drop, rows):
    folder, url = drop
    (folder / "2026-03-01" / "a.csv").write_text(csv_text(rows), encoding="utf-8")
    locked = folder / "2026-03-01" / "b.csv"
    locked.write_text(csv_text(rows[:10]), encoding="utf-8")
    if os.geteuid() == 0:
        locked.write_bytes(b"\xff\xfe\x00broken")  # root reads any file: break its content instead
    else:
        locked.chmod(0)
    outcomes = {o.path.rsplit("/", 1)[-1]: o for o in scan([url], tmp_path / "w.duckdb")}
    assert outcomes["a.csv"].status == "recorded"
    assert outcomes["b.csv"].status == "failed" and f"{url}2026-03-01/b.csv" in (outcomes["b.csv"].error or "")


def test_when_the_key_is_refused_then_the_failure_names_the_url_without_secrets(tmp_path: Path, drop, monkeypatch):
    _, url = drop
    import paramiko

    paramiko.RSAKey.generate(2048).write_private_key_file(str(tmp_path / "other-key"))  # not authorised
    monkeypatch.setenv("OUTBOUND_SFTP_KEY", str(tmp_path / "other-key"))
    monkeypatch.setenv("OUTBOUND_SFTP_PASSWORD", "pw-never-shown-987")
    (outcome,) = scan([url], tmp_path / "w.duckdb")
    assert outcome.status == "failed" and url in (outcome.error or "")
    assert "pw-never-shown-987" not in (outcome.error or "")
    assert "Authentication" in (outcome.error or "")  # paramiko's refusal, named


def test_when_known_hosts_are_given_then_only_the_listed_server_key_is_trusted(tmp_path: Path, drop, sshd, rows, monkeypatch):
    folder, url = drop
    (folder / "2026-03-01" / "orders.csv").write_text(csv_text(rows), encoding="utf-8")
    known = tmp_path / "known_hosts"
    monkeypatch.setenv("OUTBOUND_SFTP_KNOWN_HOSTS", str(known))
    known.write_text(sshd[3])
    assert [o.status for o in scan([url], tmp_path / "w.duckdb")] == ["recorded"]
    known.write_text(sshd[3].replace("[127.0.0.1]", "[127.0.0.2]"))  # another server's entry only
    (outcome,) = scan([url], tmp_path / "w2.duckdb")
    assert outcome.status == "failed" and url in (outcome.error or "")
    assert "is not in" in (outcome.error or "")  # the reason: the host key is unknown
