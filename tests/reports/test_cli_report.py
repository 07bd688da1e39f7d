"""`outbound report …` commands: each shows an example in its help, and a missing warehouse is one line."""

from __future__ import annotations

import pytest

from tests.reports.conftest import outbound


@pytest.mark.parametrize("command", ["spot-check", "zone", "ledger"])
def test_when_a_report_command_is_asked_for_help_then_it_shows_an_example(command):
    done = outbound("report", command, "--help")
    assert done.returncode == 0 and "Example" in done.stdout and f"outbound report {command}" in done.stdout


def test_when_the_warehouse_does_not_exist_then_the_zone_report_says_so_in_one_line(tmp_path):
    zone = tmp_path / "zone" / "p1"
    zone.mkdir(parents=True)
    (zone / "processor.yaml").write_text("processor: {id: p1}\n", encoding="utf-8")
    done = outbound("report", "zone", str(tmp_path / "zone"), "--half", "2026-H1", "--warehouse",
                    str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "does not exist" in done.stderr and len(done.stderr.strip().splitlines()) == 1
