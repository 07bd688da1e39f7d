"""Travel permits between the mainland and Hong Kong / Macao, in both directions."""

from __future__ import annotations

import re

from outbound.classifiers.recognizers.base import Pattern, Recognizer
from outbound.classifiers.recognizers.boundaries import NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM, SERIAL_LETTER

# 往来港澳通行证 (mainland residents; card since 2014): C + 8 digits, then C + letter other than I/O
# + 7 digits. 港澳居民来往内地通行证 (回乡证): H (Hong Kong) or M (Macao) + 8 digits, older cards
# followed by a 2-digit renewal count. One letter + 8 digits is also the shape of member numbers
# and internal codes (the demo retailer's member_id is M + 8 digits), so it needs a header.
_DECIDED = rf"(?:C[{SERIAL_LETTER}][0-9]{{7}}|[HM][0-9]{{10}})"
_LETTER_AND_8 = r"[CHMW][0-9]{8}"
_DECIDED_RE = re.compile(_DECIDED, re.IGNORECASE)


class HkMacaoPermitRecognizer(Recognizer):
    """CA1234567 and H1234567801 (with the renewal count) decide by value.

    Needs a header: C / H / M + 8 digits and the pre-2014 booklet form W + 8 digits — one letter
    and 8 digits, the shape of member numbers and many internal codes — proposed with a low score.
    """

    ENTITY = "HK_MACAO_PERMIT"
    PATTERNS = [
        Pattern("hk-macao-permit", NOT_AFTER_ALNUM + _DECIDED + NOT_BEFORE_ALNUM, 0.4),
        Pattern("hk-macao-permit-letter-8", NOT_AFTER_ALNUM + _LETTER_AND_8 + NOT_BEFORE_ALNUM, 0.15),
    ]
    CONTEXT = ["港澳通行证", "往来港澳通行证", "回乡证", "港澳居民来往内地通行证", "通行证", "gatxz"]
    MIN_LEN, MAX_LEN = 9, 11

    def validate_result(self, pattern_text: str) -> bool | None:
        return True if _DECIDED_RE.fullmatch(pattern_text) else None
