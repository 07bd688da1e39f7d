"""Charts: lines from rules/thresholds (not literals), the next line's projected date, SVG with text as paths."""

from __future__ import annotations

import datetime as dt

import yaml

from outbound.regulation import rules
from outbound.reports.charts import breakdown_chart, cumulative_chart, lines_from_rules, next_lines
from outbound.warehouse.series import Point

ON = dt.date(2026, 7, 1)


def test_when_lines_are_read_then_they_are_the_threshold_rules_above_one():
    file = rules.rules_dir() / "thresholds" / f"{rules.thresholds(ON).meta.id}.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    expected: dict[str, set[int]] = {"pi_non_sensitive_persons": set(), "spi_persons": set()}
    for r in data["rules"]:
        for key in ("at_least", "below"):
            if r["counter"] in expected and (r.get(key) or 0) > 1:
                expected[r["counter"]].add(r[key])
    assert {k: set(v) for k, v in lines_from_rules(ON).items()} == expected
    assert all(expected.values())


def test_when_the_pace_reaches_the_next_line_within_the_year_then_its_date_is_projected():
    series = [Point(dt.date(2026, 3, 31), 30_000, 2_000), Point(dt.date(2026, 6, 30), 60_000, 3_000)]
    lines = {"pi_non_sensitive_persons": [100_000, 1_000_000], "spi_persons": [10_000]}
    found = {n.counter: n for n in next_lines(series, lines, dt.date(2026, 6, 30))}
    pi = found["pi_non_sensitive_persons"]
    assert (pi.line, pi.measured) == (100_000, 57_000)
    assert pi.projected is not None and dt.date(2026, 10, 1) < pi.projected < dt.date(2026, 12, 31)
    assert found["spi_persons"].projected is None  # 3,000 by June: 10,000 is not this year


def test_when_charts_are_drawn_then_they_are_svg_with_no_text_left_to_the_viewer_font():
    series = [Point(dt.date(2026, 3, 1), 500, 8), Point(dt.date(2026, 3, 3), 963, 8)]
    svg = cumulative_chart(series, lines_from_rules(ON), 2026, ON)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "<text" not in svg  # CJK drawn as paths
    assert cumulative_chart(series, lines_from_rules(ON), 2026, ON) == svg  # deterministic
    bars = breakdown_chart([("接收方 A", 963, 8)], [("03月", 963, 8)])
    assert "<svg" in bars and "<text" not in bars
