"""S3 buckets, against moto's S3 server on 127.0.0.1: counts equal a local file's, names are URLs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sources.conftest import csv_text, exports, local_counts, no_raw_values, persons, scan
from tests.sources.servers import s3_server

SECRET = "s3cr3t-never-logged-0123456789"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with s3_server() as url:
        yield url


@pytest.fixture
def bucket(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = boto3.client("s3", endpoint_url=endpoint)
    name = f"drop-{len(client.list_buckets()['Buckets'])}"
    client.create_bucket(Bucket=name)
    yield client, name


def _put(bucket: object, key: str, body: bytes | str) -> None:
    client, name = bucket  # type: ignore[misc]
    client.put_object(Bucket=name, Key=key, Body=body.encode() if isinstance(body, str) else body)


def test_when_an_export_sits_in_a_bucket_then_its_counts_equal_the_local_files(tmp_path: Path, bucket, rows):
    _put(bucket, "sh-hotel/exports/2026-03-01/orders.csv", csv_text(rows))
    _put(bucket, "sh-hotel/exports/2026-03-01/_staging/partial.csv", "id_no\n1\n")  # private: skipped
    wh = tmp_path / "w.duckdb"
    outcomes = scan([f"s3://{bucket[1]}/sh-hotel/exports/"], wh, exported_at=None)
    assert [(o.status, o.path) for o in outcomes] == [("recorded", f"s3://{bucket[1]}/sh-hotel/exports/2026-03-01/orders.csv")]
    local_rows, local_persons = local_counts(tmp_path, csv_text(rows))
    assert outcomes[0].rows == local_rows == len(rows)
    assert persons(wh) == local_persons and 0 < local_persons[0] < len(rows)
    (path, _, day, _, fmt), = exports(wh)
    assert (day, fmt) == ("2026-03-01", "csv")  # the date of the key's folder


def test_when_a_bucket_is_scanned_again_then_nothing_changes(tmp_path: Path, bucket, rows):
    _put(bucket, "x/orders.csv", csv_text(rows))
    wh = tmp_path / "w.duckdb"
    assert [o.status for o in scan([f"s3://{bucket[1]}/x/"], wh)] == ["recorded"]
    assert [o.status for o in scan([f"s3://{bucket[1]}/x/"], wh)] == ["unchanged"]
    assert len(exports(wh)) == 1


def test_when_one_object_is_broken_then_the_others_scan_and_no_secret_or_value_leaks(
        tmp_path: Path, bucket, rows, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG, logger="outbound")
    _put(bucket, "y/a.parquet", b"PAR1 this is not parquet PAR1")
    _put(bucket, "y/b.csv", csv_text(rows))
    wh = tmp_path / "w.duckdb"
    outcomes = {o.path.rsplit("/", 1)[-1]: o for o in scan([f"s3://{bucket[1]}/y/"], wh)}
    assert outcomes["b.csv"].status == "recorded"
    assert outcomes["a.parquet"].status == "failed"
    assert f"s3://{bucket[1]}/y/a.parquet" in (outcomes["a.parquet"].error or "")
    assert "spill" not in (outcomes["a.parquet"].error or "")  # named by its URL, not the staged copy
    blobs = [wh.read_bytes(), caplog.text.encode(), repr(list(outcomes.values())).encode()]
    assert all(SECRET.encode() not in b for b in blobs)
    no_raw_values(blobs, rows)
    assert not list(tmp_path.glob("w.duckdb.spill-*"))  # staged copies are gone


def test_when_a_zone_folder_is_on_a_bucket_then_its_manifest_names_the_recipient(tmp_path: Path, bucket, rows):
    _put(bucket, "zone/sh-hotel/exports/2026-03-01/orders.csv", csv_text(rows))
    _put(bucket, "zone/sh-hotel/exports/2026-03-01/_manifest.yaml",
         "files:\n  orders.csv: {recipient: Pearl Hotels HQ, scenario: hotel}\n")
    wh = tmp_path / "w.duckdb"
    (outcome,) = scan([f"s3://{bucket[1]}/zone/sh-hotel/exports/"], wh, exported_at=None)
    assert outcome.status == "recorded"
    (_, recipient, _, _, _), = exports(wh)
    assert recipient == "Pearl Hotels HQ"


def test_when_the_bucket_does_not_exist_then_one_line_names_it(tmp_path: Path, bucket):
    (outcome,) = scan(["s3://no-such-bucket-here/x/"], tmp_path / "w.duckdb")
    assert outcome.status == "failed" and "s3://no-such-bucket-here/x/" in (outcome.error or "")
    assert "\n" not in (outcome.error or "")


def test_when_the_cli_is_given_an_s3_prefix_then_it_records_its_objects(tmp_path: Path, bucket, rows):
    import subprocess
    import sys

    _put(bucket, "cli/2026-03-01/orders.csv", csv_text(rows))
    done = subprocess.run([sys.executable, "-m", "outbound", "scan", f"s3://{bucket[1]}/cli/", "--processor", "p",
                           "--warehouse", str(tmp_path / "w.duckdb")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"recorded  s3://{bucket[1]}/cli/2026-03-01/orders.csv  rows={len(rows)}")
    assert SECRET not in done.stdout + done.stderr


def test_when_credentials_come_from_an_airflow_connection_then_the_bucket_is_read(
        tmp_path: Path, bucket, rows, endpoint: str, monkeypatch: pytest.MonkeyPatch):
    import json

    _put(bucket, "conn/orders.csv", csv_text(rows))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AIRFLOW_CONN_OUTBOUND_S3", json.dumps({
        "conn_type": "aws", "login": "AKIDEXAMPLE", "password": SECRET, "extra": {"endpoint_url": endpoint}}))
    monkeypatch.setenv("OUTBOUND_S3_CONNECTION", "outbound_s3")
    (outcome,) = scan([f"s3://{bucket[1]}/conn/"], tmp_path / "w.duckdb")
    assert outcome.status == "recorded" and outcome.rows == len(rows)
    monkeypatch.setenv("OUTBOUND_S3_CONNECTION", "outbound_s3_missing")  # a wrong id fails that target, named
    (failed,) = scan([f"s3://{bucket[1]}/conn/"], tmp_path / "w2.duckdb")
    assert failed.status == "failed" and f"s3://{bucket[1]}/conn/" in (failed.error or "")


def _staging_peak(bucket, prefix: str, folder: Path) -> int:
    import tracemalloc

    from outbound.sources.remote import remote_items

    tracemalloc.start()
    try:
        failed: list = []
        for item in remote_items(f"s3://{bucket[1]}/{prefix}/", lambda _: True, folder, failed):
            item.discard()
        assert not failed
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_when_a_large_object_is_staged_then_memory_does_not_grow_with_its_size(tmp_path: Path, bucket):
    import os

    for prefix, size in (("warm", 1 << 10), ("mid", 40 << 20), ("big", 120 << 20)):
        _put(bucket, f"{prefix}/blob.csv", os.urandom(size))
    _staging_peak(bucket, "warm", tmp_path)  # imports
    mid, big = _staging_peak(bucket, "mid", tmp_path), _staging_peak(bucket, "big", tmp_path)
    # measured: 40 MB peak for objects of 48, 96 and 192 MB alike (s3fs's client, a read-ahead
    # block, aiohttp's buffers); 80 MB more to stage must not cost more memory
    assert big < mid + (4 << 20), f"40 MB object: {mid >> 20} MB peak, 120 MB object: {big >> 20} MB"
    assert big < 64 << 20


PROFILE = "processor:\n  id: sh-hotel\n  name: 上海示例酒店\nrecipients:\n  - {name: Pearl Hotels HQ}\n"


def test_when_the_zone_is_on_a_bucket_then_the_nightly_steps_register_list_scan_and_remember(tmp_path: Path, bucket, rows):
    from outbound.sources import zone_remote

    zone = f"s3://{bucket[1]}/zone"
    _put(bucket, "zone/sh-hotel/processor.yaml", PROFILE)
    _put(bucket, "zone/sh-hotel/exports/2026-03-01/orders.csv", csv_text(rows))
    _put(bucket, "zone/sh-hotel/exports/2026-03-02/crew.csv", csv_text(rows[:40]))
    _put(bucket, "zone/sh-hotel/exports/2026-03-02/_manifest.yaml", "files:\n  crew.csv: {recipient: Crew Agency SG}\n")
    wh = tmp_path / "w.duckdb"
    assert zone_remote.register_zone(zone, wh) == {"processors": ["sh-hotel"], "problems": []}
    listed = zone_remote.new_exports(zone, wh)
    assert [(e["path"], e["recipient"]) for e in listed] == [
        (f"{zone}/sh-hotel/exports/2026-03-01/orders.csv", "Pearl Hotels HQ"),
        (f"{zone}/sh-hotel/exports/2026-03-02/crew.csv", "Crew Agency SG")]
    outcomes = [zone_remote.scan_export(e, wh) for e in listed]
    assert [o.status for o in outcomes] == ["recorded", "recorded"]
    assert [(e[1], e[2]) for e in exports(wh)] == [("Pearl Hotels HQ", "2026-03-01"), ("Crew Agency SG", "2026-03-02")]
    assert zone_remote.new_exports(zone, wh) == []  # known by size and mtime: nothing is fetched again
    _put(bucket, "zone/sh-hotel/exports/2026-03-01/orders.csv", csv_text(rows[:-1]))  # replaced
    assert [e["path"] for e in zone_remote.new_exports(zone, wh)] == [f"{zone}/sh-hotel/exports/2026-03-01/orders.csv"]
