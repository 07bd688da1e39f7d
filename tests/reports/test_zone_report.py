"""The half-year zone report through the CLI, read as a person would: PDF text, the charts in
Chromium, the numbers against the warehouse's own counts."""

from __future__ import annotations

import pytest

from outbound.common.errors import UsageError
from outbound.reports.zone_data import Half
from outbound.warehouse.persons import person_tally
from outbound.warehouse.store import open_warehouse
from tests.reports.conftest import PROCESSORS, YEAR, outbound
from tests.reports.human import browser_probe, font_chars, pdf_pages, pdf_text, uncovered

NAMES = ("海上明珠酒店管理有限公司", "东方优选零售有限公司", "远东星海船务有限公司")


@pytest.fixture(scope="module")
def zone_report(scanned_zone, tmp_path_factory):
    out = tmp_path_factory.mktemp("zone-report")
    done = outbound("report", "zone", str(scanned_zone.zone), "--half", f"{YEAR}-H1", "--warehouse",
                    str(scanned_zone.warehouse), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_when_the_zone_report_is_written_then_its_pdf_holds_each_processor_and_the_totals(scanned_zone, zone_report, tmp_path):
    assert len(pdf_pages(zone_report / "report.pdf", tmp_path)) >= len(PROCESSORS)
    text = pdf_text(zone_report / "report.pdf")
    wh = open_warehouse(scanned_zone.warehouse, read_only=True)
    try:
        tallies = [person_tally(wh, p, YEAR) for p in PROCESSORS]
    finally:
        wh.close()
    assert all(n in text for n in NAMES)
    assert f"{sum(t.persons for t in tallies):,}" in text and f"{sum(t.sensitive_persons for t in tallies):,}" in text
    assert all(f"{t.persons:,}" in text for t in tallies)
    assert "重大变更 major-change" in text.replace("\n", " ")  # the spot check of 2026-04-01, recorded
    assert "spi-standard-contract" in text and "2026-03-01" in text  # an alert, and the day the line was crossed
    assert "第17条" in text


def test_when_the_zone_report_is_opened_in_chromium_then_the_charts_show_and_nothing_overflows(zone_report, tmp_path):
    page = browser_probe(zone_report / "report.html", tmp_path, width=900)
    charts = [i for i in page["images"] if "cumulative" in i["alt"]]
    assert len(charts) == len(PROCESSORS) and all(i["loaded"] and i["width"] > 300 for i in charts)
    assert all(i["loaded"] for i in page["images"])
    assert page["scrollWidth"] <= page["innerWidth"], f"horizontal overflow: {page['wide']}"
    assert not uncovered(page["text"], font_chars())


def test_when_the_half_is_not_a_half_then_the_error_names_the_forms():
    with pytest.raises(UsageError, match="YYYY-H1"):
        Half.parse("2026-Q3")
    assert (Half.parse("2026-H2").start.isoformat(), Half.parse("2026-H2").end.isoformat()) == ("2026-07-01", "2026-12-31")


def test_when_a_later_half_is_reported_then_the_first_half_checks_and_alerts_are_not_in_it(scanned_zone, tmp_path):
    from outbound.pipeline.reporting import gather

    procs = gather(scanned_zone.zone, Half(YEAR, 2), scanned_zone.warehouse, Half(YEAR, 2).end)
    assert not any(p.verdicts or p.alerts for p in procs)
    assert {p.id: p.persons > 0 for p in procs} == dict.fromkeys(PROCESSORS, True)  # persons: the whole year


def test_when_one_filing_is_broken_then_the_others_are_reported_and_it_says_why(scanned_zone, tmp_path):
    import shutil

    from outbound.pipeline.reporting import gather

    zone = tmp_path / "zone"
    shutil.copytree(scanned_zone.zone, zone)
    (zone / "sh-hotel" / "filing.yaml").write_text("filing_id: [unclosed\n", encoding="utf-8")
    procs = {p.id: p for p in gather(zone, Half(YEAR, 1), scanned_zone.warehouse, Half(YEAR, 1).end)}
    assert procs["sh-hotel"].filing is None and "not valid YAML" in (procs["sh-hotel"].filing_problem or "")
    assert str(tmp_path) not in procs["sh-hotel"].filing_problem  # the folder, not the server's path
    assert procs["sh-retail"].filing and procs["sh-retail"].filing["state"] == "valid"
    assert procs["sh-hotel"].persons > 0 and procs["sh-hotel"].verdicts == []
