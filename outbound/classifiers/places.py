"""Administrative-division names of China, read lazily from python-stdnum's `cn/loc.dat`.

stdnum ships the table of province, prefecture and county codes (with names, including former
ones marked with their years) that its resident-ID module uses; it is compiled from the Wikipedia
pages of the 中华人民共和国行政区划代码 (see the file's header) and kept up to date with each
stdnum release. Only names with a division suffix are kept (朝阳区, 石家庄市, 河北省): bare
names such as 朝阳 are ordinary words too often. Loaded once per process (~4,000 names, ~20 ms).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

_NAME = re.compile(r'(?:province|county)="([^"]+)"')
_YEARS = re.compile(r"\[[0-9-]*\]")
# Generic entries of the table that name no place ("市辖区", "县", "郊区").
_GENERIC = frozenset({"市辖区", "县", "郊区", "矿区", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖行政单位"})
SUFFIXES = ("特別行政區", "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区",
            "省", "市", "区", "县", "旗", "盟", "州")


@functools.cache
def division_names() -> frozenset[str]:
    """Every suffixed division name in the table, current and former."""
    text = resources.files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    # an entry may hold several names ("万县区,[1998-]万州区"), each perhaps with its years
    names = {_YEARS.sub("", n).strip() for m in _NAME.finditer(text) for n in m.group(1).split(",")}
    # two-character names (和县, 东区) are too often parts of ordinary words
    return frozenset(n for n in names if n not in _GENERIC and len(n) >= 3 and n.endswith(SUFFIXES))


@functools.cache
def _by_last_char() -> dict[str, tuple[int, ...]]:
    """Name lengths ending in each final character, to look names up from their suffix."""
    lengths: dict[str, set[int]] = {}
    for n in division_names():
        lengths.setdefault(n[-1], set()).add(len(n))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}


def divisions_in(text: str) -> list[str]:
    """Division names occurring in `text`, found by their final character (cheap on long text)."""
    names, ends = division_names(), _by_last_char()
    found = []
    for i, ch in enumerate(text):
        for n in ends.get(ch, ()):
            start = i + 1 - n
            if start >= 0 and text[start : i + 1] in names:
                found.append(text[start : i + 1])
                break
    return found


@functools.cache
def _suffix_chars() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(_by_last_char())) + "]")


def has_division(text: str) -> bool:
    """Whether some division name of the table occurs in `text`."""
    names, ends = division_names(), _by_last_char()
    for m in _suffix_chars().finditer(text):
        i = m.end()
        if any(i >= n and text[i - n : i] in names for n in ends[m.group()]):
            return True
    return False
