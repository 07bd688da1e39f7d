"""The nightly scan's parts over a zone on a bucket (moto's S3 server on 127.0.0.1), one shard per
processor: the same counts as the same zone on disk, and a second night fetches nothing."""

from __future__ import annotations

from pathlib import Path

from outbound.pipeline.nightly_run import plan, resolve_config, scan_processor
from tests.sources.conftest import csv_text, export_rows
from tests.sources.test_s3 import PROFILE, _put, bucket, endpoint  # noqa: F401 - fixtures

SHOP = "processor:\n  id: sh-shop\nrecipients:\n  - {name: Shop HQ}\n"


def _files(rows: list) -> dict[str, str]:
    return {"sh-hotel/processor.yaml": PROFILE, "sh-hotel/exports/2026-03-01/orders.csv": csv_text(rows),
            "sh-shop/processor.yaml": SHOP, "sh-shop/exports/2026-03-02/orders.csv": csv_text(rows[:120])}


def _counts(cfg: object, processors: list[str]) -> dict[str, list]:
    out = {}
    for p in processors:
        result = scan_processor(cfg, p)  # type: ignore[arg-type]
        assert all(o["status"] == "recorded" for o in result["outcomes"]), result["outcomes"]
        out[p] = [(e["year"], e["persons"], e["sensitive_persons"]) for e in result["evaluations"]]
    return out


def test_when_the_zone_is_on_a_bucket_then_each_processor_scans_into_its_shard_as_from_disk(
    tmp_path: Path, bucket, monkeypatch  # noqa: F811 - the imported fixture
):
    monkeypatch.setenv("OUTBOUND_HASH_KEY", "unset afterwards")  # shards.use_zone_key sets it for the process
    monkeypatch.delenv("OUTBOUND_HASH_KEY")
    rows = export_rows(300)
    local = tmp_path / "zone"
    for key, text in _files(rows).items():
        _put(bucket, f"zone/{key}", text)
        (local / key).parent.mkdir(parents=True, exist_ok=True)
        (local / key).write_text(text, encoding="utf-8")
    (tmp_path / "remote").mkdir()
    (tmp_path / "disk").mkdir()
    remote = resolve_config({"zone": f"s3://{bucket[1]}/zone", "warehouse": f"{tmp_path}/remote/"}, {}.get)
    disk = resolve_config({"zone": str(local), "warehouse": f"{tmp_path}/disk/"}, {}.get)
    planned = plan(remote)
    assert planned["processors"] == ["sh-hotel", "sh-shop"] and planned["filings"] == []
    got = _counts(remote, planned["processors"])
    assert got == _counts(disk, planned["processors"]) and got["sh-shop"][0][1] > 0
    assert sorted(p.name for p in (tmp_path / "remote").glob("*.duckdb")) == ["sh-hotel.duckdb", "sh-shop.duckdb"]
    assert scan_processor(remote, "sh-hotel")["outcomes"] == []  # a second night: known by size and mtime
