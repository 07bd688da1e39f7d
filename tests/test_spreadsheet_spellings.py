"""Identifiers as spreadsheets and dataframes spell them: through a float column (a mobile column
with one gap is float in pandas) 13812345678.0 is the mobile 13812345678, and a number kept as text
(="110101..." or '110101... in a CSV) is the number; in the sample and in the full pass, so they link."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd
import pytest

from outbound import identifiers
from outbound.classifiers.cells import column_values
from outbound.demo.identifiers import make_mobile, make_resident_id
from outbound.pipeline import flow
from outbound.scanners.parquet_source import arrow_text

MOBILES = [f"1390030{i:04d}" for i in range(20)]


def test_when_a_parquet_column_is_float64_then_its_text_is_what_duckdb_casts_it_to():
    import pyarrow as pa

    column = pa.chunked_array([[13900300000.0, None, 1.5, 1e17, 0.1]])
    assert arrow_text(column) == ["13900300000.0", None, "1.5", "1e+17", "0.1"]


@pytest.mark.parametrize(
    ("cell", "text"),
    [("13812345678.0", "13812345678"), ("110105491231002.00", "110105491231002"), ("200000.0", "200000.0"),
     ("13812345678.5", "13812345678.5")],
)  # fmt: skip
def test_when_a_long_whole_number_has_a_float_tail_then_the_classifier_reads_it_without(cell: str, text: str):
    assert column_values([cell]).texts == (text,)


@pytest.mark.parametrize("written", ["parquet", "csv"])
def test_when_mobiles_went_through_a_float_column_then_they_link_to_the_same_mobiles_as_text(
    tmp_path: Path, monkeypatch, written: str
):
    monkeypatch.setenv(identifiers.KEY_ENV, "floats")
    (tmp_path / "2026-03-01").mkdir()
    text = tmp_path / "2026-03-01" / "crm.csv"
    pd.DataFrame({"姓名": ["张伟"] * 20, "手机号": MOBILES}).to_csv(text, index=False)
    floats = pd.DataFrame({"name": ["李娜"] * 21, "mobile": [float(m) for m in MOBILES] + [None]})
    path = tmp_path / "2026-03-01" / f"bookings.{written}"
    if written == "parquet":
        floats.to_parquet(path)
    else:
        floats.to_csv(path, index=False)  # 13900300000.0
    outcomes = flow.scan([text, path], processor="p", warehouse=tmp_path / "w.duckdb")
    assert [o.status for o in outcomes] == ["recorded", "recorded"], [o.error for o in outcomes]
    [booked] = [o for o in outcomes if o.path == str(path)]
    assert {lab.column: lab.entity for lab in booked.labels}["mobile"] == "CN_MOBILE"
    counts, unlinked = flow.persons(tmp_path / "w.duckdb", "p", 2026)
    assert (counts.persons, unlinked) == (21, 1)  # the row with no mobile is one more, by its name


@pytest.mark.parametrize("wrap", ['="{}"', "'{}"], ids=["equals-quoted", "apostrophe"])
def test_when_a_csv_keeps_numbers_as_text_then_they_are_the_numbers(tmp_path: Path, monkeypatch, wrap: str):
    monkeypatch.setenv(identifiers.KEY_ENV, "as-text")
    rng = random.Random(3)
    ids = [make_resident_id(rng, dt.date(2016 if i < 10 else 1990, 3, 1 + i)) for i in range(20)]  # 10 children
    mobiles = [make_mobile(rng) for _ in ids]
    (tmp_path / "2026-03-01").mkdir()
    wrapped = tmp_path / "2026-03-01" / "guests.csv"
    pd.DataFrame({"姓名": ["张伟"] * 20, "身份证号": [wrap.format(i) for i in ids],
                  "手机号": [wrap.format(m) for m in mobiles]}).to_csv(wrapped, index=False)  # fmt: skip
    plain = tmp_path / "2026-03-01" / "crm.csv"  # the same people by mobile: one person each
    pd.DataFrame({"手机号": mobiles}).to_csv(plain, index=False)
    outcomes = flow.scan([wrapped, plain], processor="p", warehouse=tmp_path / "w.duckdb")
    assert [o.status for o in outcomes] == ["recorded", "recorded"], [o.error for o in outcomes]
    [guests] = [o for o in outcomes if o.path == str(wrapped)]
    assert {lab.column: lab.entity for lab in guests.labels} == {"姓名": "PERSON_NAME", "身份证号": "CN_RESIDENT_ID",
                                                                 "手机号": "CN_MOBILE"}  # fmt: skip
    counts, unlinked = flow.persons(tmp_path / "w.duckdb", "p", 2026)
    assert (counts.persons, counts.sensitive_persons, unlinked) == (20, 10, 0)
