"""A JSON object whose members are all objects is a map of records, not one record."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pandas as pd
import pytest

from outbound import identifiers
from outbound.demo.identifiers import make_resident_id
from outbound.pipeline import flow
from outbound.scanners import open_source
from outbound.scanners.json_source import map_shape

rng = random.Random(5)
PEOPLE = [{"name": f"张{i}", "id_no": make_resident_id(rng, dt.date(1970 + i, 1, 1 + i)), "mobile": f"138{i:08d}"}
          for i in range(6)]  # fmt: skip


@pytest.mark.parametrize(
    ("doc", "shape"),
    [
        ({p["mobile"]: {"name": p["name"], "id_no": p["id_no"]} for p in PEOPLE}, "keyed"),
        ({f"C{i:03d}": p for i, p in enumerate(PEOPLE)}, "keyed"),  # a customer code per record
        ({"u1001": PEOPLE[0], "u1002": PEOPLE[1], "count": 2}, "keyed"),  # codes; a plain member is metadata
        ({"applicant": PEOPLE[0], "guarantor": PEOPLE[1]}, "keyed"),  # alike, each with an identifier: two people
        ({"billing": {"name": "张三", "addr": "上海"}, "shipping": {"name": "张三", "addr": "北京"}}, None),
        ({p["name"]: {"mobile": p["mobile"], "city": "上海"} for p in PEOPLE}, "keyed"),  # indexed by name
        ({"mobile": {p["name"]: p["mobile"] for p in PEOPLE}, "city": {p["name"]: "上海" for p in PEOPLE}}, "columns"),
        ({"s1": {"guests": {p["mobile"]: {"name": p["name"]} for p in PEOPLE}}}, "mapped"),  # one store's guests
        ({"request": {"client_ip": "203.0.113.7"}, "response": {"name": "张三"}}, None),  # an API exchange
        ({"name": {"0": "张三"}, "mobile": {"0": "13800000000"}}, "columns"),  # one row
        ({p["mobile"]: {"name": p["name"]} for p in PEOPLE} | {"x": {}}, "keyed"),  # an empty member is no record
        ({"name": {"0": "张三", "1": "李四"}, "mobile": {"0": "13800000000", "1": "13900000000"}}, "columns"),
        ({"code": 0, "data": {"name": "张三"}}, None),  # an API response: one record
        ({"data": {"name": "张三", "mobile": "13800000000"}}, None),  # one member: one record
        ({"name": "张三"}, None),
        # by column under names, told by the identifiers: one kind per column, kinds differ across columns
        ({"mobile": {p["name"]: p["mobile"] for p in PEOPLE[:2]},
          "email": {p["name"]: f"u{i}@example.cn" for i, p in enumerate(PEOPLE[:2])}}, "columns"),
        ({"mobile": {p["name"]: p["mobile"] for p in PEOPLE}}, "columns"),  # a one-column frame by name
        ({p["name"]: p["mobile"] for p in PEOPLE}, "pairs"),  # a phone book (dict, or a pandas Series)
        ({p["name"]: p["mobile"] for p in PEOPLE[:4]}, None),  # four mobiles could be one record's fields
        ({p["name"]: p["mobile"] for p in PEOPLE} | {"note": "VIP"}, None),  # not identifiers only
        ({"customer": {"name": "张三", "mobile": "13800000000", "backup": "13900000000"}}, None),  # one record
        # persons alike, one identifier each, of different kinds: two records, not two columns
        ({"applicant": {"name": "张三", "contact": "13800000000"},
          "guarantor": {"name": "李四", "contact": "li@example.cn"}}, "keyed"),
    ],
)
def test_when_an_object_holds_objects_then_its_shape_says_which_map_it_is(doc, shape):
    assert map_shape(doc) == shape


@pytest.mark.parametrize("orient", ["columns", "index"])
def test_when_pandas_wrote_a_frame_by_column_or_index_then_each_row_is_a_record(tmp_path: Path, orient: str):
    path = tmp_path / "people.json"
    pd.DataFrame(PEOPLE).to_json(path, orient=orient, force_ascii=False)
    source = open_source(path)
    frame = source.sample(100, 0)
    assert len(frame) == len(PEOPLE)
    assert set(frame.columns) == {"key", "name", "id_no", "mobile"}
    assert sorted(frame["id_no"]) == sorted(p["id_no"] for p in PEOPLE)


def test_when_a_map_keyed_by_mobile_is_scanned_then_each_member_is_a_person(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(identifiers.KEY_ENV, "maps")
    path = tmp_path / "2026-05-01" / "by_mobile.json"
    path.parent.mkdir()
    path.write_text(json.dumps({p["mobile"]: {"name": p["name"], "id_no": p["id_no"], "key": 1} for p in PEOPLE},
                               ensure_ascii=False), encoding="utf-8")  # fmt: skip
    phones = tmp_path / "2026-05-02" / "phones.csv"  # the keys link to a mobile-only export
    phones.parent.mkdir()
    phones.write_text("手机号\n" + "".join(f"{p['mobile']}\n" for p in PEOPLE), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    outcomes = flow.scan([path, phones], processor="p", warehouse=warehouse)
    assert [(o.status, o.rows) for o in outcomes] == [("recorded", len(PEOPLE)), ("recorded", len(PEOPLE))]
    labelled = {lab.column: lab.entity for lab in outcomes[0].labels}
    assert labelled["_key"] == "CN_MOBILE"  # "key" was a field of the records
    assert flow.persons(warehouse, "p", 2026)[0].persons == len(PEOPLE)


def test_when_maps_nest_then_their_records_are_rows_of_their_own(tmp_path: Path, monkeypatch):
    """Stores keyed by code, each holding its guests keyed by mobile: one person per guest."""
    monkeypatch.setenv(identifiers.KEY_ENV, "maps")
    doc = {f"store{s}": {"city": "上海", "guests": {p["mobile"]: {"name": p["name"]} for p in PEOPLE[s::2]}}
           for s in range(2)}  # fmt: skip
    one = {"north": {p["mobile"]: {"name": p["name"]} for p in PEOPLE[:3]},
           "south": {p["mobile"]: {"name": p["name"]} for p in PEOPLE[3:]}}  # fmt: skip
    for name, document, column in (("stores.json", doc, "guests[].key"), ("regions.json", one, "north[].key")):
        path = tmp_path / "2026-05-01" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        warehouse = tmp_path / f"{name}.duckdb"
        [outcome] = flow.scan([path], processor="p", warehouse=warehouse)
        assert outcome.status == "recorded", outcome.error
        assert {lab.column: lab.entity for lab in outcome.labels}[column] == "CN_MOBILE"
        assert flow.persons(warehouse, "p", 2026)[0].persons == len(PEOPLE)


@pytest.mark.parametrize(
    ("name", "document", "column"),
    [
        ("by_name.json", {"mobile": {p["name"]: p["mobile"] for p in PEOPLE}}, "mobile"),
        ("phone_book.json", {p["name"]: p["mobile"] for p in PEOPLE}, "value"),
        ("two_columns.json", {"mobile": {p["name"]: p["mobile"] for p in PEOPLE},
                              "id_no": {p["name"]: p["id_no"] for p in PEOPLE}}, "mobile"),
    ],
)  # fmt: skip
def test_when_identifiers_are_listed_under_names_then_each_is_a_person_and_names_are_cells(
    tmp_path: Path, monkeypatch, name: str, document: dict, column: str
):
    """Read as one record, every mobile was a column named after a person: one person, names as headers."""
    monkeypatch.setenv(identifiers.KEY_ENV, "maps")
    path = tmp_path / "2026-05-01" / name
    path.parent.mkdir()
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    [outcome] = flow.scan([path], processor="p", warehouse=warehouse)
    assert outcome.status == "recorded", outcome.error
    labelled = {lab.column: lab.entity for lab in outcome.labels}
    assert labelled[column] == "CN_MOBILE"
    assert not {p["name"] for p in PEOPLE} & set(labelled)
    assert flow.persons(warehouse, "p", 2026)[0].persons == len(PEOPLE)
