"""Names inside running Chinese text, by jieba's part-of-speech tags: a weak signal, used sparingly.

The recognizer's patterns find names set off by punctuation or cues (联系人张伟, 由张伟代收,
张女士). A name inside a sentence ("请张伟明天回电") has no such edge; jieba's `posseg` tags it
`nr`. jieba is noisy (it tags 安静 "quiet" as a name) and loading its dictionary costs ~0.5 s, so
it is consulted only for a free-text column whose header already hints at person names, and a
tagged word still has to read as a name (`person_name.split_name`).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from outbound.classifiers.recognizers.person_name import split_name


@functools.cache
def _posseg() -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # it announces its dictionary cache on stderr otherwise
    return jieba.posseg


def names_in(text: str) -> list[str]:
    """Words jieba tags as person names (`nr`) that also start with a surname and read as a name."""
    return [w.word for w in _posseg().cut(text) if w.flag == "nr" and split_name(w.word) is not None]
