"""Person names without NER: Chinese names by surname table, romanised names by pinyin.

No Chinese NER model can be installed here, and spaCy's scores F ~0.68 on names. A column of
names is recognised from what names are made of: a short Han string starting with a surname
(`data/surnames.txt`: 《百家姓》 and the 2020 national ranking) whose given-name part holds no
word-forming character (`data/name_stop_chars.txt`), and — over the column — mostly common
surnames (`column_check`). Minority and transliterated names join Han parts with a middle dot.
Romanised names decide alone when they are pinyin with a pinyin surname (ZHANG San); other
Latin "First Last" shapes need a header.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from outbound.classifiers.lexicon import entries
from outbound.classifiers.recognizers.base import Pattern, Recognizer

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
DOTS = "·•・‧"
_DOT_SET = frozenset(DOTS)
TITLES = ("先生", "女士", "小姐")
_CUES = ("联系人", "姓名", "收件人", "收货人", "经办人", "客户", "患者", "乘客", "住客")
_CUE = re.compile(f"^(?:{'|'.join(_CUES)})[:：\\s]*")
# A cell that can only be read as a name as it stands: 2-4 Han characters, no cue, title or dot.
_PLAIN_HAN = re.compile(f"[{HAN}]{{2,4}}")
_LATIN = re.compile(r"[A-Za-z]")
# One pinyin syllable (initial + final); a romanised Chinese name is a run of them per word.
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|iao|ian|uai|uan|ang|eng|ing|ong|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ve|ue|er|a|o|e|i|u|v)"
)
_PINYIN_WORD = re.compile(f"(?:{_SYLLABLE})+")
_TITLE_EN = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s)?"
_WORD_EN = r"[A-Z](?:[A-Za-z]+|'[A-Z][A-Za-z]+)(?:['-][A-Za-z]+)*"  # Smith, O'Neil, Smith-Jones
_SUFFIX_EN = r"(?:,?\s(?:Jr|Sr|II|III|IV|MD|PhD|DDS|DVM)\.?)?"
# Names in a column are drawn from the population: most start with one of the 100 commonest
# surnames. Short words that merely start with a surname character mostly do not (product setting).
COMMON_SURNAME_SHARE = 0.5


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(single, compound, common) surnames from data/surnames.txt."""
    rows = [line.split() for line in entries("surnames.txt")]
    single = frozenset(r[0] for r in rows if len(r[0]) == 1)
    compound = frozenset(r[0] for r in rows if len(r[0]) == 2)
    common = frozenset(r[0] for r in rows if "top100" in r[1].split(",")) | compound
    return single, compound, common


@functools.cache
def _stop_chars() -> frozenset[str]:
    return frozenset("".join("".join(line.split()) for line in entries("name_stop_chars.txt")))


@functools.cache
def _pinyin_surnames() -> frozenset[str]:
    return frozenset(line.split()[0] for line in entries("surnames_pinyin.txt"))


def split_name(text: str) -> tuple[str, str] | None:
    """(surname, given name) of a 2-4 character Han name, or None when it cannot be one."""
    single, compound, _ = _surnames()
    return _split(text, single, compound, _stop_chars())


def _split(text: str, single: frozenset[str], compound: frozenset[str], stop: frozenset[str]) -> tuple[str, str] | None:
    if 3 <= len(text) <= 4 and text[:2] in compound:
        surname, given = text[:2], text[2:]
    elif 2 <= len(text) <= 3 and text[0] in single:
        surname, given = text[0], text[1:]
    else:
        return None
    if given in TITLES:  # 张先生
        return surname, given
    return (surname, given) if stop.isdisjoint(given) else None


def _han_name(text: str) -> bool:
    name = _CUE.sub("", text)
    if any(d in name for d in DOTS):
        parts = re.split(f"[{DOTS}]", name)
        return all(re.fullmatch(f"[{HAN}]+", p) for p in parts) and sum(map(len, parts)) >= 3
    if name.endswith(TITLES) and len(name) > 2:  # 张女士, 张伟先生
        name = name[:-2]
        return len(name) == 1 and name in _surnames()[0] or split_name(name) is not None
    if name == text:
        return split_name(name) is not None
    # after a cue ("联系人张伟来电") the name may run on into the sentence: try shorter readings
    return any(split_name(name[:n]) is not None for n in (3, 2))


def _pinyin_name(text: str) -> bool:
    words = [w for w in re.split(r"[\s,.]+", text.lower()) if w and w not in ("mr", "mrs", "ms", "miss", "dr")]
    return (
        2 <= len(words) <= 3
        and all(_PINYIN_WORD.fullmatch(w) for w in words)
        and (words[0] in _pinyin_surnames() or words[-1] in _pinyin_surnames())
    )


class PersonNameRecognizer(Recognizer):
    """张伟, 欧阳娜娜, 买买提·艾力, 王先生, ZHANG San (value decides); Ryan Gallagher (header needed)."""

    ENTITY = "PERSON_NAME"
    FLAGS = re.DOTALL | re.MULTILINE  # case matters: "First Last" is capitalised
    PATTERNS = [
        # not right after a digit: "5单元703室" holds a unit, not a person
        Pattern("han-name", f"(?<![{HAN}0-9])[{HAN}]{{2,4}}(?![{HAN}])", 0.4),
        Pattern("han-name-dot", f"(?<![{HAN}{DOTS}])[{HAN}]{{1,10}}(?:[{DOTS}][{HAN}]{{1,10}}){{1,3}}(?![{HAN}{DOTS}])", 0.4),
        Pattern("han-name-cue", f"(?:联系人|姓名|收件人|收货人|经办人|乘客|住客)[:：]?[{HAN}]{{2,4}}", 0.4),
        Pattern("han-name-title", f"(?<![{HAN}])[{HAN}]{{1,3}}(?:先生|女士|小姐)", 0.4),
        # 由张伟代收, 请王芳签收: a name between a particle and what people do with parcels and calls
        Pattern("han-name-frame", f"(?:(?<=[由请给交让找])|(?<![{HAN}])(?![由请给交让找]))[{HAN}]{{2,3}}(?=代收|签收|来电|致电|转交|办理)", 0.4),
        Pattern("latin-name", rf"(?<![A-Za-z.'-]){_TITLE_EN}{_WORD_EN}(?:\s[A-Z]\.?)?(?:\s{_WORD_EN}){{1,2}}{_SUFFIX_EN}(?![A-Za-z])", 0.2),
    ]
    CONTEXT = ["姓名", "名字", "联系人", "name", "full name", "xm"]
    MIN_LEN, MAX_LEN = 2, 40

    def validate_result(self, pattern_text: str) -> bool | None:
        text = pattern_text.strip()
        if _LATIN.search(text):
            return True if _pinyin_name(text) else None
        return _han_name(text)

    def validate_many(self, texts: Sequence[str]) -> list[bool | None]:
        """Plain 2-4 Han characters (no cue, title or dot) straight to the surname split, the tables
        looked up once; the rest one by one. Measured (bench/distinct.py values, timeit): 1.9 -> 0.9
        µs per value."""
        single, compound, _ = _surnames()
        stop, plain, validate = _stop_chars(), _PLAIN_HAN.fullmatch, self.validate_result
        return [
            _split(t, single, compound, stop) is not None
            if plain(t) is not None and not t.startswith(_CUES) and not t.endswith(TITLES)
            else validate(t)
            for t in texts
        ]

    def column_check(self, values: Sequence[tuple[str, int]], *, hinted: bool) -> str | None:
        """Why the validated values of a column are not a column of names (None: they are)."""
        if hinted:
            return None
        single, compound, common = _surnames()
        stop = _stop_chars()
        han = [(v, n) for v, n in values if not _LATIN.search(v) and _DOT_SET.isdisjoint(v)]
        total = sum(n for _, n in han)
        if not total:
            return None
        usual = sum(n for v, n in han if (parts := _split((_CUE.sub("", v) if v.startswith(_CUES) else v)[:4],
                                                          single, compound, stop)) and parts[0] in common)
        if usual < COMMON_SURNAME_SHARE * total:
            return (f"{usual} of {total} start with one of the 100 commonest surnames"
                    f" (< {COMMON_SURNAME_SHARE:.0%}): words, not names")
        return None
