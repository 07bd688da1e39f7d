"""Vectorised matching: each recognizer's RE2 expression proposes a superset of what its Python
patterns match whole, so the labels stay the same. Synthetic values only."""

from __future__ import annotations

import datetime as dt
import random
import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from faker import Faker

import outbound.classifiers.matching as matching
from outbound.classifiers import classify_frame
from outbound.classifiers.cells import column_values
from outbound.classifiers.patterns import any_fullmatch, shape_score
from outbound.classifiers.vector import expression, inner_expression, match_whole, superset
from tests.eval import decoys as dc
from tests.eval import text_values as tv
from tests.eval import values as vv
from tests.eval.values import Gen


def _values() -> list[str]:
    """Values of every generator of the evaluation corpus, in every variant, and some odd ones."""
    rng = random.Random(7)
    zh, en = Faker("zh_CN"), Faker("en_US")
    zh.seed_instance(7)
    en.seed_instance(7)
    g = Gen(rng=rng, zh=zh, en=en)
    makers = [
        (vv.resident_id, ("",)), (vv.mobile, ("plain", "mixed")), (vv.phone, ("landline", "foreign")),
        (vv.email, ("",)), (vv.bank_card, ("plain", "grouped")), (vv.passport, ("cn", "mixed", "complement")),
        (vv.hk_macao_permit, ("C", "H")), (vv.taiwan_permit, ("T", "L")), (vv.ip_address, ("v4", "mixed")),
        (vv.device_id, ("imei", "mac")), (vv.license_plate, ("",)), (vv.coordinate, ("lat", "latlon")),
        (vv.date_of_birth, ("iso", "zh", "slash", "dot", "compact", "dmy")), (vv.uscc, ("",)),
        (tv.person_name, ("zh", "en")), (tv.address, ("zh", "en")), (tv.health_info, ("zh", "icd", "en")),
        *[(f, v) for f, v in ((dc.DECOYS[k], dc.VARIANTS.get(k, ("",))) for k in dc.DECOYS)],
    ]  # fmt: skip
    out = [make(g, variant) for make, variants in makers for variant in variants for _ in range(25)]
    return [v.strip() for v in out if v and v.strip()] + ["１３８１２３４５６７８", "a\nb", "x" * 300, "-", "张"]


VALUES = _values()


@pytest.mark.parametrize("m", matching.matchers(), ids=lambda m: m.entity)
def test_when_a_python_pattern_matches_a_whole_value_then_its_re2_expression_does_too(m) -> None:
    if m.re2 is None:
        pytest.skip(f"{m.entity} stays on the Python path (RE2 refuses it)")
    hits = pc.match_substring_regex(pa.array(VALUES, pa.string()), pattern=m.re2).to_pylist()
    missed = [v for v, hit in zip(VALUES, hits, strict=True)
              if not hit and any(r.fullmatch(v) for _, r in m.recognizer.compiled)]
    assert not missed, f"{m.entity}: RE2 misses {missed[:5]}"


@pytest.mark.parametrize(
    ("python", "re2"),
    [(r"(?<![0-9])1[3-9]\d{9}(?![0-9])", r"1[3-9]\p{Nd}{9}"), (r"([-/])\d\1", r"([-/])\p{Nd}(?:.*?)"),
     (r"(?P<s>[-/])(?P=s)", r"(?P<s>[-/])(?:.*?)"), (r"[\dX]{,3}", r"[\p{Nd}X]{0,3}"), (r"[(]a(?=b)", r"[(]a"),
     (r"\bword\b", "word"), (r"[^)]+", r"[^)]+")],
)  # fmt: skip
def test_when_a_pattern_uses_what_re2_lacks_then_the_superset_drops_or_widens_it(python: str, re2: str) -> None:
    assert superset(python) == re2


def test_when_an_expression_is_refused_or_too_costly_then_the_recognizer_keeps_the_python_path() -> None:
    assert expression([r"(?<=a)b"], re.IGNORECASE) is not None  # lookbehind dropped: accepted
    assert expression([r"a{2000}{2000}"], 0) is None  # RE2 refuses a repeat count this large
    # once per free-text column, long or case-folded Han expressions compile too slowly to pay
    assert expression(["a" * 2000], 0) is not None and inner_expression(["a" * 2000], 0) is None
    assert inner_expression(["[\u4e00-\u9fff]+病"], re.IGNORECASE) is None


def _frame(seed: int) -> pd.DataFrame:
    from bench.distinct import frames

    return frames(1, seed)[0][0]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_when_matching_is_vectorised_then_labels_and_shares_are_those_of_the_python_loop(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _frame(seed)
    on = dt.date(2026, 3, 1)
    fast = classify_frame(frame, on=on)
    monkeypatch.setattr(matching, "match_whole", lambda *args: None)  # every value on the Python loop
    slow = classify_frame(frame, on=on)
    assert [(c.entity, c.entities, c.score, c.matched_share) for c in fast] == [
        (c.entity, c.entities, c.score, c.matched_share) for c in slow]
    assert sum(1 for c in fast if c.entity) >= 4


def _mobile_re2() -> str:
    return next(m.re2 for m in matching.matchers() if m.entity == "CN_MOBILE" and m.re2)


def test_when_a_file_is_vectorised_then_each_column_keeps_its_own_hits() -> None:
    a, b, c = column_values(["13812345678", "abc"]), column_values(["x", "y", "13912345678"]), column_values(["z"])
    match_whole([a, b, c], {"CN_MOBILE": _mobile_re2()})
    assert (a.hits, b.hits, c.hits) == ({"CN_MOBILE": [0]}, {"CN_MOBILE": [2]}, {"CN_MOBILE": []})
    match_whole([b], {"CN_MOBILE": _mobile_re2()}, 2)  # the scout's first values only: the rest is the loop's
    assert (b.hits, b.matched) == ({"CN_MOBILE": []}, 2)


def test_when_a_value_cannot_be_encoded_then_its_column_stays_on_the_python_loop() -> None:
    odd, plain = column_values(["13812345678", "\ud800x"]), column_values(["13912345678"])
    match_whole([odd, plain], {"CN_MOBILE": _mobile_re2()})
    assert odd.hits is None and plain.hits == {"CN_MOBILE": [0]}
    frame = pd.DataFrame({"phone": ["13812345678"] * 5 + ["\ud800x"]}, dtype=object)
    labels = classify_frame(frame, on=dt.date(2026, 3, 1))
    assert labels[0].entity == "CN_MOBILE"


def test_when_all_expressions_run_as_one_set_then_each_finds_what_it_finds_alone() -> None:
    """The RE2 set gives every expression's own answer: none is lost to the set's shared DFA
    (RE2::Set reports no match at all when its DFA runs out of memory)."""
    texts = VALUES + _texts()
    column = column_values(texts)
    expressions = {m.entity: m.re2 for m in matching.matchers() if m.re2}
    match_whole([column], expressions)
    array = pa.array(list(column.texts), pa.string())
    assert column.hits is not None
    for entity, expr in expressions.items():
        alone = pc.indices_nonzero(pc.match_substring_regex(array, pattern=expr)).to_pylist()
        assert column.hits[entity] == alone, entity
    assert sum(map(len, column.hits.values())) > len(VALUES) // 2


def _texts() -> list[str]:
    from bench.freetext import remarks

    return [text for text, _ in remarks(300, 5)] + VALUES


@pytest.mark.parametrize("m", [m for m in matching.matchers() if m.re2_inner], ids=lambda m: m.entity)
def test_when_a_python_pattern_occurs_in_a_text_then_its_inner_re2_expression_finds_it_too(m) -> None:
    texts = _texts()
    hits = pc.match_substring_regex(pa.array(texts, pa.string()), pattern=m.re2_inner).to_pylist()
    missed = [t for t, hit in zip(texts, hits, strict=True) if not hit and any(r.search(t) for _, r in m.recognizer.compiled)]
    assert not missed, f"{m.entity}: RE2 misses {missed[:5]}"


@pytest.mark.parametrize("m", matching.matchers(), ids=lambda m: m.entity)
def test_when_a_value_has_only_its_shape_then_its_score_is_the_best_matching_patterns(m) -> None:
    rec = m.recognizer
    shaped = [v for v in VALUES if any(r.fullmatch(v) for _, r in rec.compiled)]
    for v in shaped:
        best = max(p.score for p, r in rec.compiled if r.fullmatch(v))
        assert shape_score(rec)(v) == best, v


@pytest.mark.parametrize("m", matching.matchers(), ids=lambda m: m.entity)
def test_when_the_patterns_are_joined_into_one_regex_then_it_matches_whole_what_one_of_them_does(m) -> None:
    joined = any_fullmatch(m.recognizer)
    mixed = ["138-1234 5678", "138 1234-5678", "6222 0212-3456 7890", "1101 0119 9003-0712 34", "1990-01/05",
             "00-1A-2B 3C-4D-5E", "86-138-1234-5678"]  # separators a back-reference must refuse
    for v in VALUES + _texts() + mixed:
        assert (joined(v) is not None) == any(r.fullmatch(v) for _, r in m.recognizer.compiled), v


def test_when_patterns_cannot_be_joined_then_they_are_tried_one_by_one() -> None:
    from outbound.classifiers.recognizers.base import Pattern, Recognizer

    class Twice(Recognizer):
        ENTITY = "X"
        PATTERNS = [Pattern("a", "(?P<n>a)+", 0.5), Pattern("b", "(?P<n>b)+", 0.5)]  # one group name twice

    match = any_fullmatch(Twice())
    assert match("aaa") is not None and match("bb") is not None and match("ab") is None
