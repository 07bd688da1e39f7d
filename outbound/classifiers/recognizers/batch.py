"""Batch validation over fixed-width ASCII values: the numpy side of `Recognizer.validate_many`.

The column vote validates the distinct values of a column (200-800 of them) that a recognizer's
regex proposed; most identifiers are fixed-width ASCII (18-character IDs, 15-digit IMEIs, 16-19-digit
cards), so a batch of them is one (n, width) byte matrix (`checksums.ascii_rows`) and a checksum is
a few array operations instead of a Python loop per value. A decider answers, per row, a code of
`CODES` or `ASK` for a row outside the shape it knows (a separator, a lower-case letter it does not
fold): such values, and values of other widths or not ASCII, get `validate_result` one by one, so
the result is always `[validate_result(t) for t in texts]`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from outbound.identifiers.checksums import ascii_rows

# A decider's answer per row: index into CODES, or ASK.
FALSE, TRUE, NONE, ASK = 0, 1, 2, -1
CODES: tuple[bool | None, ...] = (False, True, None)
_ANSWERS = np.array([*CODES, None], dtype=object)  # indexed by a code; ASK (-1) is asked afterwards

Decider = Callable[[np.ndarray], np.ndarray]


def by_width(
    texts: Sequence[str],
    deciders: Mapping[int, Decider],
    validate: Callable[[str], bool | None],
    *,
    least: int,
) -> list[bool | None]:
    """`[validate(t) for t in texts]`, with the ASCII texts of a width in `deciders` decided in one
    batch per width by `deciders[width](ascii_rows(...))` when there are at least `least` of them.

    `least` is where numpy starts to pay: a decider costs 60-100 µs however few its rows (some
    thirty array operations), the loop 2-5 µs a value; the vote's first batch of a column holds
    32 values (`matching.SCOUT_VALUES`). Each recognizer gives its own, measured.

    Grouping and the answer list are built in C (map, numpy, an object array): a Python loop over
    the values cost as much as the checks it saved (0.8 µs a value, measured).
    """
    n = len(texts)
    if n < least:  # no width can reach `least`: the loop, without numpy's fixed cost (one-row files)
        return [validate(t) for t in texts]
    lengths = np.fromiter(map(len, texts), np.int64, n)
    ascii_ = np.fromiter(map(str.isascii, texts), bool, n)
    codes = np.full(n, ASK, np.int8)
    for width, decide in deciders.items():
        rows = np.flatnonzero((lengths == width) & ascii_)
        if len(rows) < least:
            continue
        if len(rows) == n:
            codes = decide(ascii_rows(texts, width))
        elif len(rows):
            codes[rows] = decide(ascii_rows([texts[i] for i in rows.tolist()], width))
    out: list[bool | None] = _ANSWERS[codes].tolist()
    for i in np.flatnonzero(codes == ASK).tolist():
        out[i] = validate(texts[i])
    return out


def verdicts(shaped: np.ndarray, valid: np.ndarray, *, yes: int = TRUE) -> np.ndarray:
    """Codes for rows: ASK outside the shape, `yes` (TRUE or NONE) where valid, else FALSE."""
    return np.where(shaped, np.where(valid, yes, FALSE), ASK).astype(np.int8)


def digit_rows(chars: np.ndarray) -> np.ndarray:
    """Rows made of ASCII digits only."""
    return np.asarray(((chars >= ord("0")) & (chars <= ord("9"))).all(axis=1))
