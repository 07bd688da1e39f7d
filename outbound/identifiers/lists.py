"""Cells that list several identifiers ("13812345678;13987654321", a JSON array): each part is a
value of its own when every part is an identifier."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from outbound.identifiers.placeholders import is_placeholder
from outbound.identifiers.shapes import linkable
from outbound.identifiers.spelling import normalise

# Between identifiers listed in one cell ("13812345678;13987654321", "a@x.cn, b@y.cn", "138…、139…"):
# a cell that is no identifier as a whole, but whose parts all are, carries each of them.
# Punctuation first, then white space too: "+86 13812345678；13987654321" is two mobiles, the first
# written with a space. An array of plain values is a list too, as JSON ('["138…", "139…"]') or as
# DuckDB prints a Parquet list ("[138…, 139…]"), even of one value.
LIST_PUNCTUATION = ";,|/\u3001\uff0c\uff1b\uff0f"  # ; , | / 、 and the full-width ， ； ／
_LIST_SEPARATORS = (re.compile(f"[{LIST_PUNCTUATION}]+"), re.compile(f"[{LIST_PUNCTUATION}\\s]+"))


def list_parts(value: str) -> list[list[str]]:
    """The ways a cell may list values, most likely first: an array's elements, or its parts
    between separators; empty when it lists nothing."""
    text = value.strip()
    if len(text) >= 2 and text[0] == "[" and text[-1] == "]":
        try:
            items = json.loads(text)
        except ValueError:  # DuckDB's list text: [a, b, NULL] without quotes
            items = [p.strip().strip("'\"") for p in text[1:-1].split(",")]
        if not isinstance(items, list) or any(isinstance(e, dict | list | float) for e in items):
            return []
        elements = [str(e).strip() for e in items if e is not None and str(e).strip()]
        elements = [e for e in elements if not is_placeholder(e)]
        return [elements] if elements else []
    ways = []
    for separators in _LIST_SEPARATORS:
        parts = [p.strip() for p in separators.split(text) if p.strip()]
        parts = [p for p in parts if not is_placeholder(p)]
        if parts and parts != [text] and parts not in ways:  # "13812345678;" lists one value
            ways.append(parts)
    return ways


def split_identifiers(entity: str, value: str) -> list[str] | None:
    """The distinct normalised identifiers of a cell listing them, each `linkable`; None when the
    cell is not such a list (a single value, or a part that is no identifier: "138 1234 5678" is
    one mobile written with spaces, which `normalise` makes whole)."""
    found = split_mixed(value, (entity,))
    return None if found is None else [v for _, v in found]


def split_mixed(value: str, entities: Sequence[str]) -> list[tuple[str, str]] | None:
    """(entity, normalised identifier) of each part of a cell listing identifiers, each the first
    of `entities` it is `linkable` as; None unless every part is one of them."""
    for parts in list_parts(value):
        found: dict[tuple[str, str], None] = {}
        for part in parts:
            match = next(((e, v) for e in entities if linkable(e, v := normalise(e, part))), None)
            if match is None:
                break
            found[match] = None
        else:
            return list(found)
    return None
