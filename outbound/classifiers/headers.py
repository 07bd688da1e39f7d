"""Column-name hints: normalise a header and look it up in rules/headers.

A hint never labels a column on its own; it only lowers the share of agreeing values the column
vote asks for (`min_share_with_header`) and lets shape-only entities be considered at all.
"""

from __future__ import annotations

from outbound.common.naming import normalise_header
from outbound.common.rules import HeaderFile

_Table = tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]
# Rule files are loaded once per process (rules.load_kind is cached) but pydantic models with
# dict fields are not hashable, so the normalised tables are kept by object identity.
_TABLES: dict[int, tuple[HeaderFile, _Table]] = {}


def _table(rules: HeaderFile) -> _Table:
    cached = _TABLES.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    # Hint entries go through the same normalisation as headers, so "IP地址" matches "ip地址".
    table = tuple(
        (
            entity,
            frozenset(normalise_header(x) for x in hint.exact),
            tuple(n for n in (normalise_header(x) for x in hint.contains) if n),
        )
        for entity, hint in rules.hints.items()
    )
    _TABLES[id(rules)] = (rules, table)
    return table


def hinted_entities(header: object, rules: HeaderFile) -> tuple[str, ...]:
    """Entities the header hints at, in the order of the rules file ("phone" hints several)."""
    name = normalise_header(header)
    if not name:
        return ()
    return tuple(
        entity
        for entity, exact, contains in _table(rules)
        if name in exact or any(part in name for part in contains)
    )
