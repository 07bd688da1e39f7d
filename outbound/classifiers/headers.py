"""Column-name hints: normalise a header and look it up in rules/headers.

A hint never labels a column on its own; it only lowers the share of agreeing values the column
vote asks for (`min_share_with_header`) and lets shape-only values (a bare date, a single decimal
degree) count at all. Obfuscated headers (c01, col_7) hint nothing and are labelled from values.
"""

from __future__ import annotations

from dataclasses import dataclass

from outbound.common.naming import normalise_header
from outbound.regulation.rules import HeaderFile

_Entry = tuple[str, dict[str, str], tuple[tuple[str, str], ...]]  # entity, exact, contains (normalised -> as written)
_TABLES: dict[int, tuple[HeaderFile, tuple[_Entry, ...]]] = {}


@dataclass(frozen=True, slots=True)
class HeaderEvidence:
    header: str  # normalised
    hinted: tuple[str, ...]  # entities, in the order of the rules file
    refs: tuple[str, ...]  # which rule entry matched, e.g. "outbound-header-hints-2026#PERSON_NAME exact 'xm'"


def _table(rules: HeaderFile) -> tuple[_Entry, ...]:
    # Rule files are loaded once per process (rules.load_kind is cached), but pydantic models with
    # dict fields are not hashable, so the normalised tables are kept by object identity.
    cached = _TABLES.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    # Hint entries go through the same normalisation as headers, so "IP地址" matches "ip地址".
    table = tuple(
        (
            entity,
            {normalise_header(x): x for x in hint.exact},
            tuple((n, x) for x in hint.contains if (n := normalise_header(x))),
        )
        for entity, hint in rules.hints.items()
    )
    _TABLES[id(rules)] = (rules, table)
    return table


def header_evidence(header: object, rules: HeaderFile) -> HeaderEvidence:
    """What the header hints at, and which entry of which rules file says so."""
    name = normalise_header(header)
    hinted: list[str] = []
    refs: list[str] = []
    if name:
        for entity, exact, contains in _table(rules):
            if name in exact:
                hinted.append(entity)
                refs.append(f"{rules.meta.id}#{entity} exact {exact[name]!r}")
                continue
            part = next((written for n, written in contains if n in name), None)
            if part is not None:
                hinted.append(entity)
                refs.append(f"{rules.meta.id}#{entity} contains {part!r}")
    return HeaderEvidence(name, tuple(hinted), tuple(refs))


def hinted_entities(header: object, rules: HeaderFile) -> tuple[str, ...]:
    """Entities the header hints at, in the order of the rules file ("phone" hints several)."""
    return header_evidence(header, rules).hinted
