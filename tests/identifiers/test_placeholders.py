"""Placeholders ("nothing here" cells): the quick first-character test never turns one away."""

from __future__ import annotations

from outbound.identifiers.placeholders import (
    NULL_TOKENS,
    PLACEHOLDER_FIRST,
    PLACEHOLDER_WRAPPING,
    is_placeholder,
)


def test_when_a_character_lower_cases_to_a_placeholders_first_then_it_is_a_placeholder_first() -> None:
    firsts = {t[0] for t in NULL_TOKENS} | set(PLACEHOLDER_WRAPPING)
    missing = [hex(c) for c in range(0x10000) if chr(c).lower()[:1] in firsts and chr(c) not in PLACEHOLDER_FIRST]
    assert not missing


def test_when_a_cell_is_a_placeholder_in_any_case_or_wrapping_then_its_first_character_is_known() -> None:
    cells = [w + t + e for t in NULL_TOKENS for t in (t, t.upper(), t.title()) for w, e in (("", ""), ("（", "）"), ("", "。"))]
    assert all(c[0] in PLACEHOLDER_FIRST for c in cells if is_placeholder(c))
    assert sum(map(is_placeholder, cells)) >= len(NULL_TOKENS) * 3
    assert "1" not in PLACEHOLDER_FIRST and "张" not in PLACEHOLDER_FIRST
