"""Property-based tests of the identifier rules (hypothesis): they never raise on any text, the
Python and SQL spellings agree, and normalising is idempotent. CI runs a fixed budget
(HYPOTHESIS_PROFILE=ci, the default); `make fuzz` runs the long one."""

from __future__ import annotations

import datetime as dt
import os

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outbound import identifiers
from outbound.identifiers import birthdates, checksums

settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
settings.register_profile("fuzz", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ENTITIES = ["CN_RESIDENT_ID", "CN_MOBILE", "EMAIL_ADDRESS", "PASSPORT", "BANK_CARD", "PHONE_NUMBER"]
# Cells as exports hold them: digits and ID letters, separators, full-width forms, invisible
# characters, spreadsheet wrappers, Han text, and anything else Unicode has.
CELL_ALPHABET = st.sampled_from(list("0123456789Xx+-_.()/ @=';,|、\t\u3000\u200b１３８ＥＸ张无") + ["\ufeff", "\u00ad"])
CELLS = st.one_of(st.text(CELL_ALPHABET, max_size=30), st.text(max_size=30))


@given(entity=st.sampled_from(ENTITIES), value=CELLS)
def test_when_any_text_is_normalised_then_nothing_raises_and_it_is_idempotent(entity, value):
    once = identifiers.normalise(entity, value)
    if identifiers.linkable(entity, once):  # what links is already canonical: it hashes the same again
        assert identifiers.normalise(entity, once) == once
    identifiers.split_mixed(value, (entity,))
    identifiers.has_content(value)


@given(value=CELLS)
def test_when_any_text_is_checked_then_validators_answer_without_raising(value):
    checksums.ric_is_valid(value)
    checksums.ric15_plausible(value) if len(value) == 15 and value.isdigit() else None
    checksums.luhn_is_valid(value) if value.isdigit() else None
    checksums.uscc_is_valid(value)
    birthdates.parse_birth_date(value)
    birthdates.birth_date_from_resident_id(value)


_CON = duckdb.connect()


@given(entity=st.sampled_from(ENTITIES), value=st.text(st.characters(max_codepoint=127), max_size=25))
def test_when_ascii_text_is_normalised_in_sql_then_it_equals_python(entity, value):
    if not value.isascii():
        return
    expr = identifiers.normalise_sql(entity, "$v")
    got = _CON.execute(f"SELECT {expr}", {"v": value}).fetchone()
    assert got is not None and got[0] == identifiers.normalise(entity, value)


@given(value=st.text(max_size=25))
def test_when_any_text_is_asked_for_content_in_sql_then_it_equals_python(value):
    got = _CON.execute(f"SELECT {identifiers.has_content_sql('$v')}", {"v": value}).fetchone()
    if value.isascii():
        assert got is not None and bool(got[0]) == identifiers.has_content(value)


@given(born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 1, 1)),
       region=st.integers(110000, 659999), seq=st.integers(0, 999))  # fmt: skip
def test_when_a_valid_id_is_built_then_python_and_numpy_accept_it(born, region, seq):
    import pyarrow as pa

    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    rid = first17 + checksums.ric_check_digit(first17)
    assert checksums.ric_is_valid(rid)
    assert identifiers.valid_resident_ids(pa.array([rid])).tolist() == [True]
    wrong = first17 + ("0" if rid[-1] != "0" else "1")
    assert identifiers.valid_resident_ids(pa.array([wrong])).tolist() == [False]
    assert not checksums.ric_is_valid(wrong)


@pytest.mark.parametrize("text", ["", "\x00", "\ud800"[:0], "=\"", "'", "[", "[]", "[null]", '["a",'])
def test_when_edge_texts_are_listed_then_nothing_raises(text):
    identifiers.list_parts(text)
    identifiers.split_identifiers("CN_MOBILE", text)
