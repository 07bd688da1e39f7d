"""Device identifiers: IMEI, MEID, MAC addresses; UUIDs (advertising ids) only under a header."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from outbound.classifiers.recognizers.base import Pattern, Recognizer
from outbound.classifiers.recognizers.batch import by_width, digit_rows, verdicts
from outbound.classifiers.recognizers.boundaries import CLOSE, NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM, OPEN
from outbound.identifiers.checksums import luhn_is_valid, luhn_valid_rows, ric15_plausible, ric_valid_rows

# GSMA reporting-body identifiers: the first two digits of every allocated IMEI type code.
_IMEI_RBI = frozenset(
    {
        "00",
        "01",
        "10",
        "30",
        "33",
        "35",
        "44",
        "45",
        "49",
        "50",
        "51",
        "52",
        "53",
        "54",
        "86",
        "91",
        "98",
        "99",
    }
)
_IS_IMEI_RBI = np.zeros(100, bool)  # by the first two digits as a number
_IS_IMEI_RBI[[int(rbi) for rbi in _IMEI_RBI]] = True
_HEX = "[0-9A-F]"
_NOT_HEX_DIGIT = re.compile(r"[^0-9A-F]", re.IGNORECASE)
_OPEN_HEX = r"(?<![0-9A-Za-z_:.-])"
_CLOSE_HEX = r"(?![0-9A-Za-z_:-]|[.][0-9A-Za-z])"


def _imei_rows(chars: np.ndarray) -> np.ndarray:
    """IMEI verdicts for rows of 15 characters: digits only are decided here, the rest asked."""
    digits = digit_rows(chars)
    rbi = np.where(digits, (chars[:, 0].astype(np.int16) - ord("0")) * 10 + chars[:, 1] - ord("0"), 0)
    valid = _IS_IMEI_RBI[rbi] & luhn_valid_rows(chars) & ~ric_valid_rows(chars)  # ric15_plausible
    return verdicts(digits, valid)


class DeviceIdRecognizer(Recognizer):
    """Decided by value: IMEI (15 digits, Luhn, a known reporting body; also 2-6-6-1 grouped),
    MEID (14 hex digits, regional code A0-FF), MAC (6 octets with ":" or "-", or Cisco xxxx.xxxx.xxxx;
    not all-zero or broadcast).

    Needs a header: a UUID is far more often a record key (GUID) than a device's advertising id,
    and 12 bare hex digits are as often a hash; both are proposed with a low score. 15-digit numbers
    that read as a first-generation resident ID are not taken for IMEIs.
    """

    ENTITY = "DEVICE_ID"
    PATTERNS = [
        Pattern("imei", OPEN + r"[0-9]{15}" + CLOSE, 0.4),
        Pattern("imei-grouped", OPEN + r"[0-9]{2}([ -])[0-9]{6}\1[0-9]{6}\1[0-9]" + CLOSE, 0.4),
        Pattern("meid", NOT_AFTER_ALNUM + r"[A-F][0-9A-F]{13}" + NOT_BEFORE_ALNUM, 0.4),
        Pattern("mac", _OPEN_HEX + rf"{_HEX}{{2}}([:-]){_HEX}{{2}}(?:\1{_HEX}{{2}}){{4}}" + _CLOSE_HEX, 0.4),
        Pattern("mac-cisco", _OPEN_HEX + rf"{_HEX}{{4}}\.{_HEX}{{4}}\.{_HEX}{{4}}" + _CLOSE_HEX, 0.4),
        Pattern("mac-bare", NOT_AFTER_ALNUM + rf"{_HEX}{{12}}" + NOT_BEFORE_ALNUM, 0.1),
        Pattern(
            "uuid",
            _OPEN_HEX + rf"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}" + _CLOSE_HEX,
            0.1,
        ),
    ]
    CONTEXT = ["imei", "meid", "mac", "mac地址", "设备号", "设备id", "设备标识", "device id", "idfa", "oaid"]
    MIN_LEN, MAX_LEN = 12, 36
    BATCH_FROM = 24  # values of one width from which numpy pays (65 µs against 86 for the loop)

    def validate_result(self, pattern_text: str) -> bool | None:
        text = pattern_text.upper()
        if "-" in text and len(text) == 36:  # UUID
            return None
        digits = _NOT_HEX_DIGIT.sub("", text)
        if len(digits) == 15:
            return (
                digits.isdigit()
                and digits[:2] in _IMEI_RBI
                and luhn_is_valid(digits)
                and not ric15_plausible(digits)
            )
        if len(digits) == 14:
            return text[0] in "ABCDEF" and any(c.isdigit() for c in text)
        if len(digits) != 12 or len(set(digits)) == 1:  # all-zero and broadcast addresses
            return False
        if len(text) > 12:  # separated octets
            return True
        # Bare: twelve digits alone are a timestamp or a counter far more often than a MAC.
        return None if not digits.isdigit() and not digits.isalpha() else False

    def validate_many(self, texts: Sequence[str]) -> list[bool | None]:
        """15 ASCII digits (IMEIs) in numpy (Luhn: `checksums.luhn_valid_rows`); MACs, MEIDs and UUIDs
        one by one. Measured (bench/distinct.py columns, timeit): 1.8 -> 0.3 µs per value."""
        return by_width(texts, {15: _imei_rows}, self.validate_result, least=self.BATCH_FROM)
