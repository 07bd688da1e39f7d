"""Whether a cell holds anything: the rule, in Python and in DuckDB SQL (parity in
tests/identifiers/test_content.py). A cell holding only a placeholder (无, N/A, 未知 …), zeros, or its
own column's name is no content: a row with nothing else is no person."""

from __future__ import annotations

import re

from outbound.identifiers.placeholders import NULL_TOKENS, PLACEHOLDER_WRAPPING, is_placeholder
from outbound.identifiers.spelling import ASCII_WHITESPACE, fold_full_width, fold_full_width_sql, sql_text

# A cell "has content" when it holds a letter, digit or Han character and is not a placeholder: one
# of NULL_TOKENS (无, N/A, 未知 …) or zeros only ("0", "00000000000"), compared
# after trimming white space and lower-casing. A row whose PI cells hold only placeholders carries
# no PI and is no person.
CONTENT = r"[0-9A-Za-z\x{3400}-\x{9fff}\x{ff10}-\x{ff19}\x{ff21}-\x{ff3a}\x{ff41}-\x{ff5a}]"  # and full-width forms
_CONTENT_PY = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_ZEROS_PY = re.compile(r"0+")


def _header_words(column: str | None) -> tuple[str, ...]:
    """A column's own name as a cell may repeat it (a header line repeated mid-file when exports
    are concatenated): the name, and for a nested one its last part, lower-cased."""
    if not column:
        return ()
    return tuple(dict.fromkeys(w.strip().lower() for w in (column, column.rsplit(".", 1)[-1]) if w.strip()))


def has_content(text: str, column: str | None = None) -> bool:
    """Python form of `has_content_sql` (see CONTENT)."""
    t = text.strip(ASCII_WHITESPACE).lower()
    return (_CONTENT_PY.search(t) is not None and not is_placeholder(fold_full_width(t))
            and _ZEROS_PY.fullmatch(t) is None and t not in _header_words(column))  # fmt: skip


def has_content_sql(expr: str, column: str | None = None) -> str:
    """SQL: `expr` is not NULL and has content (see CONTENT); the text of `column`'s own name is none."""
    space = sql_text(ASCII_WHITESPACE)
    t = f"lower(trim({expr}, {space}))"
    bare = f"trim(trim({fold_full_width_sql(t)}, {sql_text(PLACEHOLDER_WRAPPING)}), {space})"
    tokens = [_sql_string(w) for w in sorted(NULL_TOKENS)]
    words = ", ".join([*tokens, *map(_sql_string, _header_words(column))])
    return (f"({expr} IS NOT NULL AND regexp_matches({expr}, '{CONTENT}') AND {t} NOT IN ({words}) "
            f"AND {bare} NOT IN ({', '.join(tokens)}) AND NOT regexp_full_match({t}, '0+'))")  # fmt: skip


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
