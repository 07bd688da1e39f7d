"""Word lists under `classifiers/data/`, each file with its source in its header comment.

Format: `#` starts a comment; `[section]` lines open a section (text before any is section "");
other lines are entries (whole lines, stripped). Each file is read once per process.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def sections(filename: str) -> dict[str, tuple[str, ...]]:
    text = resources.files("outbound.classifiers").joinpath("data", filename).read_text(encoding="utf-8")
    out: dict[str, list[str]] = {"": []}
    current = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            out.setdefault(current, [])
            continue
        out[current].append(line)
    return {k: tuple(v) for k, v in out.items()}


def entries(filename: str, section: str = "") -> tuple[str, ...]:
    return sections(filename).get(section, ())


class TermSet:
    """Fast "does this text contain one of these terms": terms are looked up from their last character.

    Cheaper than a regex alternation of a few hundred literals on short cells (measured ~1 µs for a
    ten-character cell).
    """

    def __init__(self, terms: tuple[str, ...]) -> None:
        self.terms = frozenset(terms)
        ends: dict[str, set[int]] = {}
        for t in self.terms:
            ends.setdefault(t[-1], set()).add(len(t))
        self._ends = {c: tuple(sorted(ls, reverse=True)) for c, ls in ends.items()}
        self._end_chars = frozenset(ends)

    def first_in(self, text: str) -> str | None:
        """The first term ending earliest in `text` (longest at that end), or None."""
        if self._end_chars.isdisjoint(text):  # no character a term ends with (a C-level test)
            return None
        for i, ch in enumerate(text):
            for n in self._ends.get(ch, ()):
                start = i + 1 - n
                if start >= 0 and text[start : i + 1] in self.terms:
                    return text[start : i + 1]
        return None
