"""A deleted export stays deleted: the nightly listing does not record its content again."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from outbound.cli import cli
from outbound.pipeline import flow
from outbound.warehouse import open_warehouse
from tests.zones import one_export_zone


def _nightly(zone: Path, wh: Path) -> list[str]:
    """The nightly scan's listing and scans; the statuses of the files it scanned."""
    return [
        flow.scan_file(wh, Path(str(e["path"])), processor=str(e["processor"]), recipient=str(e["recipient"]),
                       fingerprint=flow.Fingerprint.from_json(e), skip_deleted=True).status
        for e in flow.new_exports(zone, wh)
    ]  # fmt: skip


def _persons(wh: Path) -> int:
    return flow.person_tally(wh, "co", 2026).persons


def _recorded_then_deleted(tmp_path: Path) -> tuple[Path, Path, Path, str]:
    """A zone scanned by the nightly job, its one export then deleted: (zone, export, warehouse, sha)."""
    zone, export = one_export_zone(tmp_path, seed=5)
    wh = tmp_path / "w.duckdb"
    _nightly(zone, wh)
    sha = flow.content_sha256(export)
    flow.delete_export(wh, "co", sha)
    return zone, export, wh, sha


def test_when_an_export_is_deleted_then_the_nightly_scan_does_not_record_it_again(tmp_path: Path):
    zone, export = one_export_zone(tmp_path, seed=5)
    wh = tmp_path / "w.duckdb"
    assert _nightly(zone, wh) == ["recorded"]
    assert _persons(wh) == 30
    sha = flow.content_sha256(export)

    assert flow.delete_export(wh, "co", sha) is True
    assert _persons(wh) == 0
    assert _nightly(zone, wh) == []  # the file is still in the zone, its content stays deleted
    assert _persons(wh) == 0


def test_when_deleted_content_is_scanned_on_purpose_then_it_is_recorded_and_no_longer_marked(tmp_path: Path):
    zone, export, wh, sha = _recorded_then_deleted(tmp_path)

    assert flow.scan([export], processor="co", warehouse=wh, recipient="HQ")[0].status == "recorded"
    assert _persons(wh) == 30
    w = open_warehouse(wh, read_only=True)
    try:
        assert w.was_deleted("co", sha) is False and w.deleted_exports("co") == []
    finally:
        w.close()
    # deleted again: marked again, and the nightly scan skips it again
    assert flow.delete_export(wh, "co", sha) is True
    assert _nightly(zone, wh) == [] and _persons(wh) == 0


def test_when_exports_are_listed_with_deleted_then_the_deleted_content_is_named(tmp_path: Path):
    zone, export = one_export_zone(tmp_path, seed=5)
    wh = tmp_path / "w.duckdb"
    _nightly(zone, wh)
    sha = flow.content_sha256(export)
    runner = CliRunner()
    out = runner.invoke(cli, ["exports", "delete", sha, "--processor", "co", "--warehouse", str(wh)])
    assert out.exit_code == 0, out.output
    assert "will not record it again" in out.output

    recorded = runner.invoke(cli, ["exports", "list", "--processor", "co", "--warehouse", str(wh)])
    deleted = runner.invoke(cli, ["exports", "list", "--processor", "co", "--warehouse", str(wh), "--deleted"])
    assert recorded.exit_code == 0 and sha not in recorded.output
    assert deleted.exit_code == 0 and deleted.output.startswith(sha) and str(export) in deleted.output


def test_when_a_listed_file_is_gone_then_its_fingerprint_is_forgotten(tmp_path: Path):
    zone, export = one_export_zone(tmp_path, seed=5)
    other = export.with_name("refunds.csv")
    other.write_bytes(export.read_bytes().replace(b"user", b"refund"))
    elsewhere = tmp_path / "elsewhere.csv"  # scanned by hand, outside the zone: not the listing's to forget
    elsewhere.write_bytes(export.read_bytes().replace(b"user", b"guest"))
    wh = tmp_path / "w.duckdb"
    flow.scan([elsewhere], processor="co", warehouse=wh)
    assert len(flow.new_exports(zone, wh)) == 2
    other.unlink()
    flow.new_exports(zone, wh)
    w = open_warehouse(wh, read_only=True)
    try:
        paths = [r[0] for r in w.query("SELECT path FROM file_fingerprints ORDER BY path")]
    finally:
        w.close()
    assert paths == sorted([str(export.resolve()), str(elsewhere.resolve())])


def test_when_a_warehouse_from_before_the_mark_is_read_then_it_lists_no_deleted_exports(tmp_path: Path):
    wh = tmp_path / "w.duckdb"
    w = open_warehouse(wh)
    w.query("DROP TABLE deleted_exports")  # as a warehouse written by an earlier version
    w.close()
    old = open_warehouse(wh, read_only=True)
    try:
        assert old.deleted_exports("co") == []
    finally:
        old.close()


def test_when_the_nightly_scan_meets_deleted_content_then_it_leaves_it_out_and_a_manual_scan_does_not(tmp_path: Path):
    # the nightly scan checks again itself: a deletion made after its listing holds too
    zone, export, wh, sha = _recorded_then_deleted(tmp_path)

    assert flow.scan_file(wh, export, processor="co", skip_deleted=True).status == "unchanged"
    assert _persons(wh) == 0
    w = open_warehouse(wh, read_only=True)
    try:
        assert w.was_deleted("co", sha) is True
    finally:
        w.close()
    assert flow.scan_file(wh, export, processor="co").status == "recorded"
    assert _persons(wh) == 30
