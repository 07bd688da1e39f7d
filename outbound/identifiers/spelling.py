"""How an identifier is spelled: the one canonical form of a value, in Python and in DuckDB SQL.

A person's value must hash the same whichever way an export wrote it: full-width digits typed with a
Chinese input method, a spreadsheet's as-text wrapper (`="110101…"`, `'110101…`), a whole number that
went through a float column (`13812345678.0`), separators and a +86 prefix, a 15-digit resident ID
(made the 18-character one that replaced it). `normalise` is the rule; `normalise_sql` the same rule
as DuckDB SQL for ASCII text, pinned by tests/identifiers/test_spelling_sql.py.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-_.()/]+")
# A whole number that went through a float column: pandas writes 13812345678.0 for a column of
# mobiles with one gap (NaN makes it float), and a float Parquet column reads the same way.
_FLOAT_TAIL = re.compile(r"^([0-9]+)\.0+$")
_PHONE_PREFIX = re.compile(r"^(?:\+?86|0086)(?=1\d{10}$)")
# Spreadsheet ways of keeping a number as text, left in CSV exports: ="110101..." and '110101...
_AS_TEXT = re.compile(r'^="(.*)"$|^\'(.*)$', re.DOTALL)


# Full-width forms (１３８…, Ｅ１２３, ａ＠ｂ．ｃｎ: typed with a Chinese input method) are the ASCII
# characters they stand for, and the ideographic space a space.
_FULL_WIDTH: dict[int, int | None] = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}
# Invisible format characters left by copy and paste from web pages and some spreadsheets (zero-width
# space, non-joiner, joiner, word joiner, a byte-order mark inside text, soft hyphen) are no part of
# a value: "\u200b110101…" is the resident ID. Python's strip() keeps them, so they are deleted here.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_FULL_WIDTH |= {ord(c): None for c in INVISIBLE}


def fold_full_width(text: str) -> str:
    return text if text.isascii() else text.translate(_FULL_WIDTH)


def fold_full_width_sql(expr: str) -> str:
    """SQL form of `fold_full_width` (DuckDB's translate, character for character)."""
    # DuckDB's translate deletes the characters of the first set beyond the second's length
    folded = [c for c, to in _FULL_WIDTH.items() if to is not None]
    wide = ("".join(map(chr, folded)) + INVISIBLE).replace("'", "''")
    narrow = "".join(chr(_FULL_WIDTH[c] or 0) for c in folded).replace("'", "''")
    return f"translate({expr}, '{wide}', '{narrow}')"


def normalise(entity: str, value: str) -> str:
    """Canonical form of an identifier, so that one person's value hashes the same everywhere."""
    v = fold_full_width(value).strip()
    v = kept_as_text(v)
    if entity == "EMAIL_ADDRESS":
        return v.lower()
    v = _SEPARATORS.sub("", _FLOAT_TAIL.sub(r"\1", v)).upper()
    if entity in ("CN_MOBILE", "PHONE_NUMBER"):
        v = _PHONE_PREFIX.sub("", v)
    elif entity == "CN_RESIDENT_ID" and len(v) == 15 and v.isascii() and v.isdigit():
        v = resident_id_18(v)
    return v


def kept_as_text(value: str) -> str:
    """A stripped cell without the spreadsheet's as-text wrapper (`="..."`, a leading `'`), stripped."""
    if value[:1] in ("=", "'") and (text := _AS_TEXT.match(value)):
        return (text[1] if text[1] is not None else text[2]).strip()
    return value


def resident_id_18(old: str) -> str:
    """The 18-character resident ID that replaced a 15-digit one (GB 11643-1999): "19" before the
    two-digit birth year, and the MOD 11-2 check character. One person, one identifier."""
    from outbound.identifiers.checksums import ric_check_digit

    first17 = old[:6] + "19" + old[6:]
    return first17 + ric_check_digit(first17)



# The classifier reads a long whole number without its float tail too (13812345678.0 is a mobile),
# but only from 11 digits on: 200000.0 stays an amount, not a postal code.
_LONG_FLOAT_WHOLE = re.compile(r"[0-9]{11,}\.0+")


def without_float_tail(text: str, min_digits: int = 1) -> str:
    """A whole number without the `.0` tail a float column gave it; other text as it is."""
    if min_digits >= 11:
        return text.split(".", 1)[0] if _LONG_FLOAT_WHOLE.fullmatch(text) else text
    return _FLOAT_TAIL.sub(r"\1", text)


# --- the same spelling, as DuckDB SQL (the full pass then keys it with `keyed.keyed_hashes`) -------
#
# The full counting pass normalises millions of values inside DuckDB. SQL has no Unicode-exact copy of
# Python's str.strip / \s / str.upper (DuckDB upper-cases "ß" to "ẞ", Python to "SS"), so the SQL
# form covers ASCII values only, where both agree character for character; a value holding any
# non-ASCII character is routed to `normalise` and `keyed_hash` themselves (`is_ascii_sql`).

ASCII_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "  # what str.isspace() accepts below U+0080
_SQL_SEPARATORS = r"[\t\n\x0b\x0c\r\x1c-\x1f \-_.()/]+"  # _SEPARATORS on ASCII, in RE2 syntax
_SQL_PHONE_PREFIX = r"^(?:\+?86|0086)(1[0-9]{10})$"  # _PHONE_PREFIX without the look-ahead RE2 lacks
_SQL_WS = r"[\t\n\x0b\x0c\r\x1c-\x1f ]*"
_SQL_AS_TEXT = f"^{_SQL_WS}(?:=\"(.*)\"|\'\'(.*?)){_SQL_WS}$"  # _AS_TEXT on unstripped ASCII ('' quotes ' in SQL)
_SQL_FLOAT_TAIL = f"^{_SQL_WS}([0-9]+)\\.0+{_SQL_WS}$"  # _FLOAT_TAIL on unstripped ASCII

def sql_text(text: str) -> str:
    """A SQL string expression for `text`, control characters spelled with chr()."""
    parts = [f"'{c}'" if c.isprintable() and c != "'" else f"chr({ord(c)})" for c in text]
    return " || ".join(parts)


def is_ascii_sql(expr: str) -> str:
    """SQL: true when the text has no character outside ASCII (bytes == characters)."""
    return f"(strlen({expr}) = length({expr}))"


def normalise_sql(entity: str, expr: str) -> str:
    """SQL form of `normalise(entity, expr)` for ASCII text (see `is_ascii_sql`)."""
    expr = f"regexp_replace({expr}, '{_SQL_AS_TEXT}', '\\1\\2', 's')"
    if entity == "EMAIL_ADDRESS":
        return f"lower(trim({expr}, {sql_text(ASCII_WHITESPACE)}))"
    v = f"upper(regexp_replace(regexp_replace({expr}, '{_SQL_FLOAT_TAIL}', '\\1'), '{_SQL_SEPARATORS}', '', 'g'))"
    if entity in ("CN_MOBILE", "PHONE_NUMBER"):
        v = f"regexp_replace({v}, '{_SQL_PHONE_PREFIX}', '\\1')"
    elif entity == "CN_RESIDENT_ID":  # `resident_id_18`: evaluated on the rare 15-digit rows only
        v = f"CASE WHEN length({v}) = 15 AND regexp_full_match({v}, '[0-9]{{15}}') THEN {_resident_id_18_sql(v)} ELSE {v} END"
    return v


def _resident_id_18_sql(x: str) -> str:
    from outbound.identifiers.checksums import RIC_CHECK, RIC_WEIGHTS

    first17 = f"({x}[1:6] || '19' || {x}[7:15])"
    weights = "[" + ", ".join(map(str, RIC_WEIGHTS)) + "]"
    total = f"list_sum(list_transform(range(17), lambda i: (ascii(substr({first17}, i + 1, 1)) - 48) * {weights}[i + 1]))"
    return f"{first17} || substr('{RIC_CHECK}', CAST({total} % 11 AS BIGINT) + 1, 1)"


def canonical_sql(entity: str, expr: str) -> str:
    """SQL: a value `normalise` leaves as it is and `linkable_sql` accepts (the full pass skips
    normalising it): not an e-mail (lower-cased), nor a 15-digit resident ID (made 18)."""
    if entity == "EMAIL_ADDRESS":
        return "false"
    if entity == "CN_RESIDENT_ID":
        return f"(length({expr}) = 18 AND regexp_full_match({expr}, '[0-9]{{17}}[0-9X]'))"
    from outbound.identifiers.shapes import linkable_sql

    return linkable_sql(entity, expr)
