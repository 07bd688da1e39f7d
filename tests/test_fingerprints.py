"""The nightly listing reads a file once: an unchanged size and mtime stand for unchanged content."""

from __future__ import annotations

import os
from pathlib import Path

from outbound.pipeline import flow
from outbound.warehouse import open_warehouse
from tests.zones import one_export_zone


def _scan_listed(wh: Path, export: dict[str, object]) -> flow.FileOutcome:
    return flow.scan_file(
        wh, Path(str(export["path"])), processor=str(export["processor"]), fingerprint=flow.Fingerprint.from_json(export)
    )


def _same_size_other_bytes(path: Path) -> None:
    """Rewrite `path` with other bytes of the same length, then put its mtime back."""
    st = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"user1@", b"userX@"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.read_bytes() != data


def test_when_a_recorded_file_keeps_its_size_and_mtime_then_the_listing_does_not_read_it(tmp_path: Path):
    zone, export = one_export_zone(tmp_path, seed=11)
    wh = tmp_path / "w.duckdb"
    (listed,) = flow.new_exports(zone, wh)
    assert listed["sha"] == flow.content_sha256(export) and listed["size"] == export.stat().st_size
    assert _scan_listed(wh, listed).status == "recorded"
    assert flow.new_exports(zone, wh) == []

    # Other bytes behind the same size and mtime: the listing trusts the stamp, so it did not read them.
    _same_size_other_bytes(export)
    assert flow.new_exports(zone, wh) == []

    # A new mtime: the file is read again, and its new content is listed.
    os.utime(export, ns=(export.stat().st_atime_ns, export.stat().st_mtime_ns + 1_000_000_000))
    (again,) = flow.new_exports(zone, wh)
    assert again["sha"] == flow.content_sha256(export) != listed["sha"]


def test_when_the_scan_is_handed_the_listing_fingerprint_then_it_does_not_hash_the_file_again(tmp_path: Path):
    zone, export = one_export_zone(tmp_path, seed=11)
    wh = tmp_path / "w.duckdb"
    (listed,) = flow.new_exports(zone, wh)
    # A fingerprint no hash of this file could give: recorded as it is, the scan did not re-hash.
    told = {**listed, "sha": "0" * 64}
    assert _scan_listed(wh, told).content_sha256 == "0" * 64


def test_when_the_file_changed_after_the_listing_then_the_scan_hashes_it_itself(tmp_path: Path):
    zone, export = one_export_zone(tmp_path, seed=11)
    wh = tmp_path / "w.duckdb"
    (listed,) = flow.new_exports(zone, wh)
    told = {**listed, "sha": "0" * 64}
    os.utime(export, ns=(export.stat().st_atime_ns, export.stat().st_mtime_ns + 1_000_000_000))
    outcome = _scan_listed(wh, told)
    assert outcome.status == "recorded" and outcome.content_sha256 == flow.content_sha256(export)


def test_when_a_file_is_scanned_then_the_next_listing_knows_it_without_reading(tmp_path: Path):
    zone, export = one_export_zone(tmp_path, seed=11)
    wh = tmp_path / "w.duckdb"
    assert flow.scan([export], processor="co", warehouse=wh)[0].status == "recorded"
    w = open_warehouse(wh, read_only=True)
    try:
        size, mtime_ns = flow.Fingerprint.stamp(export)
        assert w.known_fingerprint(str(export.resolve()), size, mtime_ns) == flow.content_sha256(export)
    finally:
        w.close()
    _same_size_other_bytes(export)
    assert flow.new_exports(zone, wh) == []
