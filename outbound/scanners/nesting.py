"""Nested records as flat rows: the one shape JSON and Parquet records take for the classifier and
the full pass.

Nested objects become dotted columns ({"guest": {"id_no": ...}} is column "guest.id_no"). The
objects of an array are rows of their own: {"booking": "B1", "guests": [{"id_no": ...}, {...}]}
is read as the record's own row (booking) and one row per guest (column "guests[].id_no"), at any
depth ("flights[].pax[].id_no"). Identifiers on one row belong to one person, so two guests of a
booking must not share a row. An array of plain values stays one column holding its JSON text.
The full pass reads the same rows in DuckDB (`outbound.scanners.stream`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from outbound.common.naming import UNITS, unit_of
from outbound.scanners.base import cell_text

__all__ = ["UNITS", "Record", "flatten", "flatten_rows", "has_units", "unit_of"]

Record = dict[str, str | None]


def flatten(
    obj: dict[str, Any], prefix: str = "", out: Record | None = None, units: list[Record] | None = None,
    text: Callable[[object], str | None] = cell_text,
) -> Record:
    """{"a": {"b": 1}, "c": [1, 2]} -> {"a.b": "1", "c": "[1, 2]"}; every value text or None.

    The objects of an array ({"g": [{"id": 1}]}) become rows of their own, appended to `units`
    ({"g[].id": "1"}); without `units` they are dropped (see `flatten_rows`). The plain values of
    an array that also holds objects stay in the record as JSON text. `text` spells a plain value."""
    out = {} if out is None else out
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flatten(value, f"{name}.", out, units, text)
        elif isinstance(value, list) and any(isinstance(e, dict) for e in value):
            for element in value:
                if isinstance(element, dict) and units is not None:
                    row: Record = {}
                    units.append(row)  # before its own nested arrays' rows: document order
                    flatten(element, f"{name}{UNITS}.", row, units, text)
            plain = [e for e in value if not isinstance(e, dict)]
            if plain:
                out[name] = json.dumps(plain, ensure_ascii=False, default=str)
        elif isinstance(value, dict | list):
            out[name] = json.dumps(value, ensure_ascii=False, default=str) if value else None
        else:
            out[name] = text(value)
    return out


def flatten_rows(obj: dict[str, Any], text: Callable[[object], str | None] = cell_text) -> list[Record]:
    """A record's rows: its own (left out when empty and it has others), then one per object of
    each array of objects in it, at any depth (see the module docstring)."""
    units: list[Record] = []
    own = flatten(obj, units=units, text=text)
    return [own, *units] if own or not units else units


def has_units(names: Iterable[str]) -> bool:
    """Whether some of `names` are columns of an array's objects: rows are then not records."""
    return any(unit_of(n)[0] for n in names)
