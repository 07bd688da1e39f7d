"""E-mail addresses with an ASCII local part, found inside Chinese text.

Presidio's own EmailRecognizer is not used: it fetches the public-suffix list over the network
(tldextract) and its pattern swallows Han characters in front of the "@".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from outbound.classifiers.recognizers.base import Pattern, Recognizer

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", re.ASCII)
# validate_result's rules in one regex, for ASCII top-level labels: a local part of 1-64 characters
# before the last "@" (a label has none), labels, an alphabetic top-level label.
_ADDRESS = re.compile(rf"(?s:.{{1,64}})@(?:{_LABEL.pattern}\.)+[A-Za-z]+", re.ASCII)
MAX_ADDRESS = 254


class EmailRecognizer(Recognizer):
    """local@domain.tld; the local part starts right after any Han text ("联系张三zhang@…").

    Decided by value: an ASCII local part of at most 64 characters and a domain of valid labels
    with an alphabetic top-level label of two or more letters.
    """

    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = [
        Pattern(
            "email",
            r"(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])"
            + _LOCAL
            + "@"
            + _DOMAIN
            + r"(?![A-Za-z0-9-]|\.[A-Za-z0-9])",
            0.5,
        ),
    ]
    CONTEXT = ["邮箱", "电子邮件", "email", "mail"]
    MIN_LEN, MAX_LEN = 6, 254

    def validate_result(self, pattern_text: str) -> bool:
        local, _, domain = pattern_text.rpartition("@")
        if not local or len(local) > 64 or len(pattern_text) > MAX_ADDRESS:
            return False
        *labels, tld = domain.split(".")
        return bool(labels) and tld.isalpha() and all(_LABEL.fullmatch(x) for x in labels)

    def validate_many(self, texts: Sequence[str]) -> list[bool | None]:
        """One regex per value (`_ADDRESS`) instead of splitting; a non-ASCII value it refuses is
        asked one by one (its top-level label may be a Han word). Measured (bench/distinct.py values,
        timeit): 1.0 -> 0.5 µs per value."""
        whole, validate = _ADDRESS.fullmatch, self.validate_result
        return [
            len(t) <= MAX_ADDRESS if whole(t) is not None else False if t.isascii() else validate(t)
            for t in texts
        ]
