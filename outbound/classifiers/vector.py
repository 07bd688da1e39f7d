"""Each recognizer's patterns run once over a whole sampled column in native code (RE2).

Measured need (issue 21): on distinct-heavy samples the vote spent most of its time in
`matching._run`, a Python loop that tried every recognizer's regexes on every distinct value.
Here each recognizer's patterns become one RE2 expression, `\\A(?:p1|p2|…)\\z`, and all of them
one `re2.Set` (google-re2), compiled once per process: one call per distinct value tells which
recognizers' expressions match it whole (`match_whole`). The vote asks it of the values it scouts
with (`matching.whole_passes`): only the recognizers matching there meet them on the Python loop
(the regex again, then the validator: checksums, dates, phonenumbers), and only those that
validate one meet the rest of the column. Labels and thresholds do not change, because each RE2
expression is a *superset* of the Python one — it may propose more, never less:

- lookarounds (`(?<![0-9])`, `(?=…)`, `(?!…)`) are dropped, `\\b` and `\\B` too (fewer conditions);
- a back-reference (`\\1`, `(?P=sep)`) becomes `.*?` (anything may be repeated);
- Python's Unicode `\\d`, `\\w`, `\\s` become RE2's `\\p{Nd}`, `[\\p{L}\\p{N}_]`, `[\\s\\p{Z}…]`
  (RE2's own are ASCII only), and `{,n}` becomes `{0,n}`.

A pattern RE2 still refuses leaves its recognizer on the Python path (`expression` is None).
Inside free text (`searched`), Arrow's RE2 kernel runs each expression over a column's texts.
`tests/classifiers/test_vector.py` pins the superset on every pattern with generated values.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from outbound.classifiers.cells import ColumnValues

_LOOKAROUND = ("(?<!", "(?<=", "(?=", "(?!")
_ESCAPES_OUT = {"d": r"\p{Nd}", "w": r"[\p{L}\p{N}_]", "s": r"[\s\p{Z}\x1c-\x1f\x85]", "b": "", "B": ""}
_ESCAPES_IN = {"d": r"\p{Nd}", "w": r"\p{L}\p{N}_", "s": r"\s\p{Z}\x1c-\x1f\x85"}
_NAMED_BACKREF = re.compile(r"\(\?P=[A-Za-z_][A-Za-z0-9_]*\)")
_BACKREF = re.compile(r"\\[1-9]")


def _close(regex: str, start: int) -> int:
    """Index just past the group opening at `start` (escapes and character classes respected)."""
    depth, i, in_class = 0, start, False
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]" or regex[i - 1] == "["
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group at {start} in {regex!r}")


def superset(regex: str) -> str:
    """An RE2 expression matching everything `regex` (Python `re`) matches, perhaps more."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(regex):
        if not in_class and regex.startswith(_LOOKAROUND, i):
            i = _close(regex, i)
            continue
        c = regex[i]
        if c == "\\" and i + 1 < len(regex):
            nxt = regex[i + 1]
            table = _ESCAPES_IN if in_class else _ESCAPES_OUT
            if nxt in table:
                out.append(table[nxt])
            elif not in_class and nxt in "123456789":
                out.append("(?:.*?)")
            else:
                out.append(regex[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = not (c == "]" and out and out[-1] not in ("[", "[^"))
        elif c == "[":
            in_class = True
            if regex.startswith("[^", i):
                out.append("[^")
                i += 2
                continue
        elif regex.startswith("(?P=", i):
            i = regex.index(")", i) + 1
            out.append("(?:.*?)")
            continue
        elif regex.startswith("{,", i):
            out.append("{0,")
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _flags(flags: int) -> str:
    letters = ("i" if flags & re.IGNORECASE else "") + ("s" if flags & re.DOTALL else "") + ("m" if flags & re.MULTILINE else "")
    return f"(?{letters})" if letters else ""


@functools.cache
def _accepted(expression: str) -> bool:
    """RE2 takes `expression`, both as Arrow's kernel (free text) and as google-re2 (whole values)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import re2

    try:
        pc.match_substring_regex(pa.array(["x"], pa.string()), pattern=expression)
        re2.compile(expression)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, re2.error):
        return False
    return True


# Inside free text, Arrow's kernel compiles the expression on every call (once per free-text
# column): measured 0.02-0.3 ms for most expressions, 0.6-2 ms for those with thousands of
# characters (address, coordinates) or a case-folded range of Han characters (health terms). The
# costly ones stay on the Python path there, where their derived prefilters are cheaper.
MAX_EXPRESSION = 1000
_HAN_RANGE = re.compile("[\u3400-\u9fff]-[\u3400-\u9fff]")


def _affordable(text: str, flags: int) -> bool:
    """Cheap enough to compile once per free-text column."""
    return len(text) <= MAX_EXPRESSION and not (flags & re.IGNORECASE and _HAN_RANGE.search(text))


def inner_expression(regexes: Sequence[str], flags: int) -> str | None:
    """One RE2 expression for a match anywhere inside a text, or None (as `expression`)."""
    try:
        text = _flags(flags) + "(?:" + "|".join(f"(?:{superset(r)})" for r in regexes) + ")"
    except ValueError:
        return None
    return text if _affordable(text, flags) and _accepted(text) else None


def searched(texts: Sequence[str], expressions: Mapping[str, str]) -> dict[str, frozenset[int]] | None:
    """entity -> indices of `texts` in which its expression finds a match (one native call each)."""
    import pyarrow.compute as pc

    array = _array(list(texts))
    if array is None:
        return None
    return {e: frozenset(pc.indices_nonzero(pc.match_substring_regex(array, pattern=x)).to_pylist())
            for e, x in expressions.items()}


def expression(regexes: Sequence[str], flags: int) -> str | None:
    """One RE2 expression for a whole cell matching any of `regexes`, or None when RE2 refuses one."""
    try:
        parts = [superset(r) for r in regexes]
    except ValueError:
        return None
    # \A and \z anchor the whole value even with (?m), which keeps ^ and $ inside a pattern
    # meaning line boundaries, as in Python: a superset of its string boundaries under fullmatch
    text = rf"{_flags(flags)}\A(?:{'|'.join(f'(?:{p})' for p in parts)})\z"
    return text if _accepted(text) else None


def _array(texts: list[str]) -> Any | None:
    import pyarrow as pa

    try:
        return pa.array(texts, pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):  # a lone surrogate
        return None


# The memory budget of the set of all whole-value expressions (RE2's default is 8 MiB). A DFA
# that runs out of it makes RE2::Set report no match at all, and google-re2 does not say so: the
# budget is a generous bound, not an allocation, and test_vector.py checks the set's answers
# against each expression run alone.
SET_MEMORY = 256 << 20


@functools.cache
def _whole_set(expressions: tuple[tuple[str, str], ...]) -> Any:
    """`expressions` (entity, RE2 expression) as one compiled `re2.Set` (its `Match` returns indices)."""
    import re2

    options = re2.Options()
    options.max_mem = SET_MEMORY
    compiled = re2.Set.SearchSet(options)  # the expressions carry their own \A and \z anchors
    for _, text in expressions:
        compiled.Add(text)
    compiled.Compile()
    return compiled


def match_whole(columns: Sequence[ColumnValues], expressions: Mapping[str, str], first: int | None = None) -> None:
    """Set each column's `hits[entity]`: the indices of its first `first` distinct values (all of
    them when None) that the entity's RE2 expression (`expressions`) matches whole, and `matched`,
    how many values that covers.

    One `re2.Set` call per value for all the expressions together, compiled once per process
    (Arrow's `match_substring_regex` compiled each expression on every call: 0.03-1.6 ms,
    measured, most of the native cost on a file of 4,000 distinct values). A column holding a text
    UTF-8 cannot encode (a lone surrogate) keeps `hits` None: the Python loop decides for it.
    """
    entities = tuple(expressions)
    compiled = _whole_set(tuple(expressions.items()))
    # the wrapper's own pybind11 set, called directly: `re2.Set.Match` adds a Python frame per
    # value (0.2 µs of the 0.7-0.9 µs a value costs here, measured); the public method otherwise
    match = getattr(compiled, "_set", compiled).Match
    for column in columns:
        texts = column.texts if first is None else column.texts[:first]
        try:
            found = list(map(match, map(str.encode, texts)))
        except UnicodeEncodeError:
            continue
        hits: dict[str, list[int]] = {e: [] for e in entities}
        for i, indices in enumerate(found):
            if indices:
                for k in indices:
                    hits[entities[k]].append(i)
        column.hits, column.matched = hits, len(texts)


def within(hits: list[int], indices: range) -> list[int]:
    """The hits inside `indices` (a range of value indices)."""
    return hits[bisect.bisect_left(hits, indices.start) : bisect.bisect_left(hits, indices.stop)]
