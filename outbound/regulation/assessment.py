"""What a processor owes for a year: national thresholds, important data, declared exemption
grounds and its zone's list, each obligation with the rule, article and distance to the next line.

Pure: (profile, counts, the year's labelled columns, date) → Assessment. Every number comes from
rules/; this module only decides which rule applies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from outbound.common.records import ColumnLabel, Obligation, Profile, YearlyCounts
from outbound.regulation import rules
from outbound.regulation.national import review
from outbound.regulation.obligations import SEVERITY, approaching, obligations_for
from outbound.regulation.regulations import find_ground

if TYPE_CHECKING:
    from outbound.regulation.lists import ListFile, ListMatch

PI_RULE_COUNTERS = ("pi_non_sensitive_persons", "spi_persons")


@dataclass(frozen=True)
class Assessment:
    counts: YearlyCounts
    profile: Profile
    on: dt.date
    obligations: tuple[Obligation, ...]
    approaching: tuple[Obligation, ...] = ()  # national lines not yet crossed but close (alert policy)
    notes: tuple[str, ...] = ()
    list_matches: tuple[dict[str, Any], ...] = field(default=())
    flags: tuple[dict[str, Any], ...] = ()  # lines on persons handled, bounded by persons exported
    routes: tuple[dict[str, Any], ...] = ()  # standard contract vs certification, for a year in the band

    def to_json(self) -> dict[str, Any]:
        # flags and routes only when a later national text applies: older output stays as it was
        extra = {k: list(v) for k, v in (("flags", self.flags), ("routes", self.routes)) if v}
        return {
            "processor": self.profile.processor,
            "year": self.counts.year,
            "as_of": self.on.isoformat(),
            "zone": self.profile.zone,
            "ciio": self.profile.ciio,
            "persons": self.counts.persons,
            "sensitive_persons": self.counts.sensitive_persons,
            "pi_non_sensitive_persons": self.counts.non_sensitive_persons,
            "important_data": self.counts.important_data,
            "obligations": [dataclasses.asdict(o) for o in self.obligations],
            "approaching": [dataclasses.asdict(o) for o in self.approaching],
            "notes": list(self.notes),
            "list_matches": list(self.list_matches),
            **extra,
        }


def _exempt(ground_id: str, on: dt.date, replaced: Sequence[Obligation]) -> Obligation:
    file, g = find_ground(ground_id, on)  # Order 16's grounds, or a later text's (legal_duty)
    was = ", ".join(sorted({o.rule_id for o in replaced})) or "none"
    return Obligation(
        rule_id=f"exempt-{ground_id}",
        mechanism="exempt",
        counter="declared" if g.decided_by == "declared" else "list",
        measured=0,
        threshold=None,
        source=f"{file.meta.id} Art. {g.article}",
        summary=f"exempt: {g.title['en']} (otherwise: {was})",
        summary_zh=f"免予申报：{g.title['zh']}",
        document=f"{file.meta.title['zh']}",
        source_url=file.meta.source_url,
        verified=g.verified,
    )


def _important_by_volume(profile: Profile, counts: YearlyCounts, on: dt.date, notes: list[str]) -> list[Obligation]:
    """Zone rules (Beijing) that make PI important data by volume alone: 'more than' is exclusive."""
    if not profile.zone:
        return []
    file = rules.important_data_rules(profile.zone, on)
    if file is None:
        return []
    facts = {
        "pi_non_sensitive_persons": counts.non_sensitive_persons,
        "spi_persons": counts.sensitive_persons,
        "pi_persons": counts.persons,
    }
    found = []
    for r in file.rules:
        if any(bool(getattr(profile, key, False)) != want for key, want in r.requires.items()):
            continue
        measured = facts.get(r.counter)
        if measured is None:
            notes.append(f"{file.meta.id}#{r.id}: counts per entity are not measured yet; rule not evaluated")
            continue
        if not r.holds_for(measured):
            continue
        found.append(
            Obligation(
                rule_id=r.id,
                mechanism="security_assessment",
                counter=r.counter,
                measured=measured,
                threshold=r.more_than,
                source=f"{file.meta.id} {', '.join(file.meta.articles)}",
                summary=f"important data by volume: {r.summary['en']}: {measured:,} > {r.more_than:,}",
                summary_zh=f"按规模认定为重要数据：{r.summary['zh']}",
                document=file.meta.title["zh"],
                source_url=file.meta.source_url,
                verified=r.verified,
                severity=SEVERITY["security_assessment"],
            )
        )
    if found:
        notes.append(f"{file.meta.id}: volumes compared are persons exported; the rule may mean persons held "
                     f"(volume_basis: {file.volume_basis})")
    return found


def _covers(lst: ListFile, industry: str | None) -> bool:
    """Does the list cover the processor's industry? A domain name and the industry contain one another."""
    if not industry:
        return True  # unknown industry: the list is checked; the note says the industry was not given
    needle = industry.strip().lower().removesuffix("行业").removesuffix("业")
    for d in lst.domains:
        for name in (d.name.zh, d.name.en):
            if name and (needle in name.lower() or name.lower() in needle):
                return True
    return False


def _list_obligations(lst: ListFile, match: ListMatch, counts: YearlyCounts) -> list[Obligation]:
    """One obligation per list entry a column falls inside, when its volume level (if any) is reached."""
    facts = {"pi_non_sensitive_persons": counts.non_sensitive_persons, "spi_persons": counts.sensitive_persons}
    found: dict[str, Obligation] = {}
    for col in match.columns:
        if col.verdict != "inside":
            continue
        for hit in col.hits:
            if not hit.mechanism or hit.mechanism == "free_flow" or not hit.verified:
                continue
            measured = facts.get(hit.counter or "", 0)
            if hit.counter and not ((hit.at_least is None or measured >= hit.at_least)
                                    and (hit.below is None or measured < hit.below)):
                continue
            where = " / ".join(x for x in (hit.domain, hit.scenario, hit.entry) if x)
            found.setdefault(hit.entry, Obligation(
                rule_id=f"{lst.meta.id}#{hit.entry}",
                mechanism=hit.mechanism,
                counter=hit.counter or "list_item",
                measured=measured,
                threshold=hit.at_least,
                source=f"{lst.meta.id} {where}",
                summary=f"column {col.column!r} is list data ({where}, item {hit.item})",
                summary_zh=f"出境数据属于负面清单：{where}",
                document=str(lst.meta.title.get("zh") or lst.meta.id),
                source_url=lst.meta.source_url,
                verified=hit.verified and lst.meta.verified,
                severity=SEVERITY[hit.mechanism],
                next_line=hit.below,
            ))
    return list(found.values())


def assess(profile: Profile, counts: YearlyCounts, labels: Sequence[ColumnLabel], on: dt.date) -> Assessment:
    """Every obligation that applies, most severe first, with notes on what could not be decided."""
    from outbound.regulation.lists import lists_for_zone, match_columns

    notes: list[str] = []
    counts = dataclasses.replace(counts, ciio=profile.ciio)
    by_volume = _important_by_volume(profile, counts, on, notes)
    if by_volume:
        counts = dataclasses.replace(counts, important_data=True)
    owed = list(obligations_for(counts, rules.thresholds(on))) + by_volume
    pi_rules = [o for o in owed if o.counter in PI_RULE_COUNTERS and o.mechanism != "exempt"]

    # Declared grounds (contract necessity, HR, emergency …) cover PI only, never important data
    # (Shanghai Q&A: exemptions 3–6 exclude PI designated as important data), never a CIIO's duty.
    declared = [g for g in profile.declared_grounds if g != "small_volume_non_ciio"]
    if declared and pi_rules and not counts.important_data:
        owed = [o for o in owed if o not in pi_rules] + [_exempt(declared[0], on, pi_rules)]
        notes.append(f"exemption ground {declared[0]} is declared by the processor, not measured; "
                     "it must hold for every scenario whose PI is counted")
    elif declared and counts.important_data:
        notes.append("declared exemption grounds do not cover important data (exemptions 3–6)")

    matches: list[dict[str, Any]] = []
    if profile.zone and not profile.ciio:
        negative = [lst for lst in lists_for_zone(profile.zone, on) if lst.list_kind == "negative"]
        if not negative:
            notes.append(f"no negative list in force for zone {profile.zone} on {on}: national rules apply")
        for lst in negative:
            match = match_columns(lst, labels)
            matches.append(match.to_json())
            verdicts = {c.verdict for c in match.columns}
            if not lst.complete or "unknown" in verdicts:
                notes.append(f"{lst.meta.id}: list content not verified here; national rules apply until it is filled")
                continue
            if not profile.industry:
                notes.append(f"industry not given: assumed covered by {lst.meta.id}")
            elif not _covers(lst, profile.industry):
                notes.append(f"{lst.meta.id} does not cover industry {profile.industry!r}: national rules apply")
                continue
            # A complete list covering the sector replaces the national PI lines (Art. 6): list data
            # needs the entry's mechanism at its volume level; everything else is exempt.
            pi_now = [o for o in owed if o.counter in PI_RULE_COUNTERS and o.mechanism != "exempt"]
            national_exempt = [o for o in owed if o.counter in PI_RULE_COUNTERS and o.mechanism == "exempt"]
            from_list = _list_obligations(lst, match, counts)
            owed = [o for o in owed if o not in pi_now and o not in national_exempt]
            owed += from_list or [_exempt("outside_ftz_negative_list", on, pi_now)]
    elif profile.zone and profile.ciio:
        notes.append("a CIIO never uses an FTZ list: national rules apply")

    owed = sorted(owed, key=lambda o: -o.severity)
    # the national lines are ahead only while no declared ground or list has replaced them
    national = not any(o.mechanism == "exempt" and o.counter in ("declared", "list") for o in owed)
    th = rules.thresholds(on)
    near = approaching(counts, th, rules.alert_policy(on).approaching_share) if national else ()
    later = review(counts, owed, on)
    return Assessment(counts, profile, on, tuple(owed), near, (*notes, *later.notes), tuple(matches),
                      tuple(f.to_json() for f in later.flags), tuple(r.to_json() for r in later.routes))
