"""No report holds a raw identifier: every identifier the generator wrote into the zone's exports is
searched for in every report file (HTML source, PDF text layer, workbook cells, JSON)."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from tests.reports.conftest import YEAR, outbound
from tests.reports.human import pdf_text


def _texts(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".html", ".json"):
            out[str(path)] = path.read_text(encoding="utf-8")
        elif path.suffix == ".pdf":
            out[str(path)] = pdf_text(path)
        elif path.suffix == ".xlsx":
            wb = load_workbook(path)
            out[str(path)] = "\n".join(str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r)
    return out


def test_when_every_report_is_written_then_no_raw_identifier_is_in_any(scanned_zone, tmp_path):
    reports = tmp_path / "reports"
    assert outbound("report", "zone", str(scanned_zone.zone), "--half", f"{YEAR}-H1", "--warehouse",
                    str(scanned_zone.warehouse), "--out", str(reports / "zone")).returncode == 0
    for pid in ("sh-hotel", "sh-retail", "sh-shipping"):
        assert outbound("report", "ledger", "--processor", pid, "--year", str(YEAR), "--warehouse",
                        str(scanned_zone.warehouse), "--out", str(reports / f"{pid}.xlsx")).returncode == 0
    texts = {**_texts(reports), **_texts(scanned_zone.spot_check_out)}
    assert len(scanned_zone.raw_values) > 500 and any(k.endswith("report.pdf") for k in texts)
    assert any(k.endswith(".xlsx") for k in texts) and any("spot-check" in k and k.endswith("report.html") for k in texts)
    joined = {name: re.sub(r"\s+", "", t) for name, t in texts.items()}  # a PDF may wrap a number over lines
    leaks = {name: sorted(v for v in scanned_zone.raw_values if v in t or v in joined[name])[:3]
             for name, t in texts.items()}
    assert not any(leaks.values()), {k: v for k, v in leaks.items() if v}
    source = next((scanned_zone.zone / "sh-retail" / "exports").rglob("*.csv")).read_text(encoding="utf-8")
    assert any(v in source for v in scanned_zone.raw_values)  # the same search finds them where they are
