"""The fast path: which distinct values of a column each recognizer confirms, without Presidio.

Measured need (README "Accuracy and speed"): Presidio's `AnalyzerEngine.analyze` per distinct cell
cost ~0.5 s per 1,000 x 10 frame, and importing it costs 0.7-1.8 s. Here every recognizer runs its
own patterns and validator (`whole_score` for a cell that is one value, `find` for free text) on
each distinct value once, and only where the RE2 set (`vector.py`) or, without it, the value's
precomputed features (`profile.py`) say its patterns may match. A column is scouted with its first
values against every recognizer; the rest of it meets only those that validated one.
`tests/classifiers/test_presidio_parity.py` pins that both paths agree on the recognizers' verdicts.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from outbound.classifiers.cells import ColumnValues, Value
from outbound.classifiers.patterns import any_fullmatch, shape_score
from outbound.classifiers.presidio.freetext import PRESIDIO_ENTITIES
from outbound.classifiers.profile import Profile, profile, union
from outbound.classifiers.recognizers import RECOGNIZERS
from outbound.classifiers.recognizers.base import HEADER_ONLY_BELOW, VALIDATED_SCORE, Found, Recognizer
from outbound.classifiers.vector import expression, inner_expression, match_whole, searched, within

MAX_EXAMPLES = 3
NAMES_BY_JIEBA = "PERSON_NAME"  # a hinted free-text column of names may ask jieba (jieba_names.py)


@dataclass(slots=True)
class Tally:
    """One entity's evidence in one column. Raw values stay in memory; the vote masks them."""

    entity: str
    proposed: int = 0  # cells a pattern matched (the whole cell, or a span inside free text)
    validated: int = 0  # cells that are the entity as a whole
    in_text: int = 0  # text cells holding it (as a whole or inside), counted only for free-text columns
    in_text_distinct: int = 0  # distinct values among those
    values: list[tuple[str, int]] = field(default_factory=list)  # validated whole values, counts
    masked: list[str] = field(default_factory=list)  # free text found by Presidio, spans masked (evidence)

    @property
    def examples(self) -> list[str]:
        return [v for v, _ in self.values[:MAX_EXAMPLES]]


@dataclass(frozen=True, slots=True)
class Matcher:
    recognizer: Recognizer
    whole: Profile  # conditions for the whole cell to be one match (any pattern)
    inner: Profile  # conditions for a match inside a longer text (any pattern)
    patterns: tuple[Profile, ...]  # the same, pattern by pattern: sharper, checked second
    keyed: bool = False  # decisions depend on (length, ASCII, digits) only
    re2: str | None = None  # the patterns as one RE2 superset for a whole value (vector.py), if RE2 takes them
    re2_inner: str | None = None  # the same for a match inside a text
    seen: dict[tuple[int, bool, int], bool] = field(default_factory=dict, compare=False)

    @property
    def entity(self) -> str:
        return self.recognizer.ENTITY

    @property
    def own_scoring(self) -> bool:
        """The recognizer scores a whole value itself (`whole_score`), not by pattern and validator."""
        return type(self.recognizer).whole_score is not Recognizer.whole_score

    def may_match_whole(self, v: Value) -> bool:
        if self.keyed:  # no required characters: length, ASCII-ness and digits decide, so remember
            key = (v.length, v.ascii, v.digits)
            hit = self.seen.get(key)
            if hit is None:
                hit = self.seen[key] = self._may_match_whole(v)
            return hit
        return self._may_match_whole(v)

    def _may_match_whole(self, v: Value) -> bool:
        return self.whole.may_match_whole(v) and any(p.may_match_whole(v) for p in self.patterns)

    def may_occur_in(self, v: Value) -> bool:
        return self.inner.may_occur_in(v) and any(p.may_occur_in(v) for p in self.patterns)


def _bounded(p: Profile, lo: int, hi: int) -> Profile:
    # MIN_LEN/MAX_LEN are the recognizer's own bounds, tighter than its regexes' when it says so
    return Profile(max(p.min_len, lo), min(p.max_len, hi), p.min_digits, p.min_non_ascii, p.any_non_ascii,
                   p.required)


@functools.cache
def matchers() -> tuple[Matcher, ...]:
    """One matcher per registered recognizer, with its prefilter derived from its patterns."""
    out = []
    for cls in RECOGNIZERS:
        rec = cls()
        _ = rec.compiled  # its regexes compiled with the matchers, not on the first value that meets them
        each = [profile(p.regex, rec.FLAGS) for p in rec.PATTERNS]
        inner = union(each)
        out.append(Matcher(rec, _bounded(inner, rec.MIN_LEN, rec.MAX_LEN), inner,
                           tuple(_bounded(p, rec.MIN_LEN, rec.MAX_LEN) for p in each),
                           keyed=not any(p.required for p in each),
                           re2=expression([p.regex for p in rec.PATTERNS], rec.FLAGS),
                           re2_inner=inner_expression([p.regex for p in rec.PATTERNS], rec.FLAGS)))
    return tuple(out)


def _tally(tallies: dict[str, Tally], entity: str) -> Tally:
    t = tallies.get(entity)
    if t is None:
        t = tallies[entity] = Tally(entity)
    return t


# Values tried against every recognizer before the rest are tried only against the recognizers
# that validated one of them. Distinct values come in the order
# the random sample first holds them (frequent ones early): an entity holding a share of 0.3 (the
# lowest whole-value threshold in rules/entities) is missed by all 32 with probability about
# 0.7**32 = 1e-5. Measured need: most recognizers never score on most columns.
SCOUT_VALUES = 32


@dataclass(slots=True)
class WholePass:
    tallies: dict[str, Tally]
    proposed: dict[int, set[str]]  # distinct value index -> entities that proposed but did not validate it
    scouted_out: set[str] = field(default_factory=set)  # validated none of the first values: not tried further


def _scores(rec: Recognizer, texts: list[str]) -> list[float]:
    """`Recognizer.whole_score` of texts some pattern matches whole, validated as one batch
    (`validate_many`: vectorised where measurably faster)."""
    verdicts = rec.validate_many(texts)
    if None not in verdicts:  # every value decided by its validator (check digits, dates, lexicons)
        return [VALIDATED_SCORE if verdict else 0.0 for verdict in verdicts]
    out = []
    for text, verdict in zip(texts, verdicts, strict=True):
        if verdict is None:  # a shape only: the best score among the patterns matching it
            out.append(shape_score(rec)(text))
        else:
            out.append(VALIDATED_SCORE if verdict else 0.0)
    return out


def _candidates(m: Matcher, values: ColumnValues, indices: range, check: bool) -> list[int]:
    """The values among `indices` that some pattern of the recognizer matches whole (a tight loop:
    this is the hot path); all of those in its length bounds when it scores values itself.

    With `check`, each value's features must pass the recognizer's prefilter; without, only its
    length is compared (a failing regex costs less than the features)."""
    hits = values.hits.get(m.entity) if values.hits is not None and indices.stop <= values.matched else None
    todo: Sequence[int] = indices
    if hits is not None:  # the patterns already ran over these values in native code: only its matches go on
        todo, check = within(hits, indices), False
    lo, hi, texts = m.whole.min_len, m.whole.max_len, values.texts
    fullmatch = (lambda text: True) if m.own_scoring else any_fullmatch(m.recognizer)  # `whole_score` decides
    return [i for i in todo if lo <= len(text := texts[i]) <= hi and (not check or m.may_match_whole(values.value(i)))
            and fullmatch(text)]  # fmt: skip


def _record(m: Matcher, values: ColumnValues, matched: list[int], scores: list[float], hinted: bool,
            out: WholePass) -> bool:
    """Tally the scored values of one column; True if one validated."""
    if not matched:
        return False
    texts, counts = values.texts, values.counts
    t = _tally(out.tallies, m.entity)
    proposed = validated = 0
    keep = t.values.append
    for i, score in zip(matched, scores, strict=True):
        n = counts[i]
        proposed += n
        if score >= HEADER_ONLY_BELOW or (score > 0 and hinted):
            validated += n
            keep((texts[i], n))
        else:
            out.proposed.setdefault(i, set()).add(m.entity)
    t.proposed += proposed
    t.validated += validated
    return validated > 0


Job = tuple[ColumnValues, range, bool, WholePass]  # some values of one column, hinted, its pass


def _run_many(m: Matcher, jobs: Sequence[Job], check: bool) -> list[bool]:
    """One recognizer over some values of several columns, its validator called once for all of
    them (a numpy `validate_many` costs 40-80 µs a call however few its values, measured). True
    per job if one of its values validated."""
    rec = m.recognizer
    matched = [_candidates(m, values, indices, check) for values, indices, _, _ in jobs]
    texts = [values.texts[i] for (values, *_), found in zip(jobs, matched, strict=True) for i in found]
    scores = [rec.whole_score(t) for t in texts] if m.own_scoring else _scores(rec, texts)
    out, start = [], 0
    for (values, _, hinted, whole), found in zip(jobs, matched, strict=True):
        mine, start = scores[start : start + len(found)], start + len(found)
        if m.own_scoring:  # a value it scores 0 was never proposed
            found, mine = [i for i, s in zip(found, mine, strict=True) if s > 0], [s for s in mine if s > 0]
        out.append(_record(m, values, found, mine, hinted, whole))
    return out


def _run(m: Matcher, values: ColumnValues, indices: range, hinted: bool, out: WholePass, check: bool) -> bool:
    """One recognizer over some values of one column. True if one validated."""
    return _run_many(m, [(values, indices, hinted, out)], check)[0]


# A free-text column of fewer distinct texts than this is searched on the Python loop: Arrow
# compiles each inner expression on every call (0.03-1.3 ms, measured), the loop costs ~1-2 µs a text.
NATIVE_MIN_VALUES = 64


def _scout(m: Matcher, columns: Sequence[ColumnValues], hints: Sequence[Collection[str]],
           passes: Sequence[WholePass]) -> list[bool]:
    """The first SCOUT_VALUES values of every column against one recognizer (those the RE2 set
    matched, or without it those passing its prefilter); per column, whether one validated. A
    column none of whose first values the set matched is not asked. A recognizer none validated is
    not tried on the rest of the column."""
    jobs, asked = [], []
    for k, (values, hinted, whole) in enumerate(zip(columns, hints, passes, strict=True)):
        first = range(min(SCOUT_VALUES, values.distinct))
        found = (values.hits or {}).get(m.entity)
        if found is None or (found and found[0] < first.stop):  # else: no native match among them
            jobs.append((values, first, m.entity in hinted, whole))
            asked.append(k)
    kept = [False] * len(columns)
    for k, valid in zip(asked, _run_many(m, jobs, check=True), strict=True):
        kept[k] = valid
    for values, whole, valid in zip(columns, passes, kept, strict=True):
        if not valid and values.distinct > SCOUT_VALUES:
            whole.scouted_out.add(m.entity)
    return kept


def whole_passes(columns: Sequence[ColumnValues], hints: Sequence[Collection[str]]) -> list[WholePass]:
    """`whole_pass` of each column of a file, recognizer by recognizer over all the columns.

    The values each column is scouted with meet all the recognizers' RE2 expressions in one
    `re2.Set` call each (`vector.match_whole`); a recognizer meets on the Python loop only those
    its expression matched, and the rest of a column only if it validated one of them. The rest
    is not matched natively: the recognizers kept run their Python patterns on it anyway (RE2
    proposes a superset), so the set's call there cost 0.6-0.9 µs a value for nothing (measured:
    a sixth of the vote's time on distinct-heavy samples).

    Tried and measured no faster on distinct-heavy samples: scouting on the Python loop (every
    recognizer's prefilter on every scouted value); Arrow's regex kernel, one call per expression
    per file (it compiled the expression on every call: twice the time of the set); Hyperscan (a
    5 s compile, then slower than the set on short values)."""
    passes = [WholePass({}, {}) for _ in columns]
    match_whole(columns, {m.entity: m.re2 for m in matchers() if m.re2 is not None}, SCOUT_VALUES)
    for m in matchers():
        kept = _scout(m, columns, hints, passes)
        rest = [(v, range(SCOUT_VALUES, v.distinct), m.entity in h, p)
                for v, h, p, keep in zip(columns, hints, passes, kept, strict=True) if keep and v.distinct > SCOUT_VALUES]
        if rest:
            _run_many(m, rest, check=False)
    return passes


def whole_pass(values: ColumnValues, hints: Collection[str]) -> WholePass:
    """Every distinct value against the recognizers that may match it, as one whole value.

    The first SCOUT_VALUES values meet every recognizer whose RE2 expression matches them; the rest meet
    only the recognizers that validated one of those (a hinting header changes nothing here: it
    never labels a column whose values do not agree). A low-score match (a shape only, below
    `HEADER_ONLY_BELOW`) validates only under a hinting header.
    """
    return whole_passes([values], [hints])[0]


# In free text, the first distinct text values are searched for every text-eligible recognizer,
# the rest only for the recognizers that found something validated in them. Distinct values come
# in the order the random sample first holds them (frequent ones early): at the lowest in-text
# share (0.1 in rules/entities) all of them miss with probability about 0.9**100 = 3e-5.
SCOUT_TEXTS = 100
# Entities searched in free text by Presidio with the spaCy pipeline where the recognizer's own
# patterns found nothing (measured better: docs/classification.md "Free text"), in at most this
# many distinct texts per column (~2 ms each): past them a column's share is counted on the fast
# path alone, which can only lower it.
PRESIDIO_TEXTS = 300


def text_pass(values: ColumnValues, hints: Collection[str], whole: WholePass, eligible: Collection[str]) -> int:
    """Search the text cells of a free-text column for the `eligible` entities; returns the text cells.

    Every text cell counts once per entity it holds, whether the entity is the whole cell
    ("高血压") or inside it ("客户电话13812345678"). Shape-only matches count under a hint.
    """
    n_searched = 0
    active = tuple(m for m in matchers() if m.entity in eligible)
    # each recognizer's patterns once over all the texts, natively: `find` runs only where they occur
    native = values.distinct >= NATIVE_MIN_VALUES  # fewer texts: Arrow's compiles cost more than the searches
    hits = (searched(values.texts, {m.entity: m.re2_inner for m in active if m.re2_inner}) if native else None) or {}
    found_any: set[str] = set(hints)
    validated = {e: {v for v, _ in t.values} for e, t in whole.tallies.items()}
    texts = 0
    for i in range(values.distinct):
        v = values.value(i)
        if not v.texty:
            continue
        texts += 1
        if texts == SCOUT_TEXTS + 1:
            active = tuple(m for m in active if m.entity in found_any)
        n_searched += v.n
        for m in active:
            if v.text in validated.get(m.entity, ()):
                t = _tally(whole.tallies, m.entity)
                t.in_text += v.n
                t.in_text_distinct += 1
                found_any.add(m.entity)
                continue
            if (m.entity in hits and i not in hits[m.entity]) or not m.may_occur_in(v):
                continue
            found = m.recognizer.find(v.text)
            if not found and m.entity in PRESIDIO_ENTITIES and texts <= PRESIDIO_TEXTS and not v.ascii:  # Han names
                found = _presidio(v.text, m.entity, _tally(whole.tallies, m.entity))
            if not found and m.entity == NAMES_BY_JIEBA and m.entity in hints:
                found = _jieba_names(v.text)
            if not found:
                continue
            t = _tally(whole.tallies, m.entity)
            if m.entity not in whole.proposed.get(i, ()):  # not yet counted by the whole pass
                t.proposed += v.n
            if any(not f.needs_header or m.entity in hints for f in found):
                t.in_text += v.n
                t.in_text_distinct += 1
                found_any.add(m.entity)
    return n_searched


def _presidio(text: str, entity: str, t: Tally) -> list[Found]:
    """`entity` in `text` by Presidio's AnalyzerEngine on the shipped spaCy pipeline (loaded on
    first use); keeps up to MAX_EXAMPLES masked texts as evidence."""
    from outbound.classifiers.presidio.freetext import analyze, masked_evidence

    results = analyze(text, (entity,), with_pack=False)  # the recognizer's own patterns already ran
    if results and len(t.masked) < MAX_EXAMPLES:
        t.masked.append(masked_evidence(text, results)[:48])
    return [Found(r.entity_type, r.start, r.end, r.score) for r in results]


def _jieba_names(text: str) -> list[Found]:
    from outbound.classifiers.jieba_names import names_in

    return [Found(NAMES_BY_JIEBA, 0, len(text), HEADER_ONLY_BELOW) for _ in names_in(text)[:1]]


def tally_of(entity: str, values: ColumnValues, *, hinted: bool = True, first: int | None = None) -> Tally | None:
    """One recognizer over every distinct value (or the `first` ones; no scouting), as if a header
    hinted at it when `hinted`: column evidence (`evidence.py`) stands in for the header. None if
    nothing matched. Its patterns run on every value in its length bounds: cheaper than each
    value's prefilter features on a column that mostly matches (measured: half the time of a
    column of dates of birth without a header)."""
    out = WholePass({}, {})
    for m in matchers():
        if m.entity == entity:
            _run(m, values, range(min(values.distinct, first or values.distinct)), hinted, out, check=False)
    return out.tallies.get(entity)
