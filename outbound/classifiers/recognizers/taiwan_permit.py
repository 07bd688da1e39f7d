"""Travel permits between the mainland and Taiwan, in both directions."""

from __future__ import annotations

from outbound.classifiers.recognizers.base import Pattern, Recognizer
from outbound.classifiers.recognizers.boundaries import NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM


class TaiwanPermitRecognizer(Recognizer):
    """Both kinds need a header; proposed with a low score.

    大陆居民往来台湾通行证: T + 8 digits (booklet) or L + 8 digits (e-card) — one letter and 8
    digits, the shape of member numbers and internal codes. 台湾居民来往大陆通行证 (台胞证): 8 digits
    (older cards 10, with a renewal count), which any counter or code can be; only as a whole cell
    (a line), never inside free text.
    """

    ENTITY = "TAIWAN_PERMIT"
    PATTERNS = [
        Pattern("taiwan-permit-mainland", NOT_AFTER_ALNUM + r"[TL][0-9]{8}" + NOT_BEFORE_ALNUM, 0.15),
        Pattern("taiwan-compatriot-permit", r"^[0-9]{8}(?:[0-9]{2})?$", 0.1),
    ]
    CONTEXT = ["台湾通行证", "台胞证", "台湾居民来往大陆通行证", "往来台湾通行证", "twtxz"]
    MIN_LEN, MAX_LEN = 8, 10
    NEEDS_HEADER = True

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = pattern_text.strip().lstrip("TtLl")
        return False if len(set(digits)) == 1 else None
