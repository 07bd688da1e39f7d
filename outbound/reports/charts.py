"""Charts drawn on the server: matplotlib to SVG, text as paths in a CJK font (Noto Sans CJK from
Debian's fonts-noto-cjk), so a browser or a PDF shows them the same without any font of its own.

- `cumulative_chart`: persons since 1 January, per counter of the threshold rules, against the
  lines of rules/thresholds (never literals here), with the projected date of the next line.
- `breakdown_chart`: persons by recipient and by month.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from outbound.regulation.pace import Point, projected_date, values

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
COUNTERS = {  # counter of the threshold rules → (label, colour)
    "pi_non_sensitive_persons": ("个人信息（不含敏感）persons with PI only", "#1f5fa8"),
    "spi_persons": ("敏感个人信息 persons with sensitive PI", "#c2410c"),
}


@dataclass(frozen=True, slots=True)
class NextLine:
    counter: str
    line: int
    measured: int
    projected: dt.date | None  # None: not within the year at the pace since 1 January


def lines_from_rules(on: dt.date) -> dict[str, list[int]]:
    """The lines each counter is measured against, from the threshold rules in force on `on`.

    A line at 1 ("any sensitive PI") is a yes/no, not a level to draw, so only lines above 1.
    """
    from outbound.regulation import rules

    found: dict[str, set[int]] = {c: set() for c in COUNTERS}
    for r in rules.thresholds(on).rules:
        for bound in (r.at_least, r.below):
            if r.counter in found and bound is not None and bound > 1:
                found[r.counter].add(bound)
    return {c: sorted(v) for c, v in found.items()}


def next_lines(series: list[Point], lines: dict[str, list[int]], as_of: dt.date) -> list[NextLine]:
    """Per counter, the lowest line not yet reached and when the year's pace reaches it."""
    out = []
    for counter, levels in lines.items():
        points = values(series, counter)
        now = points[-1][1] if points else 0
        ahead = [x for x in levels if x > now]
        if ahead:
            out.append(NextLine(counter, ahead[0], now, projected_date(points, ahead[0], as_of)))
    return out


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": CJK_FONTS, "svg.fonttype": "path",
                         "svg.hashsalt": "outbound", "axes.unicode_minus": False, "font.size": 9})
    return plt


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(fig)
    return buf.getvalue()


def cumulative_chart(series: list[Point], lines: dict[str, list[int]], year: int, as_of: dt.date) -> str:
    """SVG: both counters on a log scale from 1 January to 31 December, the lines dashed, and a
    dotted projection to the next line when the pace reaches it within the year."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.2, 3.6))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    top = max([x for v in lines.values() for x in v] + [10])
    for width, (counter, (label, colour)) in zip((2.6, 1.2), COUNTERS.items(), strict=True):  # both show when equal
        pts = [(start, 0), *values(series, counter)]
        ax.step([d for d, _ in pts], [max(v, 0.8) for _, v in pts], where="post", color=colour, label=label,
                linewidth=width)
        for level in lines.get(counter, []):
            ax.axhline(level, color=colour, linestyle="--", linewidth=0.8)
            ax.annotate(f"{level:,}", (end, level), xytext=(-2, 2), textcoords="offset points", ha="right",
                        color=colour)
    for i, nl in enumerate(next_lines(series, lines, as_of)):
        colour = COUNTERS[nl.counter][1]
        when = f"预计 {nl.projected:%Y-%m-%d} projected" if nl.projected else "本年按当前速度不会达到 not this year"
        ax.text(0.01, 0.97 - 0.07 * i, f"{nl.measured:,} → {nl.line:,}: {when}", transform=ax.transAxes,
                va="top", color=colour, fontsize=8)
        if nl.projected is not None:
            ax.plot([as_of, nl.projected], [max(nl.measured, 1), nl.line], linestyle=":", color=colour)
    ax.set_yscale("log")
    ax.set_ylim(0.8, top * 40)  # room above the highest line for the next-line notes
    ax.set_xlim(start, end)
    ax.axvline(as_of, color="#555555", linewidth=0.6)
    ax.set_ylabel("累计人数 persons since 1 January (log)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8, frameon=False)
    ax.xaxis.set_major_formatter(_month_formatter())
    ax.grid(axis="y", alpha=0.2)
    return _svg(fig)


def _month_formatter() -> Any:
    from matplotlib.dates import DateFormatter

    return DateFormatter("%m月")


def breakdown_chart(by_recipient: Sequence[tuple[str, int, int]], by_month: Sequence[tuple[str, int, int]]) -> str:
    """SVG: persons (and sensitive persons) by recipient, and by month; each person once per group."""
    plt = _pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 2.8), gridspec_kw={"width_ratios": [1, 1.3]})
    pi, spi = COUNTERS["pi_non_sensitive_persons"][1], COUNTERS["spi_persons"][1]
    names = [r[0] for r in by_recipient] or ["—"]
    left.barh(names, [r[1] for r in by_recipient] or [0], color=pi, label="人数 persons")
    left.barh(names, [r[2] for r in by_recipient] or [0], color=spi, label="敏感 sensitive")
    left.invert_yaxis()
    left.set_title("按境外接收方 by recipient", fontsize=9)
    months = [m for m, _, _ in by_month] or ["—"]
    right.bar(months, [m[1] for m in by_month] or [0], color=pi, label="人数 persons")
    right.bar(months, [m[2] for m in by_month] or [0], color=spi, label="敏感 sensitive")
    right.set_title("按月 by month", fontsize=9)
    right.legend(fontsize=8, frameon=False)
    right.tick_params(axis="x", labelrotation=45)
    fig.tight_layout()
    return _svg(fig)
