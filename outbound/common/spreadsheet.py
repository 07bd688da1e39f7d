"""Spreadsheet cells that stay data: the one formula neutraliser of every workbook we write.

A text cell starting with = + - @ (or a tab / carriage return, which some programs strip before
reading such a cell) may be taken as a formula by Excel or LibreOffice ("CSV/formula injection",
OWASP): `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` from a filing or a file name would run on the
reader's machine. Such a value is written as a typed text cell with the quote prefix Excel shows
as a leading apostrophe: the value itself is unchanged (it reads back identical), it is never
evaluated, and an edit in Excel keeps it text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """A string a spreadsheet program could read as a formula (see the module docstring)."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def set_text(cell: Any, value: Any) -> None:
    """Put `value` into an openpyxl cell; a formula-like string becomes an inert text cell."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl would store a leading "=" as a formula ("f")
        cell.quotePrefix = True


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """`ws.append(values)` with every formula-like string neutralised."""
    values = list(values)
    ws.append([None if is_formula_like(v) else v for v in values])
    row = ws.max_row
    for col, value in enumerate(values, 1):
        if is_formula_like(value):
            set_text(ws.cell(row=row, column=col), value)
