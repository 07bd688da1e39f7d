"""The only place an identifier is normalised, keyed and masked.

A person identifier never leaves this module raw: the warehouse stores `keyed_hash()` (AES-CMAC
under a key derived from a secret), reports and evidence show `mask()`. The key comes from $OUTBOUND_HASH_KEY,
else from a key file created once (mode 0600) beside the warehouse. The key is never logged.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from outbound.common.errors import Terminal
from outbound.common.placeholders import is_placeholder

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

KEY_ENV = "OUTBOUND_HASH_KEY"
_SEPARATORS = re.compile(r"[\s\-_.()/]+")
# A whole number that went through a float column: pandas writes 13812345678.0 for a column of
# mobiles with one gap (NaN makes it float), and a float Parquet column reads the same way.
_FLOAT_TAIL = re.compile(r"^([0-9]+)\.0+$")
_PHONE_PREFIX = re.compile(r"^(?:\+?86|0086)(?=1\d{10}$)")
# Spreadsheet ways of keeping a number as text, left in CSV exports: ="110101..." and '110101...
_AS_TEXT = re.compile(r'^="(.*)"$|^\'(.*)$', re.DOTALL)


# Full-width forms (１３８…, Ｅ１２３, ａ＠ｂ．ｃｎ: typed with a Chinese input method) are the ASCII
# characters they stand for, and the ideographic space a space.
_FULL_WIDTH = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}


def fold_full_width(text: str) -> str:
    return text if text.isascii() else text.translate(_FULL_WIDTH)


def fold_full_width_sql(expr: str) -> str:
    """SQL form of `fold_full_width` (DuckDB's translate, character for character)."""
    wide = "".join(map(chr, _FULL_WIDTH)).replace("'", "''")
    narrow = "".join(map(chr, _FULL_WIDTH.values())).replace("'", "''")
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
    from outbound.classifiers.checksums import ric_check_digit

    first17 = old[:6] + "19" + old[6:]
    return first17 + ric_check_digit(first17)


class HashKeyError(Terminal):
    pass


def key_path_for(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".key")


def load_key(warehouse: Path) -> bytes:
    """The hashing key: $OUTBOUND_HASH_KEY, else the key file beside the warehouse (created once)."""
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode("utf-8")
    path = key_path_for(warehouse)
    if path.exists():
        if path.stat().st_mode & 0o077:
            raise HashKeyError(f"key file {path} is readable by others; run: chmod 600 {path}")
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_hex(32).encode("ascii"))
    return path.read_bytes().strip()


# The keyed hash is AES-256-CMAC (NIST SP 800-38B) of `entity:normalised value`, under a key
# derived from the secret. It was HMAC-SHA256 until schema 2 of the warehouse; CMAC is as standard a
# keyed PRF and can be computed for a whole column at once (outbound.common.cmac), which the full
# counting pass needs. The warehouse records the scheme (`HASH_SCHEME`) and refuses to mix them.
HASH_SCHEME = "aes256-cmac:v2"
_DERIVE = b"outbound identifier key: aes256-cmac v2"


@functools.lru_cache(maxsize=8)
def identifier_key(secret: bytes) -> bytes:
    """The AES-256 key of the keyed hash, derived from the secret (HMAC-SHA256 as a KDF)."""
    return hmac.new(secret, _DERIVE, hashlib.sha256).digest()


def keyed_hash(key: bytes, entity: str, value: str) -> str:
    """AES-CMAC of `entity:normalised value` under `identifier_key(key)`, hex (128 bits)."""
    from outbound.common.cmac import cmac_one

    msg = f"{entity}:{normalise(entity, value)}".encode()
    return cmac_one(identifier_key(key), msg).hex()


def key_check(key: bytes) -> str:
    """A fingerprint of the secret the warehouse keeps (the keyed hash of a fixed text: it tells
    whether two secrets are the same and nothing about either), so that a scan under another key,
    whose hashes would never link with the stored ones, is refused instead of counting twice."""
    from outbound.common.cmac import cmac_one

    return cmac_one(identifier_key(key), b"outbound key check").hex()


def keyed_hashes(key: bytes, entity: str, normalised: pa.Array) -> np.ndarray:
    """`keyed_hash` of many already normalised values at once: (n, 16) bytes, zero for a null."""
    from outbound.common.cmac import cmac_many

    return cmac_many(identifier_key(key), f"{entity}:".encode(), normalised)


def keyed_ids_schema() -> pa.Schema:
    """An export's keyed identifiers as the full pass hands them to the warehouse: each once, and
    whether a row carrying it was sensitive."""
    import pyarrow as pa

    return pa.schema([("h", pa.uuid()), ("sensitive", pa.bool_())])


def keyed_edges_schema() -> pa.Schema:
    """Pairs of keyed identifiers seen on one row of an export (they belong to one person)."""
    import pyarrow as pa

    return pa.schema([("a", pa.uuid()), ("b", pa.uuid())])


def uuid_column(tags: np.ndarray, present: np.ndarray | None = None) -> pa.ExtensionArray:
    """(n, 16) hash bytes as an Arrow UUID column, null where `present` is False: DuckDB reads it
    as UUID (16 bytes, printed as hex with dashes, so no run of its digits can spell a phone)."""
    import numpy as np
    import pyarrow as pa

    data = np.ascontiguousarray(tags)
    valid = None if present is None else pa.py_buffer(np.packbits(present, bitorder="little"))
    storage = pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), data.nbytes // 16, [valid, pa.py_buffer(data)])
    return pa.ExtensionArray.from_storage(pa.uuid(), storage)


# --- the same normalisation, as DuckDB SQL (the full pass then keys it with `keyed_hashes`) -------
#
# The full counting pass normalises millions of values inside DuckDB. SQL has no Unicode-exact copy of
# Python's str.strip / \s / str.upper (DuckDB upper-cases "ß" to "ẞ", Python to "SS"), so the SQL
# form covers ASCII values only, where both agree character for character; a value holding any
# non-ASCII character is routed to `normalise` and `keyed_hash` themselves (`is_ascii_sql`). Parity is pinned by
# tests/common/test_hashing_sql.py.

ASCII_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "  # what str.isspace() accepts below U+0080
_SQL_SEPARATORS = r"[\t\n\x0b\x0c\r\x1c-\x1f \-_.()/]+"  # _SEPARATORS on ASCII, in RE2 syntax
_SQL_PHONE_PREFIX = r"^(?:\+?86|0086)(1[0-9]{10})$"  # _PHONE_PREFIX without the look-ahead RE2 lacks
_SQL_WS = r"[\t\n\x0b\x0c\r\x1c-\x1f ]*"
_SQL_AS_TEXT = f"^{_SQL_WS}(?:=\"(.*)\"|\'\'(.*?)){_SQL_WS}$"  # _AS_TEXT on unstripped ASCII ('' quotes ' in SQL)
_SQL_FLOAT_TAIL = f"^{_SQL_WS}([0-9]+)\\.0+{_SQL_WS}$"  # _FLOAT_TAIL on unstripped ASCII

# The shape a normalised value must have to link rows as one person. A placeholder typed into an
# identifier column ("N/A", "无", "0") must not merge everyone who has it into one person; a row whose
# identifier cells all fail their shape still counts, as a person without an identifier.
LINK_SHAPES: dict[str, str] = {
    "CN_RESIDENT_ID": r"[0-9]{17}[0-9X]|[0-9]{15}",
    "CN_MOBILE": r"1[3-9][0-9]{9}",  # mainland mobile prefixes 13-19: 11111111111, 12345678901 never link
    "EMAIL_ADDRESS": r"[^@ ]+@[^@ ]+",
}
# A resident ID links only when the classifier would call it one (classifiers.checksums: a real
# birth date from 1900 to today, and for 18 characters the MOD 11-2 check character). A dummy such
# as 000000000000000000 typed for many people would otherwise make them one person; a row whose ID
# fails counts on its own.
DEFAULT_LINK_SHAPE = r"[0-9A-Z]*[0-9][0-9A-Z]*"  # document numbers: letters and digits, a digit at least
# Document numbers typed for anyone who has none: one digit repeated, after a letter or two or
# none (E00000000, G99999999, 111111111111111111), or the digits counted up (12345678, 123456789).
# They link no one (see outbound.extract.has_content for zeros only).
DUMMY_NUMBER = r"[A-Z]*(?:0+|1+|2+|3+|4+|5+|6+|7+|8+|9+)|12345678(?:90?)?"
_LINK_MIN_LENGTH = 5


def linkable(entity: str, normalised: str) -> bool:
    """Whether a normalised identifier has its entity's shape (and so links rows)."""
    shape = LINK_SHAPES.get(entity, DEFAULT_LINK_SHAPE)
    if len(normalised) < _LINK_MIN_LENGTH or re.fullmatch(shape, normalised) is None:
        return False
    if entity not in LINK_SHAPES and re.fullmatch(DUMMY_NUMBER, normalised):
        return False  # a placeholder, not a document
    return entity != "CN_RESIDENT_ID" or _resident_id_valid(normalised)


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


# Identifiers whose shape is checked strictly enough to be told apart in a list of another
# column's values ("13812345678;li@x.cn" in a contacts column): a document number's shape
# (letters and digits) would also fit an order number.
STRICT_SHAPES = ("CN_RESIDENT_ID", "CN_MOBILE", "EMAIL_ADDRESS")


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


def keyed_normalised(key: bytes, entity: str, normalised: str) -> bytes:
    """`keyed_hash` of a value already normalised, as 16 bytes."""
    from outbound.common.cmac import cmac_one

    return cmac_one(identifier_key(key), f"{entity}:{normalised}".encode())


def _resident_id_valid(v: str) -> bool:
    """A well-shaped resident ID (18 or 15 digits) that `classifiers.checksums` accepts."""
    from outbound.classifiers.checksums import ric15_plausible, ric_is_valid  # loaded in any scan

    return ric_is_valid(v) if len(v) == 18 else ric15_plausible(v)


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
    from outbound.classifiers.checksums import RIC_CHECK, RIC_WEIGHTS

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
    return linkable_sql(entity, expr)


def linkable_sql(entity: str, expr: str) -> str:
    """SQL form of `linkable(entity, expr)` over a normalised ASCII value, but for the resident ID's
    check character and birth date, which `valid_resident_ids` checks on the keyed chunk (the same
    arithmetic in SQL cost 2 s for 2 million IDs, measured; numpy takes a few hundredths)."""
    shape = LINK_SHAPES.get(entity, DEFAULT_LINK_SHAPE)
    shaped = f"(length({expr}) >= {_LINK_MIN_LENGTH} AND regexp_full_match({expr}, '{shape}'))"
    return shaped if entity in LINK_SHAPES else f"({shaped} AND NOT regexp_full_match({expr}, '{DUMMY_NUMBER}'))"


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def valid_resident_ids(values: pa.Array, today: dt.date | None = None) -> np.ndarray:
    """`_resident_id_valid` of each value of a string array of well-shaped IDs (null: False).

    The same rules as `classifiers.checksums.ric_is_valid` / `ric15_plausible`, vectorised by hand
    (numpy over the Arrow buffers): the full pass checks millions of IDs, and the arithmetic in
    DuckDB SQL took about 2 s for 2 million (measured); this about 0.05 s."""
    import numpy as np
    import pyarrow as pa

    from outbound.classifiers.checksums import RIC_CHECK, RIC_EARLIEST, RIC_WEIGHTS

    today = today or dt.date.today()
    if not pa.types.is_string(values.type):
        values = values.cast(pa.large_string())
    n = len(values)
    out = np.zeros(n, bool)
    if n == 0:
        return out
    wide = np.int32 if pa.types.is_string(values.type) else np.int64
    offsets = np.frombuffer(values.buffers()[1], wide)[values.offset : values.offset + n + 1].astype(np.int64)
    data = np.frombuffer(values.buffers()[2] or b"", np.uint8)
    lengths = np.diff(offsets)
    present = values.is_valid().to_numpy(zero_copy_only=False)
    for size in (18, 15):
        rows = np.flatnonzero(present & (lengths == size))
        m = len(rows)
        if not m:
            continue
        first = offsets[rows[0]]
        if offsets[rows[-1]] - first == size * (m - 1):
            chars = data[first : first + size * m].reshape(m, size)  # back to back: no copy
        else:
            chars = data[offsets[rows][:, None] + np.arange(size)]
        cols = (chars - np.uint8(48)).T.copy()  # one contiguous row per position; a non-digit wraps to 10+
        ok = cols[: 17 if size == 18 else 15].max(axis=0) <= 9
        d = cols.astype(np.int32)  # a weighted sum and yyyymmdd do not fit 16 bits
        if size == 18:
            ok &= d[0] != 0  # no region code starts with 0
            year = d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9]
            month, day = d[10] * 10 + d[11], d[12] * 10 + d[13]
            total = (np.array(RIC_WEIGHTS, np.int32)[:, None] * d[:17]).sum(axis=0)
            ok &= chars[:, 17] == np.frombuffer(RIC_CHECK.encode(), np.uint8)[total % 11]
            born = (year * 100 + month) * 100 + day  # yyyymmdd
            ok &= (born >= int(f"{RIC_EARLIEST:%Y%m%d}")) & (born <= int(f"{today:%Y%m%d}"))
        else:
            ok &= (d[0] >= 1) & (d[0] <= 6)  # a province's code, as ric15_plausible asks
            year = 1900 + d[6] * 10 + d[7]
            month, day = d[8] * 10 + d[9], d[10] * 10 + d[11]
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        month_ok = (month >= 1) & (month <= 12)
        days = np.array(_DAYS)[np.where(month_ok, month, 0)] + (leap & (month == 2))
        out[rows] = ok & month_ok & (day >= 1) & (day <= days)
    return out


def hash_uuid(hex_hash: str) -> uuid.UUID:
    """`keyed_hash`'s hex text as the UUID the warehouse stores."""
    return uuid.UUID(hex=hex_hash)


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """An 18-character resident ID becomes `110***********0021`: first 3 and last 4 kept; short values keep less."""
    v = value.strip()
    if len(v) <= 4:
        return "*" * len(v)
    if len(v) <= keep_start + keep_end + 2:
        keep_start, keep_end = 1, 1
    return v[:keep_start] + "*" * (len(v) - keep_start - keep_end) + v[-keep_end:]


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_LONG_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]*\d[A-Za-z0-9 -]{4,}[0-9Xx](?![A-Za-z0-9])")


def redact(text: str) -> str:
    """Mask anything in free text (a library's error message) that could be an identifier:
    e-mail addresses and runs of six or more characters holding digits."""
    text = _EMAIL.sub(lambda m: mask(m.group()), text)
    return _LONG_CODE.sub(lambda m: mask(m.group()) if sum(c.isdigit() for c in m.group()) >= 6 else m.group(), text)
