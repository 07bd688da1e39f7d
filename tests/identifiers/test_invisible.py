"""Invisible format characters left by copy and paste (U+200B zero-width space and its kin) are no
part of a value: tab, no-break space and ideographic space already were not."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from outbound import identifiers
from outbound.classifiers import classify_frame
from tests.classifiers.synthetic import resident_id

INVISIBLE = {"zwsp": "\u200b", "zwnj": "\u200c", "zwj": "\u200d", "word-joiner": "\u2060", "bom": "\ufeff",
             "soft-hyphen": "\u00ad"}  # fmt: skip


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_when_an_identifier_carries_an_invisible_character_then_it_hashes_as_without(char):
    rid = resident_id(random.Random(7), dt.date(1990, 3, 7))
    written = (f"{char}{rid}", f"{rid}{char}", f"{rid[:6]}{char}{rid[6:]}")
    assert {identifiers.normalise("CN_RESIDENT_ID", w) for w in written} == {rid}
    assert all(identifiers.linkable("CN_RESIDENT_ID", identifiers.normalise("CN_RESIDENT_ID", w)) for w in written)
    key = b"k" * 32
    assert identifiers.keyed_hash(key, "CN_MOBILE", f"{char}13812345678") == identifiers.keyed_hash(key, "CN_MOBILE", "13812345678")


def test_when_a_resident_id_column_starts_each_cell_with_a_zero_width_space_then_it_is_labelled():
    rng = random.Random(3)
    ids = [f"\u200b{resident_id(rng)}" for _ in range(60)]
    frame = pd.DataFrame({"c01": ids, "c02": [f"room {i}" for i in range(60)]})
    labels = {label.column: label.entity for label in classify_frame(frame, on=dt.date(2026, 6, 1))}
    assert labels["c01"] == "CN_RESIDENT_ID"


def test_when_a_cell_holds_only_invisible_characters_then_it_has_no_content():
    assert not identifiers.has_content("\u200b\ufeff")
    assert identifiers.has_content("\u200b张三")
