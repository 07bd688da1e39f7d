"""Check a filing against rules/: entity names, categories, list references, exemption grounds.

The schema (filing.py) catches what is wrong in the file itself; this catches what is wrong
against the regulation data: an unknown entity is an error, a field filed as less sensitive than
the rules make its entity is a warning (the agency decides), a reference to a list entry the rules
do not hold is an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from outbound.expectations.filing import CATEGORY_RANK, Filing
from outbound.regulation import rules
from outbound.regulation.lists import ListFile
from outbound.regulation.regulations import declarable_grounds


@dataclass(frozen=True)
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_filing(filing: Filing, on: dt.date | None = None) -> Report:
    """Problems of `filing` against the rule editions in force on `on` (default: its filing date)."""
    report = Report()
    _entities(filing, on or filing.filed_on, report)
    _scenarios(filing, report)
    return report


def _entities(filing: Filing, on: dt.date, report: Report) -> None:
    table = rules.entities(on)
    for i, d in enumerate(filing.datasets):
        for j, f in enumerate(d.fields):
            ref = f"datasets[{i}].fields[{j}]"
            for k, entity in enumerate(f.entities):
                spec = table.entities.get(entity)
                if spec is None:
                    report.errors.append(f"{ref}.entities[{k}]: unknown entity {entity!r}; known: "
                                         f"{', '.join(sorted(table.entities))} ({table.meta.id})")
                    continue
                ruled = spec.category
                if ruled and CATEGORY_RANK[str(ruled)] > CATEGORY_RANK[f.category]:
                    report.warnings.append(f"{ref}.category: filed {f.category} but {entity} is {ruled} under "
                                           f"{table.meta.id}; the spot check will flag it")
            if f.masked and not f.entities:
                report.warnings.append(f"{ref}.masked: no entity given, so only the classifier can tell "
                                       "whether values are in clear")


def _scenarios(filing: Filing, report: Report) -> None:
    lists = {f.meta.id: f for f in rules.load_kind("lists") if isinstance(f, ListFile)}
    grounds = {g.id for _, g in declarable_grounds(filing.filed_on)}  # Order 16's and later texts' (legal_duty)
    for i, s in enumerate(filing.scenarios):
        ref = f"scenarios[{i}]"
        if s.exemption_ground and s.exemption_ground not in grounds:
            report.errors.append(f"{ref}.exemption_ground: unknown ground {s.exemption_ground!r}; known: "
                                 f"{', '.join(sorted(grounds))}")
        if s.uses_list is None:
            continue
        lst = lists.get(s.uses_list.list_id)
        if lst is None:
            report.errors.append(f"{ref}.uses_list.list_id: no list {s.uses_list.list_id!r} in rules/lists; "
                                 "see `outbound rules list`")
            continue
        zone = filing.processor.zone
        if zone and zone not in lst.applies_in:
            report.warnings.append(f"{ref}.uses_list.list_id: {lst.meta.id} applies in "
                                   f"{', '.join(lst.applies_in)}, not in {zone}")
        scenario_ids = {sc.id for d in lst.domains for sc in d.scenarios} | {
            sc.id for sc in lst.scenarios_without_domain}
        if s.uses_list.scenario and s.uses_list.scenario not in scenario_ids:
            report.errors.append(f"{ref}.uses_list.scenario: {s.uses_list.scenario!r} is not a scenario of "
                                 f"{lst.meta.id}")
        entries = {e.id for _, _, _, e in lst.walk()}
        for k, sub in enumerate(s.uses_list.subcategories):
            if sub not in entries:
                report.errors.append(f"{ref}.uses_list.subcategories[{k}]: {sub!r} is not an entry of "
                                     f"{lst.meta.id}" + ("" if lst.complete else
                                                         " (its content is NOT FOUND or unverified)"))
        if not lst.complete:
            report.warnings.append(f"{ref}.uses_list: {lst.meta.id} is not complete in rules/lists, so list "
                                   "subcategories cannot be checked against it")
