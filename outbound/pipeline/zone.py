"""A zone folder: one sub-folder per processor with its profile and its outbound exports.

    <zone>/<processor>/processor.yaml                            who the processor is, its recipients
    <zone>/<processor>/filing.yaml                               optional: its filing (备案), docs/filing.md
    <zone>/<processor>/exports/<YYYY-MM-DD>/<file>              the export date is in the path
    <zone>/<processor>/exports/<YYYY-MM-DD>/_manifest.yaml      optional: {files: {<file>: {recipient: ..., scenario: ...}}}

An export's recipient and business scenario come from its manifest entry, else from processor.yaml
(the first of `recipients`, and `processor.scenario`); the scenario feeds `persons --by scenario`.

What the processor declared lives in one place, its filing: the exemption grounds of the
assessment are the filing's scenarios' `exemption_ground`s. processor.yaml keeps what a filing
does not carry (a processor with no filing still has a zone, an industry and recipients).

The nightly DAG and `outbound demo` read this layout; `outbound scan` takes any files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from outbound.common.errors import Terminal
from outbound.common.records import Profile
from outbound.scanners import discover


class ZoneLayoutError(Terminal):
    pass


@dataclass(frozen=True)
class ProcessorFile:
    """A processor.yaml: the assessment's `Profile`, plus what only the zone layout needs."""

    profile: Profile
    name: str | None
    default_recipient: str | None
    folder: Path
    default_scenario: str | None = None
    problem: str | None = None  # why processor.yaml could not be used; the exports are still scanned

    @property
    def id(self) -> str:
        return self.profile.processor


@dataclass(frozen=True)
class PendingExport:
    processor: str
    path: str
    recipient: str | None
    scenario: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"processor": self.processor, "path": self.path, "recipient": self.recipient, "scenario": self.scenario}


def _yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ZoneLayoutError(f"{path}: not readable YAML ({exc}); fix or remove the file") from exc
    if not isinstance(data, dict):
        raise ZoneLayoutError(f"{path}: expected a mapping at top level")
    return data


def load_profile(folder: Path) -> ProcessorFile:
    """The folder's processor.yaml; a broken one falls back to the folder name, with the problem noted."""
    try:
        return load_profile_file(folder / "processor.yaml")
    except ZoneLayoutError as exc:
        return ProcessorFile(Profile(folder.name), None, None, folder, problem=str(exc))


def load_profile_file(path: Path) -> ProcessorFile:
    folder = path.parent
    data = _yaml(path)
    proc = data.get("processor") or {}
    recipients = data.get("recipients") or []
    if not isinstance(proc, dict) or not isinstance(recipients, list):
        raise ZoneLayoutError(f"{path}: 'processor' must be a mapping and 'recipients' a list")
    profile = Profile(
        processor=str(proc.get("id") or folder.name),
        zone=proc.get("zone"),
        industry=proc.get("industry"),
        ciio=bool(proc.get("ciio", False)),
        declared_grounds=filed_grounds(folder / "filing.yaml"),
    )
    if "filing" in data:
        raise ZoneLayoutError(f"{path}: a 'filing:' block is not read; declare exemption grounds in "
                              f"{folder / 'filing.yaml'} (scenarios[].exemption_ground) and remove the block")
    first = recipients[0] if recipients and isinstance(recipients[0], dict) else {}
    scenario = proc.get("scenario")
    return ProcessorFile(profile, proc.get("name"), first.get("name"), folder, None if scenario is None else str(scenario))


def filed_grounds(filing: Path) -> tuple[str, ...]:
    """The exemption grounds a filing declares (its scenarios' `exemption_ground`), in order, once."""
    if not filing.is_file():
        return ()
    scenarios = _yaml(filing).get("scenarios") or []
    grounds = (s.get("exemption_ground") for s in scenarios if isinstance(s, dict))
    return tuple(dict.fromkeys(str(g) for g in grounds if g))


def profiles(zone: Path) -> list[ProcessorFile]:
    if not zone.is_dir():
        raise ZoneLayoutError(f"zone folder {zone} does not exist; generate one with `outbound demo`")
    return [load_profile(d) for d in sorted(zone.iterdir()) if (d / "processor.yaml").is_file()]


def _manifest(folder: Path, problems: list[str]) -> dict[str, Any]:
    m = folder / "_manifest.yaml"
    if not m.is_file():
        return {}
    try:
        files = _yaml(m).get("files") or {}
    except ZoneLayoutError as exc:
        problems.append(f"{exc}; recipients of {folder} taken from processor.yaml")
        return {}
    return files if isinstance(files, dict) else {}


def pending_exports(zone: Path, problems: list[str] | None = None) -> list[PendingExport]:
    """Every export file of every processor, with its recipient and scenario (see the module docstring).

    A broken processor.yaml or manifest loses no export: its problem is appended to `problems`.
    """
    problems = [] if problems is None else problems
    found: list[PendingExport] = []
    for proc in profiles(zone):
        if proc.problem:
            problems.append(f"{proc.problem}; its exports are scanned as processor {proc.id!r}")
        exports = proc.folder / "exports"
        if not exports.is_dir():
            continue
        manifests: dict[Path, dict[str, Any]] = {}
        for path in discover([exports]):
            if path.parent not in manifests:
                manifests[path.parent] = _manifest(path.parent, problems)
            entry = manifests[path.parent].get(path.name) or {}
            entry = entry if isinstance(entry, dict) else {}
            recipient, scenario = entry.get("recipient"), entry.get("scenario")
            found.append(PendingExport(
                proc.id, str(path), recipient or proc.default_recipient,
                str(scenario) if scenario is not None else proc.default_scenario,
            ))  # fmt: skip
    return found
