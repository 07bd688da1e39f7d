"""Masks: how an identifier or a library's message is shown in evidence, logs and reports."""

from __future__ import annotations

import re


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


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def printable(name: object) -> str:
    """A file name (or any text) safe to print on one line: bytes that are not UTF-8 (a GBK name
    read on a UTF-8 system arrives as surrogates) as \\xNN, control and bidi/format characters as
    \\n, \\t or \\uNNNN. A name holding a newline can then not forge a `recorded …` line."""
    text = str(name).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    def escape(m: re.Match[str]) -> str:
        c = m.group()
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")

    return _UNPRINTABLE.sub(escape, text)


def unicode_name(name: object) -> str:
    """A file name as text any database or JSON takes: bytes that are not UTF-8 as \\xNN (a GBK
    name on a UTF-8 system), everything else as it is."""
    return str(name).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
