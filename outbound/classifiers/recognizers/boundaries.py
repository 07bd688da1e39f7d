"""Regex fragments that delimit a match inside Chinese or mixed text.

`\\b` does not fire between a Han character and a digit ("手机13812345678"), so matches are
delimited with lookarounds instead: not glued to a longer run of letters or digits, and not part of
a decimal number. Lookbehinds have a fixed width so that both `re` (the fast path) and `regex`
(Presidio) compile them the same way.
"""

from __future__ import annotations

NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z_])"
NOT_BEFORE_ALNUM = r"(?![0-9A-Za-z_])"
NOT_AFTER_DECIMAL_POINT = r"(?<![0-9][.])"
NOT_BEFORE_DECIMAL_POINT = r"(?![.][0-9])"

# A number standing on its own: not inside a longer run and not the digits of a decimal.
OPEN = NOT_AFTER_ALNUM + NOT_AFTER_DECIMAL_POINT
CLOSE = NOT_BEFORE_ALNUM + NOT_BEFORE_DECIMAL_POINT

# Letters of serial numbers on Chinese documents and plates: I and O are never used.
SERIAL_LETTER = "A-HJ-NP-Z"
