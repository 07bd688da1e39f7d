"""Mainland motor-vehicle plates (GA 36-2018): ordinary, new-energy and suffix plates."""

from __future__ import annotations

from collections.abc import Sequence

from outbound.classifiers.recognizers.base import Pattern, Recognizer
from outbound.classifiers.recognizers.boundaries import NOT_BEFORE_ALNUM, SERIAL_LETTER

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_HEAD = rf"[{_PROVINCES}][A-Z][·•・ -]?"  # province, issuing office, optional separator
_SERIAL = rf"[{SERIAL_LETTER}0-9]"


class LicensePlateRecognizer(Recognizer):
    """粤B12345, 京A·AB123, 沪AD12345 / 沪A12345D (new energy), 粤Z1234港, 京A1234学.

    Decided by value: province abbreviation, the issuing office's letter, then 5 characters
    (ordinary), 6 (new energy: D or F first and 4 digits last for small cars, 5 digits then D or F
    for large ones) or 4 and a suffix (学 警 挂 领 港 澳 试 超). Serial letters never include I or O.
    An ordinary serial needs at least two digits, so words written after a province name do not match.
    """

    ENTITY = "LICENSE_PLATE"
    PATTERNS = [
        Pattern("plate", _HEAD + _SERIAL + "{5}" + NOT_BEFORE_ALNUM, 0.4),
        Pattern(
            "plate-new-energy",
            _HEAD + r"(?:[DF]" + _SERIAL + r"[0-9]{4}|[0-9]{5}[DF])" + NOT_BEFORE_ALNUM,
            0.4,
        ),
        Pattern("plate-suffix", _HEAD + _SERIAL + "{4}[学警挂领港澳试超]", 0.4),
    ]
    CONTEXT = ["车牌", "车牌号", "车牌号码", "号牌", "plate", "license plate", "cph"]
    MIN_LEN, MAX_LEN = 7, 9

    def validate_result(self, pattern_text: str) -> bool:
        return sum(c.isdigit() for c in pattern_text) >= 2

    def validate_many(self, texts: Sequence[str]) -> list[bool | None]:
        """The same count with `map` (no generator frame per value). Measured (bench/distinct.py values,
        timeit): 0.5 -> 0.3 µs per value."""
        return [sum(map(str.isdigit, t)) >= 2 for t in texts]
