"""The spot-check report as its reader sees it: `outbound spot-check --out DIR` writes report.pdf and
report.html; the PDF's pages render and its text holds the verdict, the counts and the processor's
Chinese name; the HTML in Chromium fits the page and every character has a glyph."""

from __future__ import annotations

import json
from pathlib import Path

from tests.reports.conftest import ScannedZone, outbound
from tests.reports.human import (
    browser_probe,
    font_chars,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    screenshot,
    uncovered,
)


def _doc(z: ScannedZone) -> dict:
    return json.loads((z.spot_check_out / "spot-check.json").read_text(encoding="utf-8"))


def test_when_spot_check_writes_to_out_then_the_pdf_holds_verdict_counts_and_chinese_name(scanned_zone, tmp_path):
    doc = _doc(scanned_zone)
    assert (scanned_zone.spot_check_out / "report.html").is_file()
    pages = pdf_pages(scanned_zone.spot_check_out / "report.pdf", tmp_path / "pages")
    assert len(pages) >= 2 and all(p.stat().st_size > 2000 for p in pages)
    text = pdf_text(scanned_zone.spot_check_out / "report.pdf")
    assert doc["verdict"] == "major-change" and scanned_zone.spot_check_exit == 1
    assert "结论：重大变更" in text and "Verdict: major-change" in text
    assert "东方优选零售有限公司" in text and doc["filing"]["filing_id"] in text
    assert f"{doc['volumes']['persons']:,}" in text and f"{doc['volumes']['sensitive_persons']:,}" in text
    assert all(f["sha256"] in text.replace("\n", "") for f in doc["sampling_plan"]["files"])
    assert "无法观察" in text and "签署" in text  # the limits page and the signature block
    assert all(f["filing_ref"] in text for f in doc["findings"])
    fonts = pdf_fonts(scanned_zone.spot_check_out / "report.pdf")  # the CJK font, embedded; no fallback face
    assert fonts and all(emb and name.startswith(("Noto-Sans-CJK-SC", "DejaVu-Sans-Mono")) for name, emb in fonts)


def test_when_the_html_is_opened_in_chromium_then_nothing_overflows_and_no_glyph_is_missing(scanned_zone, tmp_path):
    html = scanned_zone.spot_check_out / "report.html"
    page = browser_probe(html, tmp_path, width=900)
    assert page["scrollWidth"] <= page["innerWidth"], f"horizontal overflow: {page['wide']}"
    assert "重大变更" in page["text"]
    assert not uncovered(page["text"], font_chars())
    screenshot(html, tmp_path / "spot-check.png")


def test_when_a_spot_check_json_is_rendered_again_then_the_same_report_text_comes_out(scanned_zone, tmp_path):
    done = outbound("report", "spot-check", str(scanned_zone.spot_check_out / "spot-check.json"), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert pdf_text(tmp_path / "report.pdf") == pdf_text(scanned_zone.spot_check_out / "report.pdf")


def test_when_the_json_is_not_a_spot_check_then_the_error_says_what_to_pass(tmp_path: Path):
    bad = tmp_path / "x.json"
    bad.write_text("{}", encoding="utf-8")
    done = outbound("report", "spot-check", str(bad))
    assert done.returncode == 2 and "not a spot-check JSON report" in done.stderr and len(done.stderr.splitlines()) == 1
