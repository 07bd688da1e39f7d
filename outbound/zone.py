"""A zone folder: one sub-folder per processor with its profile and its outbound exports.

    <zone>/<processor>/processor.yaml
    <zone>/<processor>/exports/<YYYY-MM-DD>/<file>              the export date is in the path
    <zone>/<processor>/exports/<YYYY-MM-DD>/_manifest.yaml      optional: {files: {<file>: {recipient: ...}}}

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

    @property
    def id(self) -> str:
        return self.profile.processor


@dataclass(frozen=True)
class PendingExport:
    processor: str
    path: str
    recipient: str | None

    def to_json(self) -> dict[str, Any]:
        return {"processor": self.processor, "path": self.path, "recipient": self.recipient}


def _yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ZoneLayoutError(f"{path}: not readable YAML ({exc}); fix or remove the file") from exc
    if not isinstance(data, dict):
        raise ZoneLayoutError(f"{path}: expected a mapping at top level")
    return data


def load_profile(folder: Path) -> ProcessorFile:
    return load_profile_file(folder / "processor.yaml")


def load_profile_file(path: Path) -> ProcessorFile:
    folder = path.parent
    data = _yaml(path)
    proc = data.get("processor") or {}
    recipients = data.get("recipients") or []
    profile = Profile(
        processor=str(proc.get("id") or folder.name),
        zone=proc.get("zone"),
        industry=proc.get("industry"),
        ciio=bool(proc.get("ciio", False)),
        declared_grounds=tuple((data.get("filing") or {}).get("exemption_grounds") or ()),
    )
    return ProcessorFile(profile, proc.get("name"), recipients[0].get("name") if recipients else None)


def profiles(zone: Path) -> list[ProcessorFile]:
    if not zone.is_dir():
        raise ZoneLayoutError(f"zone folder {zone} does not exist; generate one with `outbound demo`")
    return [load_profile(d) for d in sorted(zone.iterdir()) if (d / "processor.yaml").is_file()]


def pending_exports(zone: Path) -> list[PendingExport]:
    """Every export file of every processor, with its recipient (manifest, else the profile's first)."""
    found: list[PendingExport] = []
    for profile in profiles(zone):
        exports = zone / profile.id / "exports"
        if not exports.is_dir():
            continue
        manifests: dict[Path, dict[str, Any]] = {}
        for path in discover([exports]):
            if path.parent not in manifests:
                m = path.parent / "_manifest.yaml"
                manifests[path.parent] = (_yaml(m).get("files") or {}) if m.is_file() else {}
            entry = manifests[path.parent].get(path.name) or {}
            found.append(PendingExport(profile.id, str(path), entry.get("recipient") or profile.default_recipient))
    return found
