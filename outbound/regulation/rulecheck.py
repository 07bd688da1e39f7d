"""Validate every file under rules/ at once and list each problem (for `outbound rules check`).

Beyond each file's schema: meta ids unique, and no two editions of one kind and scope in force on
the same day (their [effective_from, effective_to) ranges must not overlap).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from outbound.common.errors import RuleFileError
from outbound.regulation.rulebase import RuleFile


@dataclass(frozen=True, slots=True)
class Checked:
    kind: str
    path: Path
    file: RuleFile | None
    error: str | None


def _variant(f: RuleFile) -> str:
    """Lists of one zone may be negative and positive at once, and several national regulations
    (one `text` each) are in force at once; other kinds have one variant."""
    return str(getattr(f, "list_kind", "") or getattr(f, "text", ""))


def _overlap(a: RuleFile, b: RuleFile) -> bool:
    end_a = a.meta.effective_to or dt.date.max
    end_b = b.meta.effective_to or dt.date.max
    return a.meta.effective_from < end_b and b.meta.effective_from < end_a


def check_all(folder: Path | None = None, extra: Mapping[str, type[RuleFile]] | None = None) -> list[Checked]:
    """Every rule file of `rules.KINDS`, plus kinds whose model lives in a stage package (`extra`,
    e.g. the spot-check policy of outbound.expectations, which common must not import)."""
    from outbound.regulation import rules

    base = folder or rules.rules_dir()
    out: list[Checked] = []
    for kind, model in {**rules.KINDS, **(extra or {})}.items():
        paths = sorted((base / kind).glob("*.yaml"))
        if not paths:
            out.append(Checked(kind, base / kind, None, f"no {kind} rule files found"))
        for path in paths:
            try:
                out.append(Checked(kind, path, rules.load_file(path, model), None))
            except RuleFileError as exc:
                out.append(Checked(kind, path, None, str(exc)))
    loaded = [c for c in out if c.file is not None]
    seen: dict[str, Path] = {}
    for c in loaded:
        assert c.file is not None
        if c.file.meta.id in seen:
            out.append(Checked(c.kind, c.path, None, f"meta.id {c.file.meta.id} also used by {seen[c.file.meta.id]}"))
        seen.setdefault(c.file.meta.id, c.path)
    for i, a in enumerate(loaded):
        for b in loaded[i + 1 :]:
            fa, fb = a.file, b.file
            assert fa is not None and fb is not None
            same = a.kind == b.kind and fa.meta.scope == fb.meta.scope and _variant(fa) == _variant(fb)
            if same and _overlap(fa, fb):
                out.append(Checked(a.kind, b.path, None,
                                   f"{fa.meta.id} and {fb.meta.id} are both in force on some day "
                                   f"(scope {fa.meta.scope}); set effective_to on the older edition"))
    return out
