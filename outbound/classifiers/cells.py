"""A sampled column as its distinct non-empty values, each with its weight and cheap features.

Everything the vote asks of a value (length, ASCII or not, how many digits, whether it reads as
free text) is computed here once per distinct value, so that each recognizer's prefilter is a few
integer comparisons instead of a regex run (see `profile.py`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple

from pandas import NA

from outbound.identifiers import (
    LIST_PUNCTUATION,
    fold_full_width,
    kept_as_text,
    linkable,
    list_parts,
    without_float_tail,
)
from outbound.identifiers.placeholders import (
    NULL_TOKENS,
    PLACEHOLDER_FIRST,
    PLACEHOLDER_WRAPPING,
    is_placeholder,
)
from outbound.identifiers.spelling import INVISIBLE

# What str.strip() and Python's `\s` take for white space (tests pin it to str.isspace).
SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def _chars(chars: str, *, group: bool = True) -> str:
    """`chars` spelled for RE2 by code point: a class's members (sorted, once each), or a literal."""
    return "".join(f"\\x{{{ord(c):x}}}" for c in (sorted(set(chars)) if group else chars))


_LONGEST_NULL = max(map(len, NULL_TOKENS)) + 2
# What identifiers.fold_full_width folds or deletes: full-width forms U+FF01-FF5E, these
_FOLDED = "\u3000" + INVISIBLE
_WIDE = re.compile(f"[\uff01-\uff5e{_FOLDED}]")


_NOT_DIGITS = str.maketrans("", "", "0123456789")
_DIGIT = re.compile(r"[0-9]")
# Text: Han, spaces or list punctuation. A column mostly of such cells in which no entity passes
# as whole values is searched as free text (remarks), see vote.py.
_TEXT_PUNCTUATION = ",;，；、。:：|!?！？"
_TEXTY = re.compile(f"[\u3400-\u9fff\\s{_TEXT_PUNCTUATION}]")
# ... but a date, a time or a timestamp is not text, whatever its spaces and colons: a column of
# "2024-06-30 04:12:31" searched as remarks cost every recognizer's search on 100 cells and found
# nothing (measured: a quarter of the vote's time on distinct-heavy samples, bench/distinct.py).
_MOMENT = re.compile(
    r"(?:[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?)?(?:(?<=[0-9日])[ T]?)?"  # a date, then a space or T
    r"(?:[0-9]{1,2}[:时][0-9]{1,2}分?(?:[:][0-9]{2}|[0-9]{1,2}秒)?(?:[.,][0-9]{1,9})?)?"  # a time
    r"(?:\s?(?:Z|[+-][0-9]{2}:?[0-9]{2}))?"  # an offset
)


def _no_text_character(texts: tuple[str, ...]) -> bool:
    """Whether none of `texts` holds a character `_TEXTY` looks for (one RE2 search over them joined)."""
    try:
        return _texty_anywhere().search("\x00".join(texts)) is None
    except UnicodeEncodeError:  # a lone surrogate: the loop decides
        return False


@functools.cache
def _texty_anywhere() -> Any:
    import re2

    return re2.compile(f"[\\x{{3400}}-\\x{{9fff}}{_chars(SPACE + _TEXT_PUNCTUATION)}]")  # `_TEXTY` in RE2


def reads_as_text(text: str) -> bool:
    """Han, spaces or list punctuation, and not a date or time (`_MOMENT`)."""
    return _TEXTY.search(text) is not None and _MOMENT.fullmatch(text) is None


class Value(NamedTuple):
    """One distinct stripped cell text and its features (a tuple: built 1,000 times per column)."""

    text: str
    n: int  # how many sampled cells hold exactly this text
    length: int
    ascii: bool
    digits: int  # ASCII digits 0-9
    texty: bool  # reads as text: Han, spaces or list punctuation


_new = tuple.__new__  # skips NamedTuple's generated __new__: measurably cheaper per value


def _value(text: str, count: int) -> Value:
    is_ascii = text.isascii()
    if is_ascii:
        digits = len(text) if text.isdigit() else len(text) - len(text.translate(_NOT_DIGITS))
    else:  # translate() is slow on wide strings; a findall of digits is not
        digits = len(_DIGIT.findall(text))
    texty = reads_as_text(text)
    return _new(Value, (text, count, len(text), is_ascii, digits, texty))


class ColumnValues:
    """Distinct non-empty values of one sampled column, in the order the sample first holds them.

    Features are computed on demand (`value(i)`, `values`): most values only ever meet one or two
    recognizers, which need nothing but the text and its length.
    """

    __slots__ = ("texts", "counts", "cells", "_values", "hits", "matched")

    def __init__(self, texts: tuple[str, ...], counts: tuple[int, ...]) -> None:
        self.texts = texts
        self.counts = counts
        self.cells = sum(counts)  # non-empty sampled cells
        self._values: list[Value | None] = [None] * len(texts)
        # entity -> sorted indices of the values its patterns may match whole among the first
        # `matched` values, found in native code for a whole file at once (vector.match_whole);
        # None, and past them: the vote's Python loop decides
        self.hits: dict[str, list[int]] | None = None
        self.matched = 0

    @property
    def distinct(self) -> int:
        return len(self.texts)

    def value(self, i: int) -> Value:
        v = self._values[i]
        if v is None:
            v = self._values[i] = _value(self.texts[i], self.counts[i])
        return v

    def mostly_text(self, share: float) -> bool:
        """Whether at least `share` of the cells read as text (`Value.texty`), without computing the
        other features; stops as soon as the answer is known (a column of amounts or GUIDs is
        decided by half its values)."""
        need, left, got = share * self.cells, self.cells, 0
        if need > 0 and _no_text_character(self.texts):  # one search over them all: no value can be text
            return False
        for text, n in zip(self.texts, self.counts, strict=True):
            left -= n
            if reads_as_text(text):
                got += n
                if got >= need:
                    return True
            elif got + left < need:
                return False
        return got >= need

    @property
    def values(self) -> tuple[Value, ...]:
        return tuple(self.value(i) for i in range(len(self.texts)))


@functools.cache
def _needs_care() -> Any:
    """One RE2 expression over a column's distinct cells joined by NUL: it matches wherever the
    per-value loop of `column_values` could change or drop a value. A superset, by construction:
    an empty value; white space at either end (stripped); a character folded or deleted
    (`_WIDE`); a leading = or ' (kept as text); a placeholder (`is_placeholder`: a null token in
    any case, wrapped in its punctuation and white space); a long whole number with a float tail;
    and a list (`_LIST_SHAPE`, without the tests `_listed` adds). Measured need: counting the
    distinct-heavy samples' columns went from 0.64 to 0.15 µs a value (bench/distinct.py)."""
    import re2

    nul, start, end = "\\x00", "(?:^|\\x00)", "(?:\\x00|$)"
    space = f"[{_chars(SPACE)}]"
    wrapping = f"[{_chars(PLACEHOLDER_WRAPPING)}]"
    tokens = "|".join(_chars(t, group=False) for t in sorted(NULL_TOKENS, key=len, reverse=True))
    part = "[0-9A-Za-z@._+()-]{5,}"  # `_LIST_SHAPE`'s identifier-like part
    return re2.compile("|".join((
        start + end,  # an empty value
        f"{start}{space}|{space}{end}",
        f"[{_chars(_FOLDED)}\\x{{ff01}}-\\x{{ff5e}}]",  # `_WIDE`
        start + "[=']",
        f"{start}{wrapping}*{space}*(?i:{tokens}){space}*{wrapping}*{end}",
        f"{start}[0-9]{{11,}}[.]0+{end}",
        f"{start}\\[[^{nul}]*\\]{end}",
        f"{part}{space}*[{_chars(LIST_PUNCTUATION + SPACE)}]+{space}*{part}",
    )))


def _plain(raw: Counter[object]) -> bool:
    """Whether every distinct cell is a str the per-value loop would keep as it is (`_needs_care`)."""
    if set(map(type, raw)) != {str}:
        return False
    joined = "\x00".join(raw)  # type: ignore[arg-type]
    if joined.count("\x00") != len(raw) - 1:  # a cell holding NUL itself
        return False
    try:
        return _needs_care().search(joined) is None
    except UnicodeEncodeError:  # a lone surrogate
        return False


def column_values(cells: Iterable[object]) -> ColumnValues:
    """Strip cells, drop None/NaN/blank/null tokens, count what is left.

    Counting the raw cells first (a C-level Counter) and normalising each distinct key once is
    what keeps a 1,000-row column cheap. The loop runs once per distinct value (every cell of an
    identifier column): its checks are inlined and ordered so that a plain value meets only
    str methods (measured: a sixth less time per value than calling a helper for each check).
    """
    raw = Counter(cells)
    if raw and _plain(raw):  # nothing to strip, fold, split or drop: the counts as they are
        return ColumnValues(tuple(raw), tuple(raw.values()))  # type: ignore[arg-type]
    counts: dict[str, int] = {}
    for cell, n in raw.items():
        if type(cell) is str:
            text = cell.strip()
        elif cell is None or cell is NA or (isinstance(cell, float) and cell != cell):  # None, NA, NaN
            continue
        else:
            text = (cell if isinstance(cell, str) else str(cell)).strip()
        if not text.isascii() and _WIDE.search(text):  # a search is cheaper than translating every name
            text = fold_full_width(text).strip()
        if text[:1] in _AS_TEXT_MARKS:  # ="110101..." or '110101...: a spreadsheet's number kept as text
            text = kept_as_text(text)
        if not text or (len(text) <= _LONGEST_NULL and text[0] in PLACEHOLDER_FIRST and is_placeholder(text)):
            continue
        if text[-1] == "0" and "." in text:  # 13812345678.0: a long whole number that went through a float column
            text = without_float_tail(text, min_digits=11)
        # `_listed`'s first test, inlined; letters and digits alone hold no separator (isalnum: C speed)
        if len(text) < _SHORTEST_LIST or text.isalnum() or _LISTING.search(text) is None:
            counts[text] = counts.get(text, 0) + n
            continue
        for part in _listed(text):
            counts[part] = counts.get(part, 0) + n
    return ColumnValues(tuple(counts), tuple(counts.values()))


_AS_TEXT_MARKS = ("=", "'")


# Which cells are looked into as lists: those with a list separator (identifiers.LIST_PUNCTUATION, white
# space) or an array's bracket, ASCII but for the 、 between parts (full-width forms are folded
# first), with two identifier-like runs or an array: names, addresses, remarks and timestamps
# ("10:37:38") are not split (measured: splitting every cell with a space or comma cost a quarter
# more classification time on the 63-file corpus; these tests bring it back to about 8 %).
_SHORTEST_LIST = 7  # two identifiers of 5 characters and a separator, or an array [12345]
_LISTING = re.compile(f"[\\[{LIST_PUNCTUATION}\\s]")
_LIST_TEXT = re.compile(r"[\x20-\x7e\s\u3001]*[0-9@][\x20-\x7e\s\u3001]*")
_LIST_SHAPE = re.compile(f"^\\[.*\\]$|[0-9A-Za-z@._+()-]{{5,}}\\s*[{LIST_PUNCTUATION}\\s]+\\s*[0-9A-Za-z@._+()-]{{5,}}")
_ID_LIKE = re.compile(r"[0-9A-Za-z]*[0-9][0-9A-Za-z]*")  # identifiers.DEFAULT_LINK_SHAPE, either case
_ID_SEPARATORS = re.compile(r"[\s\-_()+]")  # not ".": "31.2304,121.4737" is a position, not two IDs


def _identifier_like(part: str) -> bool:
    if "@" in part:
        return linkable("EMAIL_ADDRESS", part.lower())
    compact = _ID_SEPARATORS.sub("", part)
    return len(compact) >= 5 and _ID_LIKE.fullmatch(compact) is not None


def _listed(text: str) -> list[str]:
    """A cell listing identifiers ("13812345678/13987654321", an array '["138…"]') as its parts,
    each a value of the column (as the full pass keys each: `identifiers.split_identifiers`); any
    other cell as itself."""
    if (len(text) < _SHORTEST_LIST or _LISTING.search(text) is None or _LIST_TEXT.fullmatch(text) is None
            or _LIST_SHAPE.search(text) is None):  # fmt: skip
        return [text]
    for parts in list_parts(text):
        if all(_identifier_like(p) for p in parts):
            return parts
    return [text]
