"""Column-name normalisation shared by the header hints (classifiers) and list matching (lists)."""

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
