"""What the national texts beside the thresholds add to a year's obligations (rules/regulations/):
flag lines the counts can only bound from below (Network Data Regulations Art. 28), notes on a
mechanism (Art. 38 on assessed exports), which of standard contract and certification is open
(certification measures), and rules one processor's data cannot show broken (no splitting).

Pure: (counts, obligations, date) → Review. Every number comes from rules/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from outbound.common.records import Obligation, YearlyCounts
from outbound.regulation import rules
from outbound.regulation.regulations import regulations
from outbound.regulation.rule_national import FlagLine, RegulationFile, Route

PI_COUNTERS = ("pi_non_sensitive_persons", "spi_persons")
BAND = "standard_contract_or_certification"


@dataclass(frozen=True, slots=True)
class Flag:
    id: str
    source: str
    counts: str  # what the text counts (persons processed)
    measured_as: str  # what the scanner counts (persons exported)
    measured: int
    threshold: int
    lower_bound: bool  # the measured count is a lower bound of what the text counts
    summary: str
    summary_zh: str
    verified: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RouteVerdict:
    route: str  # standard_contract | certification
    open: bool
    why: str
    source: str
    verified: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Review:
    flags: tuple[Flag, ...] = ()
    routes: tuple[RouteVerdict, ...] = ()
    notes: tuple[str, ...] = ()


def _flag(file: RegulationFile, line: FlagLine, persons: int) -> Flag:
    en = (
        f"{line.summary['en']}: {persons:,} persons exported this year, at least {line.at_least:,} "
        f"→ {line.consequence['en']}. The text counts persons handled; the scanner sees exported persons "
        f"only, so this is a lower bound of what the processor handles"
    )
    zh = f"{line.summary['zh']}：本年度出境{persons:,}人（仅为处理人数的下限）→ {line.consequence['zh']}"
    return Flag(
        line.id,
        f"{file.meta.id} Art. {line.article}",
        line.counts,
        line.measured_as,
        persons,
        line.at_least,
        True,
        en,
        zh,
        line.verified,
    )


def _flags(files: Sequence[RegulationFile], counts: YearlyCounts) -> tuple[Flag, ...]:
    """A line on persons handled fires when the exported persons (all PI, SPI included) reach it;
    below it nothing is said: the processor may handle more persons than it exports."""
    return tuple(
        _flag(f, line, counts.persons) for f in files for line in f.flags if counts.persons >= line.at_least
    )


def _band_counts(counts: YearlyCounts) -> dict[str, int]:
    return {"pi_non_sensitive_persons": counts.non_sensitive_persons, "spi_persons": counts.sensitive_persons}


def _certification(file: RegulationFile, route: Route, counts: YearlyCounts) -> RouteVerdict:
    facts = {"ciio": counts.ciio, "important_data": counts.important_data}
    failed = [key for key, want in route.requires.items() if bool(facts[key]) != want]
    values = _band_counts(counts)
    held = [b for b in route.bands if b.holds_for(values[b.counter])]
    reasons = {
        "ciio": "the processor is a CIIO",
        "important_data": "important data is provided abroad this year",
    }
    if failed or not held:
        why = "; ".join(reasons[k] for k in failed) or "no count is in the certification band"
        why += f": {file.meta.title['en']} allows certification only for a non-CIIO in the band with no important data"
        return RouteVerdict(route.route, False, why, file.meta.id, route.verified)
    band = ", ".join(f"{b.counter} {values[b.counter]:,} in [{b.at_least:,}, {b.below:,})" for b in held)
    why = f"non-CIIO, no important data, {band}" + (
        f"; certificate valid {route.validity_years} years" if route.validity_years else ""
    )
    return RouteVerdict(route.route, True, why, file.meta.id, route.verified)


def _standard_contract(band: Sequence[Obligation], counts: YearlyCounts) -> RouteVerdict:
    shown = ", ".join(f"{o.rule_id} ({o.counter} {o.measured:,})" for o in band)
    why = f"the year's counts are in the Art. 8 band: {shown}"
    if counts.important_data:
        why += "; the important data itself needs the security assessment (Art. 7)"
    return RouteVerdict("standard_contract", True, why, band[0].source, all(o.verified for o in band))


def _national(owed: Sequence[Obligation], on: dt.date) -> tuple[list[Obligation], bool]:
    """The national PI band obligations, and whether a PI line of the assessment is crossed too."""
    ids = {r.id for r in rules.thresholds(on).rules}
    pi = [o for o in owed if o.rule_id in ids and o.counter in PI_COUNTERS]
    return [o for o in pi if o.mechanism == BAND], any(o.mechanism == "security_assessment" for o in pi)


def _routes(
    files: Sequence[RegulationFile], counts: YearlyCounts, owed: Sequence[Obligation], on: dt.date
) -> tuple[RouteVerdict, ...]:
    """Standard contract vs certification, once a route text is in force and the counts sit in the
    band (not when a PI line of the assessment is crossed: then the assessment is owed for PI)."""
    certification = [(f, r) for f in files for r in f.routes if r.route == "certification"]
    band, assessed_pi = _national(owed, on)
    if not certification or not band or assessed_pi:
        return ()
    return (_standard_contract(band, counts), *(_certification(f, r, counts) for f, r in certification))


def _notes(files: Sequence[RegulationFile], owed: Sequence[Obligation], routes: bool) -> list[str]:
    mechanisms = {o.mechanism for o in owed}
    out = []
    for f in files:
        for n in f.mechanism_notes:
            if n.applies_to in mechanisms:
                mark = "" if n.verified else " (◐ unverified: article text cut in our copy)"
                out.append(f"{f.meta.id} Art. {n.article}{mark}: {n.summary['en']}")
        for p in f.prohibitions:
            if routes and p.applies_to in mechanisms:
                out.append(
                    f"{f.meta.id}: {p.summary['en']}; this cannot be observed in one processor's data "
                    f"({p.why_not_observable['en']})"
                )
    return out


def review(counts: YearlyCounts, owed: Sequence[Obligation], on: dt.date) -> Review:
    """Flags, open routes and notes from the national regulations in force on `on`."""
    files = regulations(on)
    if not files:
        return Review()
    routes = _routes(files, counts, owed, on)
    return Review(_flags(files, counts), routes, tuple(_notes(files, owed, bool(routes))))
