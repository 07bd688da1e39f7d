"""What a recognizer's regexes can possibly match, read from the regexes themselves.

Measured need: running every recognizer's regex on every distinct value of every column costs
about 1 µs per (recognizer, value), 15-20 ms per 1,000-value column with a full recognizer set —
too slow for a file that must classify in a few milliseconds per column. Instead, each pattern is
parsed once (Python's own regex parser, `re._parser`) into necessary conditions: its shortest and
longest match, the fewest ASCII digits and the fewest non-ASCII characters any match holds, and
whether it can match a non-ASCII character at all. A value that violates them cannot match, so
the regex is not run. The conditions are derived, not hand-written, so a recognizer that changes
its patterns cannot fall out of step with its prefilter.

Deliberate simplification: `\\d` is read as ASCII 0-9 (full-width digits are not proposed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from outbound.classifiers.cells import Value

_P: Any = re._parser  # type: ignore[attr-defined]
_C: Any = re._constants  # type: ignore[attr-defined]
UNBOUNDED = 1 << 30
_DIGIT_RANGE = (48, 57)


@dataclass(frozen=True, slots=True)
class Profile:
    min_len: int
    max_len: int
    min_digits: int
    min_non_ascii: int
    any_non_ascii: bool  # some character of a match may be non-ASCII
    required: frozenset[str] = frozenset()  # characters every match holds, e.g. "@"

    def may_match_whole(self, v: Value) -> bool:
        """Could the whole of `v` be one match?"""
        return (
            self.min_len <= v.length <= self.max_len
            and v.digits >= self.min_digits
            and (self.any_non_ascii or v.ascii)
            and (not self.min_non_ascii or not v.ascii)
            and all(c in v.text for c in self.required)
        )

    def may_occur_in(self, v: Value) -> bool:
        """Could a match occur somewhere inside `v`?"""
        return (
            v.length >= self.min_len
            and v.digits >= self.min_digits
            and (not self.min_non_ascii or not v.ascii)
            and all(c in v.text for c in self.required)
        )

    def union(self, other: Profile) -> Profile:
        """Conditions that hold for a match of either pattern."""
        return Profile(
            min(self.min_len, other.min_len),
            max(self.max_len, other.max_len),
            min(self.min_digits, other.min_digits),
            min(self.min_non_ascii, other.min_non_ascii),
            self.any_non_ascii or other.any_non_ascii,
            self.required & other.required,
        )


def _class_items(av: list[tuple[Any, Any]]) -> tuple[bool, bool, bool]:
    """For an IN set: (only ASCII digits, only non-ASCII, may be non-ASCII)."""
    negate = any(op is _C.NEGATE for op, _ in av)
    only_digits, only_wide, any_wide = not negate, not negate, negate
    for op, arg in av:
        if op is _C.NEGATE:
            continue
        if op is _C.LITERAL:
            only_digits &= 48 <= arg <= 57
            only_wide &= arg > 127
            any_wide |= arg > 127
        elif op is _C.RANGE:
            only_digits &= _DIGIT_RANGE[0] <= arg[0] and arg[1] <= _DIGIT_RANGE[1]
            only_wide &= arg[0] > 127
            any_wide |= arg[1] > 127
        elif op is _C.CATEGORY:
            is_digit = arg is _C.CATEGORY_DIGIT
            only_digits &= is_digit
            only_wide = False
            any_wide |= not is_digit
        else:
            only_digits = only_wide = False
            any_wide = True
    return only_digits, only_wide, any_wide


def _counts(sub: Any) -> tuple[int, int, bool]:
    """(min ASCII digits, min non-ASCII chars, may hold non-ASCII) over a parsed sequence."""
    digits = wide = 0
    any_wide = False
    for op, av in sub:
        if op is _C.LITERAL:
            digits += 48 <= av <= 57
            wide += av > 127
            any_wide |= av > 127
        elif op is _C.NOT_LITERAL or op is _C.ANY:
            any_wide = True
        elif op is _C.IN:
            only_digits, only_wide, a = _class_items(av)
            digits, wide, any_wide = digits + int(only_digits), wide + int(only_wide), any_wide or a
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)):
            lo, _hi, inner = av
            d, w, a = _counts(inner)
            digits, wide, any_wide = digits + lo * d, wide + lo * w, any_wide or a
        elif op is _C.SUBPATTERN:
            d, w, a = _counts(av[-1])
            digits, wide, any_wide = digits + d, wide + w, any_wide or a
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            d, w, a = _counts(av)
            digits, wide, any_wide = digits + d, wide + w, any_wide or a
        elif op is _C.BRANCH:
            parts = [_counts(b) for b in av[1]]
            digits += min(p[0] for p in parts)
            wide += min(p[1] for p in parts)
            any_wide |= any(p[2] for p in parts)
        elif op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue
        else:  # GROUPREF and the like: assume the least
            any_wide = True
    return digits, wide, any_wide


def _required(sub: Any, ignore_case: bool) -> frozenset[str]:
    """Characters every match of a parsed sequence holds (letters only when case matters)."""
    found: set[str] = set()
    for op, av in sub:
        if op is _C.LITERAL:
            c = chr(av)
            if not (ignore_case and c.isalpha()):
                found.add(c)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)):
            if av[0] >= 1:
                found |= _required(av[2], ignore_case)
        elif op is _C.SUBPATTERN:
            found |= _required(av[-1], ignore_case)
        elif op is _C.BRANCH:
            parts = [_required(b, ignore_case) for b in av[1]]
            found |= frozenset.intersection(*parts) if parts else frozenset()
    return frozenset(found)


def profile(regex: str, flags: int = 0) -> Profile:
    """Necessary conditions on any match of `regex` (compiled with `flags`)."""
    parsed = _P.parse(regex, flags)
    lo, hi = parsed.getwidth()
    digits, wide, any_wide = _counts(parsed)
    required = _required(parsed, bool(flags & re.IGNORECASE))
    return Profile(lo, hi if hi < _C.MAXREPEAT else UNBOUNDED, digits, wide, any_wide, required)


def union(profiles: list[Profile]) -> Profile:
    if not profiles:
        return Profile(UNBOUNDED, 0, UNBOUNDED, UNBOUNDED, False)  # matches nothing
    first, *rest = profiles
    for p in rest:
        first = first.union(p)
    return first
