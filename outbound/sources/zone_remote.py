"""A zone folder on a bucket or an SFTP server: the nightly scan's three steps for a zone URL.

    OUTBOUND_ZONE=s3://zone-bucket/shanghai-ftz   (the DAG's `zone` param may be such a URL)

The layout is `zone.py`'s: `<processor>/processor.yaml`, `<processor>/exports/<date>/<file>`,
`_manifest.yaml` beside the files. Its YAML files (small) are copied into a temporary folder and
read by `zone.py` itself, so profiles, manifests and their problems mean exactly what they mean on
disk. Exports are listed with their size and mtime; an object whose size and mtime match a
fingerprint remembered at its last scan is known without fetching it (the local zone's
`file_fingerprints` cache, keyed by URL); others are fetched and scanned one at a time.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from outbound.common.records import FileOutcome
from outbound.sources.base import SourceError
from outbound.sources.remote import filesystem, hidden, info_mtime, mtime_ns, public_url, why

_YAML = ("processor.yaml", "_manifest.yaml")
_MAX_YAML = 1 << 20


@contextmanager
def _mirrored(url: str) -> Iterator[tuple[Path, dict[str, tuple[int, int]]]]:
    """(a local copy of the zone's YAML files, {relative key: (size, mtime ns)} of every other
    object): the copy is removed afterwards."""
    fs, root = filesystem(url)
    try:
        found: dict[str, Any] = fs.find(root, detail=True)
    except Exception as exc:  # noqa: BLE001 - any library's error: the zone cannot be listed
        raise SourceError(f"{public_url(url)}: cannot list the zone ({why(exc, url)}); check the URL and credentials") from exc
    mirror = Path(tempfile.mkdtemp(prefix="outbound-zone-"))
    objects: dict[str, tuple[int, int]] = {}
    try:
        for key, info in found.items():
            rel = key[len(root.rstrip("/")):].lstrip("/")
            if rel.rsplit("/", 1)[-1] in _YAML and int(info.get("size") or 0) <= _MAX_YAML:
                (mirror / rel).parent.mkdir(parents=True, exist_ok=True)
                (mirror / rel).write_bytes(fs.cat_file(key))
            elif info.get("type") != "directory":
                objects[rel] = (int(info.get("size") or 0), mtime_ns(info_mtime(info)))
        yield mirror, objects
    finally:
        shutil.rmtree(mirror, ignore_errors=True)


def _named(text: str, mirror: Path, url: str) -> str:
    return text.replace(str(mirror), public_url(url).rstrip("/"))


def pending(url: str, problems: list[str] | None = None) -> list[tuple[Any, tuple[int, int]]]:
    """Every export of the zone at `url` as a `zone.PendingExport` (path: its URL), with its
    (size, mtime ns); profile and manifest problems are appended to `problems`."""
    from outbound.pipeline.zone import PendingExport, _manifest, profiles
    from outbound.sources.scan import readable

    problems = [] if problems is None else problems
    base = public_url(url).rstrip("/")
    out: list[tuple[Any, tuple[int, int]]] = []
    with _mirrored(url) as (mirror, objects):
        found: list[str] = []
        for proc in profiles(mirror):
            if proc.problem:
                found.append(f"{proc.problem}; its exports are scanned as processor {proc.id!r}")
            prefix = f"{proc.folder.name}/exports/"
            for rel in sorted(k for k in objects if k.startswith(prefix)):
                inside = rel[len(prefix):]
                if hidden(inside) or not readable(inside.rsplit("/", 1)[-1]):
                    continue
                entry = _manifest((mirror / rel).parent, found).get(rel.rsplit("/", 1)[-1]) or {}
                entry = entry if isinstance(entry, dict) else {}
                scenario = entry.get("scenario")
                out.append((PendingExport(proc.id, f"{base}/{rel}", entry.get("recipient") or proc.default_recipient,
                                          str(scenario) if scenario is not None else proc.default_scenario),
                            objects[rel]))
        problems.extend(_named(p, mirror, url) for p in dict.fromkeys(found))
    return out


def processors(url: str) -> list[Any]:
    """The zone's processor profiles (`zone.Profile`, read from the mirrored YAML: their folders are
    gone afterwards); the nightly DAG scans them one task each."""
    from outbound.pipeline.zone import profiles

    with _mirrored(url) as (mirror, _):
        return profiles(mirror)


def register_zone(url: str, warehouse: Path) -> dict[str, list[str]]:
    """`flow.register_zone` for a zone URL: the processors' profiles, and their problems."""
    from outbound.pipeline import flow

    with _mirrored(url) as (mirror, _):
        registered = flow.register_zone(mirror, warehouse)
        registered["problems"] = [_named(p, mirror, url) for p in registered["problems"]]
    return registered


def new_exports(url: str, warehouse: Path) -> list[dict[str, object]]:
    """`flow.new_exports` for a zone URL: exports whose content is not recorded (or not known)."""
    from outbound.warehouse import open_warehouse

    listed = pending(url)
    fresh: list[dict[str, object]] = []
    wh = open_warehouse(warehouse)
    try:
        for export, (size, stamp) in listed:
            sha = wh.known_fingerprint(export.path, size, stamp) if stamp else None
            if sha is None or not (wh.has_export(export.processor, sha) or wh.was_deleted(export.processor, sha)):
                fresh.append(export.to_json())
    finally:
        wh.close()
    return fresh


def scan_export(export: dict[str, Any], warehouse: Path) -> FileOutcome:
    """`flow.scan_file` for one listed URL; an archive's entries are summed up in one outcome
    (its first failure, else its first outcome), as the nightly run reports one per listing."""
    from outbound.sources.scan import Options, scan_targets

    outcomes = scan_targets([str(export["path"])], Options(
        str(export["processor"]), warehouse, recipient=export.get("recipient"), scenario=export.get("scenario"),
        skip_deleted=True))
    failed = [o for o in outcomes if o.status == "failed"]
    return (failed or outcomes or [FileOutcome(str(export["path"]), "failed", error="no export found there")])[0]
