"""A cell listing several identifiers ("13812345678;13987654321") carries each of them."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import duckdb
import pytest

from outbound import identifiers
from outbound.common.records import Category, ColumnLabel
from outbound.demo.identifiers import make_resident_id
from outbound.fullpass import person_keys
from outbound.pipeline import flow
from outbound.regulation import rules
from outbound.scanners import open_source, streamed

ON = dt.date(2026, 6, 30)
KEY = b"test-key"


@pytest.mark.parametrize(
    ("entity", "cell", "parts"),
    [
        ("CN_MOBILE", "13812345678;13987654321", ["13812345678", "13987654321"]),
        ("CN_MOBILE", "13812345678 / 13987654321", ["13812345678", "13987654321"]),
        ("CN_MOBILE", "+86 13812345678，13987654321、13812345678", ["13812345678", "13987654321"]),  # once each
        ("EMAIL_ADDRESS", "Li.Na@example.cn, wang@example.com", ["li.na@example.cn", "wang@example.com"]),
        ("CN_MOBILE", "138 1234 5678", None),  # one mobile written with spaces: no list
        ("CN_MOBILE", "13812345678;见备注", None),  # a part that is no identifier: no list
        ("CN_MOBILE", "13812345678", None),
        ("CN_MOBILE", "13812345678;", ["13812345678"]),  # a list of one, left with its separator
        ("CN_MOBILE", "；１８６３３７６６９３８；１８６３３７６６９３８", ["18633766938"]),
        ("CN_RESIDENT_ID", "11010519491231002X;110105194912310021", None),  # a wrong check character
    ],
)
def test_when_a_cell_lists_identifiers_then_each_part_is_normalised_or_none(entity: str, cell: str, parts):
    assert identifiers.split_identifiers(entity, cell) == parts


def _label(column: str, entity: str) -> ColumnLabel:
    return ColumnLabel(column, entity, Category.PERSONAL, 1.0, 1.0, (entity,))


def _ids(keys) -> dict:
    return dict(zip(keys.ids.column("h").to_pylist(), keys.ids.column("sensitive").to_pylist(), strict=True))


def _h(entity: str, value: str):
    return identifiers.hash_uuid(identifiers.keyed_hash(KEY, entity, value))


def test_when_an_identifier_cell_lists_several_then_each_is_keyed_and_linked_to_its_row(tmp_path: Path):
    rng = random.Random(19)
    adult_id, child = make_resident_id(rng, dt.date(1950, 1, 1)), make_resident_id(rng, dt.date(2018, 1, 1))
    path = tmp_path / "x.csv"
    path.write_text(
        "姓名,身份证号,手机号\n"
        "甲,11010519491231002X,13812345678;13987654321\n"  # ASCII list: the SQL path hands it to Python
        "乙,,13700000001，13700000002\n"  # a full-width comma: the non-ASCII path
        f"丙,{adult_id}/{child},\n"  # two IDs, one a child's: the row is sensitive
        "丁,,见备注\n",  # no identifier: a person of its own
        encoding="utf-8",
    )
    labels = (_label("姓名", "PERSON_NAME"), _label("身份证号", "CN_RESIDENT_ID"), _label("手机号", "CN_MOBILE"))
    keys = person_keys(duckdb.connect(), streamed(open_source(path)), labels, key=KEY, on=ON, entities=rules.entities(ON))
    rid, m1, m2 = _h("CN_RESIDENT_ID", "11010519491231002X"), _h("CN_MOBILE", "13812345678"), _h("CN_MOBILE", "13987654321")
    n1, n2 = _h("CN_MOBILE", "13700000001"), _h("CN_MOBILE", "13700000002")
    adult, kid = _h("CN_RESIDENT_ID", adult_id), _h("CN_RESIDENT_ID", child)
    assert _ids(keys) == {rid: False, m1: False, m2: False, n1: False, n2: False, adult: True, kid: True}
    edges = {frozenset(e) for e in zip(keys.edges.column("a").to_pylist(), keys.edges.column("b").to_pylist(), strict=True)}
    assert edges == {frozenset((rid, m1)), frozenset((m1, m2)), frozenset((n1, n2)), frozenset((adult, kid))}
    assert (keys.total_rows, keys.unlinked) == (4, 1)


def test_when_a_listed_mobile_appears_alone_in_another_export_then_it_is_the_same_person(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(identifiers.KEY_ENV, "listed")
    rng = random.Random(7)
    people = [(make_resident_id(rng, dt.date(1980 + i % 30, 1 + i % 12, 1 + i % 28)), f"138{i:08d}", f"139{i:08d}")
              for i in range(90)]  # fmt: skip
    first, second = tmp_path / "2026-03-01" / "a.csv", tmp_path / "2026-04-01" / "b.csv"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text("姓名,身份证号,联系电话\n" + "".join(
        f"张三,{rid},{p1};{p2}\n" if i % 2 else f"张三,{rid},{p1}\n" for i, (rid, p1, p2) in enumerate(people)
    ), encoding="utf-8")  # fmt: skip
    second.write_text("手机号,金额\n" + "".join(f"{p2},5\n" for _, _, p2 in people), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    outcomes = flow.scan([first, second], processor="p", warehouse=warehouse)
    assert [o.status for o in outcomes] == ["recorded", "recorded"]
    counts, unlinked = flow.persons(warehouse, "p", 2026)
    # the 45 listed second mobiles link to their person; the other 45 are persons of their own
    assert (counts.persons, unlinked) == (90 + 45, 0)


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ('["13812345678", "13987654321"]', ["13812345678", "13987654321"]),  # a JSON array of plain values
        ("[13812345678, 13987654321]", ["13812345678", "13987654321"]),  # DuckDB's text of a Parquet list
        ('["13812345678"]', ["13812345678"]),  # an array of one is a list too
        ("[]", None),
        ('["13812345678", null, "n/a", ""]', ["13812345678"]),  # empty elements list nothing
        ("[13812345678, NULL]", ["13812345678"]),
        ('["13812345678", "见备注"]', None),
    ],
)
def test_when_a_cell_is_an_array_of_plain_values_then_its_elements_are_the_identifiers(cell: str, parts):
    assert identifiers.split_identifiers("CN_MOBILE", cell) == parts


def test_when_a_column_lists_identifiers_or_types_them_full_width_then_the_classifier_sees_each():
    from outbound.classifiers.cells import column_values

    cells = ["13812345678/13987654321", '["13700000001"]', "１３６００００００００", "2015/3/4", "31.2304,121.4737", "１,２３４"]
    assert column_values(cells).texts == ("13812345678", "13987654321", "13700000001", "13600000000", "2015/3/4",
                                          "31.2304,121.4737", "1,234")  # fmt: skip
    assert identifiers.normalise("CN_MOBILE", "１３６－００００－００００") == "13600000000"
    assert identifiers.normalise("EMAIL_ADDRESS", "Ｌｉ＠Ｅｘａｍｐｌｅ．ｃｎ") == "li@example.cn"


def _write_arrays(tmp_path: Path) -> tuple[list[Path], int]:
    """The same 12 persons as a JSON document with phone arrays (one or two phones each, every
    record twice), a Parquet file with a list<string> column, and a CSV of phones typed full width
    and listed with '/'; every person also in a CSV by resident ID and first phone."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(11)
    people = [(make_resident_id(rng, dt.date(1970 + i, 2, 3)), f"138{i:08d}", f"139{i:08d}") for i in range(12)]
    folder = tmp_path / "2026-05-01"
    folder.mkdir()
    base = folder / "ids.csv"
    base.write_text("身份证号,手机号\n" + "".join(f"{r},{a}\n" for r, a, _ in people), encoding="utf-8")
    doc = folder / "phones.json"
    records = [{"name": "张三", "phones": [b, a] if i % 2 else [a]} for i, (_, a, b) in enumerate(people)]
    doc.write_text(json.dumps(records * 2, ensure_ascii=False), encoding="utf-8")
    parquet = folder / "lists.parquet"
    pq.write_table(pa.table({"mobiles": pa.array([[b, a] for _, a, b in people], pa.list_(pa.string()))}), parquet)
    wide = folder / "wide.csv"
    full = str.maketrans("0123456789", "０１２３４５６７８９")
    wide.write_text("手机号\n" + "".join(f"{b}/{a.translate(full)}\n" for _, a, b in people), encoding="utf-8")
    return [base, doc, parquet, wide], len(people)


@pytest.mark.parametrize("which", [1, 2, 3])
def test_when_phones_come_as_arrays_lists_or_full_width_then_they_link_to_their_person(tmp_path: Path, monkeypatch,
                                                                                       which: int):  # fmt: skip
    monkeypatch.setenv(identifiers.KEY_ENV, "arrays")
    files, people = _write_arrays(tmp_path)
    warehouse = tmp_path / "w.duckdb"
    alone = flow.scan([files[which]], processor="alone", warehouse=warehouse)
    assert alone[0].status == "recorded", alone[0].error
    together = flow.scan([files[0], files[which]], processor="p", warehouse=warehouse)
    assert [o.status for o in together] == ["recorded", "recorded"]
    # every phone of the file belongs to a person of ids.csv: the file adds no one
    assert flow.persons(warehouse, "p", 2026)[0].persons == people
    # alone: a record's phones are one person (the JSON document holds each record twice)
    assert flow.persons(warehouse, "alone", 2026)[0].persons == people


def test_when_a_contacts_cell_lists_a_mobile_and_an_email_then_each_links_under_its_own_entity():
    assert identifiers.split_mixed("13812345678;Li@Example.cn", ("CN_MOBILE", *identifiers.STRICT_SHAPES)) == [
        ("CN_MOBILE", "13812345678"), ("EMAIL_ADDRESS", "li@example.cn")]
    assert identifiers.split_mixed("13812345678;SO-20240301", ("CN_MOBILE", *identifiers.STRICT_SHAPES)) is None


def test_when_contacts_mix_mobiles_and_emails_then_the_emails_link_to_an_email_only_export(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(identifiers.KEY_ENV, "mixed")
    folder = tmp_path / "2026-05-01"
    folder.mkdir()
    contacts, emails = folder / "contacts.csv", folder / "emails.csv"
    contacts.write_text("name,contacts\n" + "".join(f"张三,138{i:08d};user{i}@example.cn\n" for i in range(40)),
                        encoding="utf-8")  # fmt: skip
    emails.write_text("email,amount\n" + "".join(f"user{i}@example.cn,5\n" for i in range(40)), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    assert [o.status for o in flow.scan([contacts, emails], processor="p", warehouse=warehouse)] == ["recorded"] * 2
    assert flow.persons(warehouse, "p", 2026)[0].persons == 40
