"""How the recognizer tables read a result: "value" (decided alone), "header" (shape only), "no"."""

from __future__ import annotations

from outbound.classifiers.recognizers.base import HEADER_ONLY_BELOW, Recognizer


def verdict(rec: Recognizer, cell: str) -> str:
    """The whole cell as one match: decided by value, plausible under a header, or not the entity."""
    score = rec.whole_score(cell)
    assert rec.matches_whole(cell) is (score >= HEADER_ONLY_BELOW)
    assert rec.matches_whole(cell, hinted=True) is (score > 0)
    return "value" if score >= HEADER_ONLY_BELOW else "header" if score > 0 else "no"


def found(rec: Recognizer, text: str) -> list[tuple[str, str]]:
    """Substrings `find` reports in free text, each with how it was decided."""
    return [(text[f.start : f.end], "header" if f.needs_header else "value") for f in rec.find(text)]


def single_substitutions(value: str, alphabet: str) -> list[str]:
    """Every string differing from `value` in exactly one position, over `alphabet`."""
    return [
        value[:i] + c + value[i + 1 :] for i, own in enumerate(value) for c in alphabet if c != own.upper()
    ]
