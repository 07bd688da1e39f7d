"""Archives: entries are exports of their own; bombs and over-limit .gz files are refused in one
line while the other files scan; encrypted entries are named unreadable."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.sources.conftest import csv_text, export_rows, local_counts, persons, scan


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def _tar_gz(path: Path, entries: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("make", [_zip, _tar_gz], ids=["zip", "tar.gz"])
def test_when_exports_are_archived_then_each_entry_counts_as_its_local_file(tmp_path: Path, make, rows):
    text = csv_text(rows)
    archive = make(tmp_path / ("bundle.zip" if make is _zip else "bundle.tar.gz"),
                   {"2026-03-01/orders.csv": text.encode(), "readme.txt": b"hello", "../../evil.csv": b"a,b\n1,2\n"})
    wh = tmp_path / "w.duckdb"
    outcomes = {o.path: o for o in scan([str(archive)], wh)}
    entry = f"{archive}!/2026-03-01/orders.csv"
    assert outcomes[entry].status == "recorded"
    assert f"{archive}!/readme.txt" not in outcomes  # not an export format: skipped
    assert not (tmp_path.parent / "evil.csv").exists()  # entry names never choose where bytes go
    local_rows, local_persons = local_counts(tmp_path, text)
    assert outcomes[entry].rows == local_rows and persons(wh) == local_persons


def test_when_a_zip_bomb_sits_beside_exports_then_it_is_refused_in_one_line_and_the_others_scan(tmp_path: Path, rows):
    folder = tmp_path / "drop"
    folder.mkdir()
    _zip(folder / "bomb.zip", {"huge.csv": b"id_no\n" + b"0" * (200 << 20)})  # ~200 KB -> 200 MB
    (folder / "orders.csv").write_text(csv_text(rows), encoding="utf-8")
    outcomes = {Path(o.path.split("!")[0]).name: o for o in scan([str(folder)], tmp_path / "w.duckdb")}
    assert outcomes["orders.csv"].status == "recorded"
    bomb = outcomes["bomb.zip"]
    assert bomb.status == "failed" and bomb.path == f"{folder / 'bomb.zip'}!/huge.csv"
    assert "100x" in (bomb.error or "") and "OUTBOUND_ARCHIVE_MAX_RATIO" in (bomb.error or "")
    assert "\n" not in (bomb.error or "")
    assert not list(tmp_path.glob("w.duckdb.spill-*"))  # entries staged and refused alike are gone


def test_when_a_gz_expands_past_the_limit_then_it_is_refused_and_the_others_scan(tmp_path: Path, rows, monkeypatch):
    monkeypatch.setenv("OUTBOUND_MAX_DECOMPRESSED_BYTES", str(1 << 20))  # a .gz file's bound: common.limits
    folder = tmp_path / "drop"
    folder.mkdir()
    with gzip.open(folder / "big.csv.gz", "wb") as fh:
        fh.write(csv_text(export_rows(30_000)).encode())  # ~1.5 MB: well under 100x, over 1 MB
    with gzip.open(folder / "small.csv.gz", "wb") as fh:
        fh.write(csv_text(rows).encode())
    outcomes = {Path(o.path).name: o for o in scan([str(folder)], tmp_path / "w.duckdb")}
    assert outcomes["small.csv.gz"].status == "recorded"
    assert outcomes["big.csv.gz"].status == "failed"
    assert "OUTBOUND_MAX_DECOMPRESSED_BYTES" in (outcomes["big.csv.gz"].error or "")


def test_when_an_archive_holds_too_many_entries_then_it_is_refused_naming_the_limit(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OUTBOUND_ARCHIVE_MAX_ENTRIES", "5")
    archive = _zip(tmp_path / "many.zip", {f"f{i}.csv": b"a,b\n1,2\n" for i in range(6)})
    (outcome,) = scan([str(archive)], tmp_path / "w.duckdb")
    assert outcome.status == "failed" and "6 entries" in (outcome.error or "") and "5" in (outcome.error or "")


def test_when_an_entry_is_encrypted_then_it_is_named_unreadable_and_the_others_scan(tmp_path: Path, rows):
    archive = _zip(tmp_path / "mixed.zip", {"open.csv": csv_text(rows).encode(), "secret.csv": b"a,b\n1,2\n"})
    data = bytearray(archive.read_bytes())
    # set the "encrypted" flag bit of secret.csv in its local and central headers (synthetic:
    # the standard library cannot write encrypted zips)
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("secret.csv")
    data[info.header_offset + 6] |= 0x1
    central = data.find(b"secret.csv", data.find(b"PK\x01\x02")) - 46
    data[central + 8] |= 0x1
    archive.write_bytes(bytes(data))
    outcomes = {o.path.rsplit("/", 1)[-1]: o for o in scan([str(archive)], tmp_path / "w.duckdb")}
    assert outcomes["open.csv"].status == "recorded"
    assert outcomes["secret.csv"].status == "failed" and "encrypted" in (outcomes["secret.csv"].error or "")


def test_when_the_cli_meets_a_bomb_then_one_stderr_line_names_it_and_the_limit(tmp_path: Path, rows):
    import subprocess
    import sys

    folder = tmp_path / "drop"
    folder.mkdir()
    _zip(folder / "bomb.zip", {"huge.csv": b"id_no\n" + b"0" * (200 << 20)})
    (folder / "orders.csv").write_text(csv_text(rows), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "outbound", "scan", str(folder), "--processor", "p",
                           "--warehouse", str(tmp_path / "w.duckdb"), "--exported-at", "2026-03-01"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1  # a file failed
    assert f"recorded  {folder / 'orders.csv'}" in done.stdout
    failed = [line for line in done.stderr.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and "bomb.zip!/huge.csv" in failed[0] and "OUTBOUND_ARCHIVE_MAX_RATIO=100" in failed[0]
