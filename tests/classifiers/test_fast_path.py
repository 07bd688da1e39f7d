"""The fast path's building blocks: distinct values and the prefilters derived from the regexes.

The prefilter must be sound: whenever a recognizer's pattern matches a value whole (or inside a
text), the derived conditions must let the value through, or the fast path would lose matches
that Presidio finds. Checked over Faker values, synthetic identifiers and the decoys.
"""

from __future__ import annotations

import math
import random
import re

import pytest
from faker import Faker
from hypothesis import given, settings
from hypothesis import strategies as st

from outbound.classifiers.cells import NULL_TOKENS, column_values, reads_as_text
from outbound.classifiers.matching import matchers
from outbound.classifiers.profile import profile

from .synthetic import amount, card, grouped, guid, mobile, order_number, resident_id, sku, timestamp


def sample_values() -> list[str]:
    rng, zh, en = random.Random(3), Faker("zh_CN"), Faker("en_US")
    zh.seed_instance(3)
    en.seed_instance(3)
    out = []
    for _ in range(60):
        out += [resident_id(rng), mobile(rng), mobile(rng, "-"), "+86 " + mobile(rng, " "), card(rng),
                grouped(card(rng, 19)), order_number(rng), sku(rng), guid(rng), amount(rng), timestamp(rng),
                zh.name(), zh.address(), zh.email(), zh.ipv4(), zh.ipv6(), zh.mac_address(), zh.company(),
                zh.city(), zh.date_of_birth().isoformat(), zh.phone_number(), zh.license_plate(),
                f"{zh.latitude()},{zh.longitude()}", en.name(), en.address(), en.phone_number(),
                en.sentence(), zh.sentence(), f"联系人{zh.name()}，电话{mobile(rng)}", "高血压", "J45.9"]
    return out


VALUES = column_values(sample_values())


@pytest.mark.parametrize("matcher", matchers(), ids=lambda m: m.entity)
def test_when_a_pattern_matches_then_the_derived_prefilter_lets_the_value_through(matcher) -> None:
    rec = matcher.recognizer
    for i in range(VALUES.distinct):
        v = VALUES.value(i)
        for _, regex in rec.compiled:
            if rec.MIN_LEN <= v.length <= rec.MAX_LEN and regex.fullmatch(v.text):
                assert matcher.may_match_whole(v), (regex.pattern[:60], v.text)
            if regex.search(v.text):
                assert matcher.may_occur_in(v), (regex.pattern[:60], v.text)


@pytest.mark.parametrize(
    ("regex", "min_len", "max_len", "min_digits", "required"),
    [
        pytest.param(r"[1-9]\d{5}(?:19|20)\d{9}[\dX]", 18, 18, 17, set(), id="resident-id"),
        pytest.param(r"\w+@\w+\.com", 7, math.inf, 0, {"@", ".", "c", "o", "m"}, id="required-literals"),
        pytest.param(r"(?<![0-9])1[3-9]\d{9}(?![0-9])", 11, 11, 11, {"1"}, id="lookarounds-have-no-width"),
        pytest.param(r"(?:ab|cd)?\d{2,}", 2, math.inf, 2, set(), id="optional-and-unbounded"),
        pytest.param(r"(a|b1)c", 2, 3, 0, {"c"}, id="branch-takes-the-least"),
    ],
)
def test_when_regex_parsed_then_profile_as_tabled(regex, min_len, max_len, min_digits, required) -> None:
    p = profile(regex)
    assert (p.min_len, p.min_digits, set(p.required)) == (min_len, min_digits, required)
    assert p.max_len == max_len or (max_len == math.inf and p.max_len > 10**6)


def test_when_regex_needs_han_then_ascii_values_cannot_match() -> None:
    p = profile(r"[\u4e00-\u9fff]{2,4}")
    assert (p.min_non_ascii, p.any_non_ascii) == (2, True)
    ascii_only = profile(r"[A-Z]{2}\d+", re.IGNORECASE)
    assert (ascii_only.min_non_ascii, ascii_only.any_non_ascii) == (0, False)


def test_when_cells_counted_then_blank_none_nan_and_null_tokens_are_empty() -> None:
    cells = [" 张伟 ", "张伟", None, float("nan"), "", "  ", "\u3000", "无", "N/A", "null", "-", 7, "13812345678"]
    values = column_values(cells)
    assert list(zip(values.texts, values.counts, strict=True)) == [("张伟", 2), ("7", 1), ("13812345678", 1)]
    assert values.cells == 4
    assert {"无", "n/a", "null", "-"} <= NULL_TOKENS


@pytest.mark.parametrize(
    ("text", "length", "is_ascii", "digits", "texty"),
    [
        pytest.param("13812345678", 11, True, 11, False, id="digits"),
        pytest.param("138-1234-5678", 13, True, 11, False, id="digits-with-hyphens"),
        pytest.param("北京市朝阳区建国路88号", 12, False, 2, True, id="han-with-digits"),
        pytest.param("call me at 13812345678", 22, True, 11, True, id="english-sentence"),
        pytest.param("a;b", 3, True, 0, True, id="list-punctuation"),
    ],
)
def test_when_value_then_features_as_tabled(text, length, is_ascii, digits, texty) -> None:
    v = column_values([text]).value(0)
    assert (v.length, v.ascii, v.digits, v.texty) == (length, is_ascii, digits, texty)


@pytest.mark.parametrize(
    "text", ["2023-02-23 07:57:11", "2024-06-30T04:12:31.123+08:00", "2024/1/1", "10:37:38", "2024年1月1日 10时5分"]
)
def test_when_a_cell_is_a_date_or_a_time_then_it_does_not_read_as_free_text(text: str) -> None:
    from outbound.classifiers.cells import reads_as_text

    assert not reads_as_text(text)


@pytest.mark.parametrize("text", ["2024-01-01 13812345678", "客户 13812345678", "10.0.0.1, 10.0.0.2", "Customer called"])
def test_when_a_cell_holds_more_than_a_moment_then_it_still_reads_as_free_text(text: str) -> None:
    from outbound.classifiers.cells import reads_as_text

    assert reads_as_text(text)


def test_when_a_column_is_timestamps_then_it_is_not_searched_as_remarks(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    import outbound.classifiers.vote as vote
    from outbound.regulation import rules

    searched: list[int] = []
    monkeypatch.setattr(vote, "text_pass", lambda values, *a: searched.append(values.distinct) or 0)
    rng, on = random.Random(5), dt.date(2026, 3, 1)
    moments = [f"{dt.datetime(2025, 1, 1) + dt.timedelta(seconds=rng.randrange(10**7)):%Y-%m-%d %H:%M:%S}"
               for _ in range(300)]
    label = vote.classify_column("c07", moments, on=on, entity_rules=rules.entities(on), header_rules=rules.headers(on))
    assert label.entity is None and searched == []
    vote.classify_column("c08", [f"{m} 已发货" for m in moments], on=on, entity_rules=rules.entities(on),
                         header_rules=rules.headers(on))
    assert searched == [300]  # the same moments with words are remarks


@given(st.lists(st.sampled_from(["张三 李四", "2024-06-30 04:12:31", "13812345678", "备注：无", "a b", "x"]), max_size=40),
       st.sampled_from([0.0, 0.3, 0.5, 0.9, 1.0]))
def test_when_the_text_share_stops_early_then_it_answers_as_the_full_count(cells: list[str], share: float) -> None:
    values = column_values(cells)
    counted = sum(n for t, n in zip(values.texts, values.counts, strict=True) if reads_as_text(t))
    assert values.mostly_text(share) == (counted >= share * values.cells)


def test_when_white_space_is_listed_for_the_quick_count_then_it_is_what_strip_takes() -> None:
    from outbound.classifiers.cells import SPACE

    assert sorted(SPACE) == [chr(c) for c in range(0x110000) if chr(c).isspace()]


_CELL_CHARS = "0123456789.0 \t\n\u3000\u00a0\uff11\uff0c\u200b\u00ad,;|/[]=\"'-@_()（）。xXaAlLNnTsSu无小张三路号\x00"
_TOKENS = st.sampled_from(sorted(NULL_TOKENS)).flatmap(
    lambda t: st.sampled_from([t, t.upper(), t.title(), f"（{t}）", f"[ {t} ]", f"{t}。", f" {t}", f"({t.upper()})"]))
_CELLS = st.one_of(st.text(alphabet=_CELL_CHARS, max_size=16), _TOKENS,
                   st.sampled_from(["110101199003071234", "13812345678.0", "13812345678/13987654321", "1.50",
                                    "[13812345678, 13987654321]", "abcde, fghij", "a@b.cn;c@d.cn", "2024-06-30 04:12:31",
                                    "+86 138 1234 5678", "Nancy", "小明", "12345678901.00"]))


@settings(max_examples=300)
@given(st.lists(_CELLS, max_size=12))
def test_when_a_column_is_counted_quickly_then_it_counts_as_the_per_value_loop(cells: list[str]) -> None:
    import outbound.classifiers.cells as module

    quick = column_values(cells)
    plain = module._plain
    try:
        module._plain = lambda raw: False  # type: ignore[assignment]
        loop = column_values(cells)
    finally:
        module._plain = plain
    assert (quick.texts, quick.counts) == (loop.texts, loop.counts)


def test_when_a_column_is_plain_then_it_is_counted_without_the_loop() -> None:
    from collections import Counter

    from outbound.classifiers.cells import _plain

    assert _plain(Counter(["110101199003071234", "13812345678", "a@b.cn", "张伟"]))
    assert _plain(Counter(["1.50", "a,b", "Nancy", "小明", "2024-06-30 04:12:31"]))
    assert not any(_plain(Counter([c])) for c in (" a", "无", "NULL", "（ 无 ）", "ｂ", "=1", "", "x\x00y", "\ud800",
                                                  "13812345678.0", "13812345678/13987654321", "[1, 2]"))
    assert not _plain(Counter(["abc", None]))


@given(st.lists(st.text(alphabet="abc019-:., ;\u3000\u00a0张|！", max_size=8), min_size=1, max_size=8))
def test_when_no_value_holds_a_text_character_then_the_joined_search_says_so(texts: list[str]) -> None:
    from outbound.classifiers.cells import _TEXTY, _no_text_character

    assert _no_text_character(tuple(texts)) == (not any(_TEXTY.search(t) for t in texts))
