"""Which files a spot check reads, and what the export layout says about each (recipient,
country, scenario tag): the zone layout's `_manifest.yaml`, the --recipient option, or the
warehouse's record of the export. Part of the spot check (outbound/spot_check.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from outbound.common.errors import Terminal
from outbound.expectations.observed import UNKNOWN


class SpotCheckError(Terminal):
    pass


@dataclass(frozen=True)
class Planned:
    path: Path
    shown: str  # the path as reports show it
    recipient: str
    country: str
    scenario: str | None  # the export's own scenario tag, if it states one


def _manifest_entry(path: Path) -> dict[str, Any]:
    """The zone layout's `_manifest.yaml` beside an export: {files: {name: {recipient, country, scenario}}}."""
    manifest = path.parent / "_manifest.yaml"
    if not manifest.is_file():
        return {}
    try:
        files = (yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}).get("files") or {}
    except (OSError, yaml.YAMLError, AttributeError):
        return {}
    entry = files.get(path.name) if isinstance(files, dict) else None
    return entry if isinstance(entry, dict) else {}


def _planned(path: Path, shown: str, recipient: str | None) -> Planned:
    entry = _manifest_entry(path)
    return Planned(path, shown, recipient or entry.get("recipient") or UNKNOWN, entry.get("country") or UNKNOWN,
                   entry.get("scenario"))


def plan_samples(paths: tuple[Path, ...], recipient: str | None) -> list[Planned]:
    from outbound.scanners import discover

    found = discover(list(paths))
    if not found:
        raise SpotCheckError(f"no export files under {', '.join(map(str, paths))}; pass files or folders")
    roots = [p if p.is_dir() else p.parent for p in paths]

    def shown(p: Path) -> str:
        for root in roots:
            if p.is_relative_to(root):
                return p.relative_to(root.parent).as_posix()
        return p.name

    return [_planned(p, shown(p), recipient) for p in found]


def plan_warehouse(warehouse: Path, processor: str, year: int) -> tuple[list[Planned], int]:
    """The export files the warehouse recorded for the processor and year, and their row total."""
    from outbound.warehouse import open_warehouse

    wh = open_warehouse(warehouse, read_only=True)
    try:
        rows = [r for r in wh.exports(processor) if r[1].year == year]
    finally:
        wh.close()
    if not rows:
        raise SpotCheckError(f"the warehouse {warehouse} has no exports of {processor!r} in {year}; "
                             "scan them first or pass --sample")
    planned = []
    for _sha, _on, recipient, scenario, _fmt, _rows, path in rows:
        p = _planned(Path(path), Path(path).name, recipient or None)
        planned.append(Planned(p.path, p.shown, p.recipient, p.country, scenario or p.scenario))
    return planned, sum(int(r[5]) for r in rows)
