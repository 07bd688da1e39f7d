"""Column names: their normalisation, shared by the header hints (classifiers) and list matching
(lists), and how a nested column names the rows it lives on, shared by the readers (scanners) and
the full pass (fullpass)."""

from __future__ import annotations

import re

_DROP = re.compile(r"[\s_\-.]+")


def normalise_header(header: object) -> str:
    """Lower case; for a dotted nested name the last segment; no spaces, '_', '-' or '.'.

    "customer.ID_No" -> "idno", "身份证 号" -> "身份证号", "Mobile-Phone" -> "mobilephone".
    """
    text = str(header).strip().lower()
    segments = [s for s in text.split(".") if s.strip()]
    return _DROP.sub("", segments[-1] if segments else text)


UNITS = "[]"  # in a column name: the objects of this array are rows of their own


def unit_of(name: str) -> tuple[str, str]:
    """("guests[]", "id_no") for "guests[].id_no": the array whose objects are the column's rows,
    and the column's path inside one object; ("", name) for a column of the record's own row."""
    at = name.rfind(UNITS + ".")
    return ("", name) if at < 0 else (name[: at + len(UNITS)], name[at + len(UNITS) + 1 :])
