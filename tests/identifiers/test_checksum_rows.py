"""The numpy forms of the check digits and dates (`*_rows`) answer as their Python forms, row by row.

Hypothesis draws fixed-width ASCII rows near the valid ones (built valid, then perhaps one
character changed) and any ASCII at all; the resident-ID rule is also given its own `today`, so
that the birth-date boundary (today, tomorrow) is pinned without depending on the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outbound.identifiers import birthdates, checksums

settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
settings.register_profile("fuzz", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

DIGITS = "0123456789"
ASCII = st.characters(min_codepoint=32, max_codepoint=126)
DAYS = st.one_of(st.dates(dt.date(1890, 1, 1), dt.date(2100, 12, 31)),
                 st.sampled_from([dt.date(1900, 1, 1), dt.date(1899, 12, 31), dt.date(2000, 2, 29)]))  # fmt: skip


def rows(texts: list[str], width: int) -> np.ndarray:
    return checksums.ascii_rows(texts, width)


@st.composite
def one_changed(draw: st.DrawFn, value: str, alphabet: str = DIGITS + "X") -> str:
    if not draw(st.booleans()):
        return value
    i = draw(st.integers(0, len(value) - 1))
    return value[:i] + draw(st.sampled_from(alphabet + " -x")) + value[i + 1 :]


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    born = draw(DAYS)
    first17 = draw(st.text(DIGITS, min_size=6, max_size=6)) + f"{born:%Y%m%d}" + draw(st.text(DIGITS, min_size=3, max_size=3))
    return draw(one_changed(first17 + checksums.ric_check_digit(first17)))


@given(texts=st.lists(st.one_of(resident_ids(), st.text(ASCII, min_size=18, max_size=18)), max_size=20),
       today=DAYS)  # fmt: skip
def test_when_18_character_rows_are_checked_then_numpy_equals_ric_is_valid(texts, today):
    got = checksums.ric_valid_rows(rows(texts, 18), today).tolist()
    assert got == [checksums.ric_is_valid(t, today=today) and t == checksums.compact(t) for t in texts]


@given(texts=st.lists(st.one_of(resident_ids().map(lambda r: r[:6] + r[8:14] + r[14:17]),
                                st.text(ASCII, min_size=15, max_size=15)), max_size=20))  # fmt: skip
def test_when_15_character_rows_are_checked_then_numpy_equals_ric15_plausible(texts):
    assert checksums.ric_valid_rows(rows(texts, 15)).tolist() == [checksums.ric15_plausible(t) for t in texts]


def test_when_the_birth_date_is_today_or_tomorrow_then_only_today_passes():
    today = dt.date(2024, 2, 29)
    ids = []
    for born in (today, today + dt.timedelta(days=1), dt.date(1900, 1, 1), dt.date(1899, 12, 31)):
        first17 = f"110105{born:%Y%m%d}001"
        ids.append(first17 + checksums.ric_check_digit(first17))
    assert checksums.ric_valid_rows(rows(ids, 18), today).tolist() == [True, False, True, False]


@st.composite
def cards(draw: st.DrawFn) -> str:
    body = draw(st.text(DIGITS, min_size=0, max_size=19))
    return draw(one_changed(body + checksums.luhn_check_digit(body), DIGITS))


@given(width=st.integers(1, 20), data=st.data())
def test_when_rows_of_digits_are_checked_then_numpy_equals_luhn_is_valid(width, data):
    same = st.one_of(cards(), st.text(ASCII, max_size=20)).filter(lambda t: len(t) == width)
    texts = data.draw(st.lists(same, max_size=20))
    assert checksums.luhn_valid_rows(rows(texts, width)).tolist() == [checksums.luhn_is_valid(t) for t in texts]


@st.composite
def usccs(draw: st.DrawFn) -> str:
    alphabet = st.sampled_from(checksums.USCC_ALPHABET)
    head = draw(st.text(alphabet, min_size=2, max_size=2)) + draw(st.sampled_from([*sorted(checksums._PROVINCES), "00", "20", "99"]))
    head += draw(st.text(DIGITS, min_size=4, max_size=4)) + draw(st.text(alphabet, min_size=8, max_size=8))
    first17 = head + checksums.org_code_check_char(head[8:])
    return draw(one_changed(first17 + checksums.uscc_check_char(first17), checksums.USCC_ALPHABET + "IOSVZ"))


@given(texts=st.lists(st.one_of(usccs(), st.text(ASCII, min_size=18, max_size=18)), max_size=20))
def test_when_18_character_rows_are_checked_then_numpy_equals_uscc_is_valid(texts):
    got = checksums.uscc_valid_rows(rows(texts, 18)).tolist()
    assert got == [checksums.uscc_is_valid(t) and t == checksums.compact(t) for t in texts]


@given(year=st.integers(0, 10_000), month=st.integers(-1, 13), day=st.integers(-1, 32))
def test_when_a_date_is_checked_then_numpy_equals_the_calendar(year, month, day):
    try:
        dt.date(year, month, day)
        real = True
    except ValueError:
        real = False
    assert checksums.calendar_ok(np.array([year]), np.array([month]), np.array([day])).tolist() == [real]


@st.composite
def spelt_dates(draw: st.DrawFn) -> str:
    day = draw(DAYS)
    width = draw(st.sampled_from([8, 10, 19]))
    if width == 8:
        text = f"{day:%Y%m%d}"
    else:
        sep = draw(st.sampled_from("-/.:"))
        text = f"{day:%Y}{sep}{day:%m}{draw(st.sampled_from([sep, '-']))}{day:%d}"
        if width == 19:
            text += draw(st.sampled_from(" T_")) + draw(st.sampled_from(["00:00:00", "00:00:01", "12:00:00", "00-00-00"]))
    return draw(one_changed(text, DIGITS + "-/. :T"))


@given(texts=st.lists(spelt_dates(), max_size=20), width=st.sampled_from([8, 10, 19]))
def test_when_dates_of_one_width_are_read_then_numpy_equals_the_python_forms(texts, width):
    texts = [t for t in texts if len(t) == width]
    spelt, born = birthdates.midnight_dates_rows(rows(texts, width))
    for text, is_spelt, ymd in zip(texts, spelt.tolist(), born.tolist(), strict=True):
        if not is_spelt:
            continue
        day = birthdates.parse_birth_date(text)
        expected = int(f"{day:%Y%m%d}") if day and birthdates.is_date_at_midnight(text) else 0
        assert ymd == expected, text
    assert spelt.tolist() == [SPELT[width].fullmatch(t) is not None for t in texts]


SPELT = {8: re.compile(r"[0-9]{8}"), 10: re.compile(r"[0-9]{4}([-/.])[0-9]{2}\1[0-9]{2}"),
         19: re.compile(r"[0-9]{4}([-/.])[0-9]{2}\1[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}")}  # fmt: skip
