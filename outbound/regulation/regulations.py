"""Loaders for rules/regulations/ (national texts beside the thresholds) and the declarable
exemption grounds of every text in force: Order 16's seven plus those later texts add
(`legal_duty`, Network Data Regulations Art. 35)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from outbound.common.errors import RuleFileError
from outbound.regulation import rules
from outbound.regulation.rule_facts import ExemptionGround
from outbound.regulation.rule_national import RegulationFile
from outbound.regulation.rulebase import RuleFile


def regulations(on: dt.date, folder: Path | None = None) -> tuple[RegulationFile, ...]:
    """Every national regulation file in force on `on`, in file order (one edition per text)."""
    found = [f for f in rules.load_kind("regulations", folder) if isinstance(f, RegulationFile)]
    return tuple(f for f in found if f.meta.scope == "national" and f.meta.in_force(on))


def declarable_grounds(on: dt.date) -> tuple[tuple[RuleFile, ExemptionGround], ...]:
    """(file, ground) for every exemption ground in force on `on`; none before Order 16."""
    out: list[tuple[RuleFile, ExemptionGround]] = []
    if any(f.meta.scope == "national" and f.meta.in_force(on) for f in rules.load_kind("exemptions")):
        order16 = rules.exemptions(on)
        out += [(order16, g) for g in order16.grounds]
    out += [(f, g) for f in regulations(on) for g in f.grounds]
    return tuple(out)


def find_ground(ground_id: str, on: dt.date) -> tuple[RuleFile, ExemptionGround]:
    """The ground and the file that holds it; an unknown id names the known ones."""
    grounds = declarable_grounds(on)
    for file, g in grounds:
        if g.id == ground_id:
            return file, g
    known = ", ".join(g.id for _, g in grounds) or "none"
    raise RuleFileError(
        "exemptions/ + regulations/",
        f"no exemption ground {ground_id!r} in force on {on.isoformat()}; known: {known}",
    )
