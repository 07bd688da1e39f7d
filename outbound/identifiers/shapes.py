"""Which identifiers link rows as one person: the shape a normalised value must have, in Python,
DuckDB SQL and numpy (the full pass's resident-ID check over millions of values)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

# The shape a normalised value must have to link rows as one person. A placeholder typed into an
# identifier column ("N/A", "无", "0") must not merge everyone who has it into one person; a row whose
# identifier cells all fail their shape still counts, as a person without an identifier.
LINK_SHAPES: dict[str, str] = {
    "CN_RESIDENT_ID": r"[0-9]{17}[0-9X]|[0-9]{15}",
    "CN_MOBILE": r"1[3-9][0-9]{9}",  # mainland mobile prefixes 13-19: 11111111111, 12345678901 never link
    "EMAIL_ADDRESS": r"[^@ ]+@[^@ ]+",
}
# A resident ID links only when the classifier would call it one (identifiers.checksums: a real
# birth date from 1900 to today, and for 18 characters the MOD 11-2 check character). A dummy such
# as 000000000000000000 typed for many people would otherwise make them one person; a row whose ID
# fails counts on its own.
DEFAULT_LINK_SHAPE = r"[0-9A-Z]*[0-9][0-9A-Z]*"  # document numbers: letters and digits, a digit at least
# Document numbers typed for anyone who has none: one digit repeated, after a letter or two or
# none (E00000000, G99999999, 111111111111111111), or the digits counted up (12345678, 123456789).
# They link no one (see identifiers.content for zeros only).
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


def _resident_id_valid(v: str) -> bool:
    """A well-shaped resident ID (18 or 15 digits) that `identifiers.checksums` accepts."""
    from outbound.identifiers.checksums import ric15_plausible, ric_is_valid  # loaded in any scan

    return ric_is_valid(v) if len(v) == 18 else ric15_plausible(v)


def linkable_sql(entity: str, expr: str) -> str:
    """SQL form of `linkable(entity, expr)` over a normalised ASCII value, but for the resident ID's
    check character and birth date, which `valid_resident_ids` checks on the keyed chunk (the same
    arithmetic in SQL cost 2 s for 2 million IDs, measured; numpy takes a few hundredths)."""
    shape = LINK_SHAPES.get(entity, DEFAULT_LINK_SHAPE)
    shaped = f"(length({expr}) >= {_LINK_MIN_LENGTH} AND regexp_full_match({expr}, '{shape}'))"
    return shaped if entity in LINK_SHAPES else f"({shaped} AND NOT regexp_full_match({expr}, '{DUMMY_NUMBER}'))"


def valid_resident_ids(values: pa.Array, today: dt.date | None = None) -> np.ndarray:
    """`_resident_id_valid` of each value of a string array of well-shaped IDs (null: False).

    The same rules as `checksums.ric_is_valid` / `ric15_plausible`, in their numpy form
    (`checksums.ric_valid_rows`) over the Arrow buffers: the full pass checks millions of IDs, and
    the arithmetic in DuckDB SQL took about 2 s for 2 million (measured); this about 0.05 s."""
    import numpy as np
    import pyarrow as pa

    from outbound.identifiers.checksums import ric_valid_rows

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
        out[rows] = ric_valid_rows(chars, today)
    return out


# Identifiers whose shape is checked strictly enough to be told apart in a list of another
# column's values ("13812345678;li@x.cn" in a contacts column): a document number's shape
# (letters and digits) would also fit an order number.
STRICT_SHAPES = ("CN_RESIDENT_ID", "CN_MOBILE", "EMAIL_ADDRESS")
