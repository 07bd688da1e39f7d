"""A recognizer's patterns as the vote calls them: one joined regex for a whole value, and the
best score of a value only its shape supports. Both exactly what trying the patterns one by one
gives (`tests/classifiers/test_vector.py`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from outbound.classifiers.recognizers.base import Recognizer


@functools.cache
def shape_score(rec: Recognizer) -> Callable[[str], float]:
    """The best score among the patterns matching a text some pattern matches whole: the patterns
    tried best first, and none tried when they all score alike (measured: a column of dates, which
    the validator leaves to their shape, spent 2 µs a value trying all four patterns)."""
    ranked = sorted(rec.compiled, key=lambda pair: -pair[0].score)
    if len({p.score for p, _ in ranked}) == 1:
        only = ranked[0][0].score
        return lambda text: only
    return lambda text: next(p.score for p, regex in ranked if regex.fullmatch(text) is not None)


_NUMBERED_REFERENCE = re.compile(r"(?<!\\)((?:\\\\)*)\\([1-9][0-9]*)")  # \1 after an even run of backslashes


def _shifted(reference: re.Match[str], *, by: int) -> str:
    return f"{reference[1]}\\{int(reference[2]) + by}"


@functools.cache
def any_fullmatch(rec: Recognizer) -> Callable[[str], re.Match[str] | None]:
    """`fullmatch` of one regex that matches whole exactly what one of the recognizer's patterns
    does, `(?:p1)|(?:p2)|…`, each pattern's numbered back-references shifted past the groups of
    the patterns before it: one call a value instead of one per pattern (profiled: the loop over
    the rest of a column's values was a quarter of the vote's time on distinct-heavy samples).
    Where the joined regex does not compile (a group name used twice, a global flag), the patterns
    are tried one by one."""
    if len(rec.compiled) == 1:
        return rec.compiled[0][1].fullmatch
    parts, before = [], 0
    for pattern, compiled in rec.compiled:
        parts.append(_NUMBERED_REFERENCE.sub(functools.partial(_shifted, by=before), pattern.regex))
        before += compiled.groups
    try:
        return re.compile("|".join(f"(?:{x})" for x in parts), rec.FLAGS).fullmatch
    except re.error:
        return functools.partial(_first_fullmatch, rec.compiled)


def _first_fullmatch(compiled: tuple[tuple[object, re.Pattern[str]], ...], text: str) -> re.Match[str] | None:
    return next((found for _, regex in compiled if (found := regex.fullmatch(text)) is not None), None)
