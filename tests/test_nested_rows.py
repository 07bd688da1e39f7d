"""Arrays of objects in JSON and lists of structs in Parquet: each object is a row of its own, so the
guests of one booking are counted as the persons they are, on the native (DuckDB) and the Python
path alike."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from outbound import identifiers
from outbound.common.records import Category, ColumnLabel
from outbound.demo.identifiers import make_mobile, make_resident_id
from outbound.fullpass import person_keys
from outbound.pipeline import flow
from outbound.regulation import rules
from outbound.scanners import open_fallback, open_source, open_stream, streamed
from outbound.scanners.nesting import flatten_rows
from outbound.scanners.stream import count_records

ON = dt.date(2026, 6, 30)
KEY = b"test-key"


def test_when_a_record_holds_arrays_of_objects_then_each_object_is_a_row_of_its_own():
    record = {
        "booking": "B1",
        "booker": {"mobile": "13800000000"},
        "guests": [{"name": "甲", "doc": {"id": "1"}}, {"name": "乙", "phones": ["1", "2"]}],
        "flights": [{"no": "MU1", "pax": [{"id": "3"}]}],
        "tags": ["vip", "late"],
        "mixed": [{"id": "4"}, "note"],
        "empty": [],
    }
    assert flatten_rows(record) == [
        {"booking": "B1", "booker.mobile": "13800000000", "tags": '["vip", "late"]', "mixed": '["note"]', "empty": None},
        {"guests[].name": "甲", "guests[].doc.id": "1"},
        {"guests[].name": "乙", "guests[].phones": '["1", "2"]'},
        {"flights[].no": "MU1"},
        {"flights[].pax[].id": "3"},
        {"mixed[].id": "4"},
    ]
    # a record with nothing but its arrays has no row of its own
    assert flatten_rows({"guests": [{"id": "1"}, {"id": "2"}]}) == [{"guests[].id": "1"}, {"guests[].id": "2"}]
    assert flatten_rows({"id": "1"}) == [{"id": "1"}]


def _bookings(rng: random.Random, n: int) -> tuple[list[dict], list[tuple[str, str]], str]:
    """`n` bookings of 1-3 guests each; the booker's mobile is a guest's own in every third."""
    records, guests = [], []
    for b in range(n):
        party = [(make_resident_id(rng, dt.date(rng.randint(1960, 2000), 5, 1)), make_mobile(rng))
                 for _ in range(1 + b % 3)]  # fmt: skip
        guests += party
        booker = party[0][1] if b % 3 == 0 else make_mobile(rng)
        records.append({"booking": f"B{b:05d}", "booker": {"mobile": booker},
                        "guests": [{"name": "张三", "id_no": rid, "mobile": m} for rid, m in party]})  # fmt: skip
    return records, guests, "booker.mobile"


LABELS = (
    ColumnLabel("booker.mobile", "CN_MOBILE", Category.PERSONAL, 1.0, 1.0, ("CN_MOBILE",)),
    ColumnLabel("guests[].name", "PERSON_NAME", Category.PERSONAL, 1.0, 1.0, ("PERSON_NAME",)),
    ColumnLabel("guests[].id_no", "CN_RESIDENT_ID", Category.PERSONAL, 1.0, 1.0, ("CN_RESIDENT_ID",)),
    ColumnLabel("guests[].mobile", "CN_MOBILE", Category.PERSONAL, 1.0, 1.0, ("CN_MOBILE",)),
)


def _write(path: Path, records: list[dict], encoding: str = "utf-8") -> Path:
    if path.suffix == ".parquet":
        pq.write_table(pa.Table.from_pylist(records), path, row_group_size=16)
    elif path.suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding=encoding)
    else:
        path.write_text(json.dumps({"exported_at": "2026-06-30", "records": records}, ensure_ascii=False), encoding=encoding)
    return path


# GB18030 is not UTF-8: DuckDB rejects the file and the pass reads it through the source's own reader
@pytest.mark.parametrize(
    ("name", "encoding"),
    [("b.jsonl", "utf-8"), ("b.json", "utf-8"), ("b.jsonl", "gb18030"), ("b.json", "gb18030"), ("b.parquet", "")],
)
def test_when_guests_share_a_booking_then_each_is_keyed_and_linked_on_their_own_row(tmp_path: Path, name: str, encoding: str):
    records, guests, _ = _bookings(random.Random(3), 40)
    path = _write(tmp_path / name, records, encoding)
    source = open_source(path)
    con = duckdb.connect()
    keys = person_keys(con, streamed(source), LABELS, key=KEY, on=ON, entities=rules.entities(ON))
    assert keys.total_rows == len(records) == count_records(con, source) == source.count_rows()
    h = {v: identifiers.hash_uuid(identifiers.keyed_hash(KEY, e, v)) for rid, m in guests for e, v in
         (("CN_RESIDENT_ID", rid), ("CN_MOBILE", m))}  # fmt: skip
    bookers = {r["booker"]["mobile"] for r in records}
    h |= {m: identifiers.hash_uuid(identifiers.keyed_hash(KEY, "CN_MOBILE", m)) for m in bookers}
    assert set(keys.ids.column("h").to_pylist()) == set(h.values())
    edges = {tuple(e.values()) for e in keys.edges.to_pylist()}
    assert edges == {(h[rid], h[m]) for rid, m in guests}  # an ID with its own mobile, never across guests
    assert keys.unlinked == 0


def _flights(rng: random.Random, n: int) -> list[dict]:
    """Two levels of arrays: flights holding passengers, a crew member's ID on each flight."""
    return [{"flight": f"MU{f}", "crew": {"id_no": make_resident_id(rng, dt.date(1980, 1, 2))},
             "legs": [{"from": "PVG", "pax": [{"id_no": make_resident_id(rng, dt.date(1990, 3, 4)), "mobile": make_mobile(rng)}
                                             for _ in range(1 + (f + leg) % 3)]} for leg in range(1 + f % 2)]}
            for f in range(n)]  # fmt: skip


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".parquet"])
@pytest.mark.parametrize("shape", ["bookings", "flights"])
def test_when_the_python_path_reads_nested_rows_then_it_yields_the_rows_duckdb_yields(tmp_path: Path, suffix: str, shape: str):
    if shape == "bookings":
        records, _, _ = _bookings(random.Random(4), 12)
        objects = sum(len(r["guests"]) for r in records)
    else:
        records = _flights(random.Random(4), 9)
        objects = sum(len(leg["pax"]) for r in records for leg in r["legs"])
    source = open_source(_write(tmp_path / f"b{suffix}", records))
    names = [c for c in source.columns() if c.endswith(("id_no", "mobile"))]
    assert names == (["booker.mobile", "guests[].id_no", "guests[].mobile"] if shape == "bookings"
                     else ["crew.id_no", "legs[].pax[].id_no", "legs[].pax[].mobile"])  # fmt: skip
    con = duckdb.connect()
    rows = {}
    for how, opener in (("native", open_stream), ("python", open_fallback)):
        stream = opener(con, source, names)
        got = con.execute(f"SELECT * FROM {stream.sql}").fetchall()
        stream.close()
        rows[how] = sorted((r for r in got if any(r)), key=repr)  # the SQL keeps a record's empty row
    assert rows["native"] == rows["python"]
    assert len(rows["python"]) == len(records) + objects  # each record's own row (booker, crew), each object
    assert count_records(con, source) == len(records)


# the scan's full pass runs in a child with bounded memory (a JSON document once asked DuckDB for 2 GiB)
@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".parquet"])
def test_when_bookings_are_scanned_then_guests_and_bookers_count_as_the_persons_they_are(tmp_path: Path, suffix: str):
    records, guests, _ = _bookings(random.Random(5), 90)
    child = make_resident_id(random.Random(6), dt.date(2019, 3, 1))  # under 14 on the export date
    records.append({"booking": "KID", "booker": {"mobile": None}, "guests": [{"name": "小明", "id_no": child, "mobile": None}]})
    path = _write(tmp_path / f"2026-06-30_bookings{suffix}", records)
    wh = tmp_path / "w.duckdb"
    (outcome,) = flow.scan([path], processor="p", warehouse=wh)
    assert outcome.status == "recorded", outcome.error
    assert outcome.rows == len(records)
    labelled = {lab.column: lab.entity for lab in outcome.labels}
    assert labelled["guests[].id_no"] == "CN_RESIDENT_ID" and labelled["guests[].mobile"] == "CN_MOBILE"
    counts, _ = flow.persons(wh, "p", 2026)
    bookers = {r["booker"]["mobile"] for r in records} - {m for _, m in guests} - {None}
    assert counts.persons == len(guests) + len(bookers) + 1
    assert counts.sensitive_persons == 1


def _people(n: int) -> list[dict]:
    rng = random.Random(12)
    return [{"name": "张三", "id_no": make_resident_id(rng, dt.date(1960 + i, 1 + i % 12, 3)), "mobile": make_mobile(rng)}
            for i in range(n)]  # fmt: skip


@pytest.mark.parametrize("shape", ["api", "two-arrays", "lines", "one-object"])
def test_when_a_json_document_is_an_api_response_or_lines_then_its_people_count(tmp_path: Path, shape: str):
    people = _people(24)
    path = tmp_path / "2026-05-01_capture.json"
    if shape == "api":  # an HTTP payload capture: the records two levels down, beside metadata
        doc = json.dumps({"code": 0, "msg": "ok", "result": {"total": 24, "items": people}}, ensure_ascii=False)
    elif shape == "two-arrays":
        doc = json.dumps({"flight": "MU5101", "passengers": people[:20], "crew": people[20:]}, ensure_ascii=False)
    elif shape == "lines":  # JSON Lines saved as .json
        doc = "\n".join(json.dumps({"booking": i, "guests": [p]}, ensure_ascii=False) for i, p in enumerate(people))
    else:
        people = people[:1]
        doc = json.dumps(people[0], ensure_ascii=False)
    path.write_text(doc, encoding="utf-8")
    source = open_source(path)
    names = [c for c in source.columns() if c.endswith(("id_no", "mobile"))]
    con = duckdb.connect()
    rows = {}
    for how, opener in (("native", open_stream), ("python", open_fallback)):
        stream = opener(con, source, names)
        rows[how] = sorted((r for r in con.execute(f"SELECT * FROM {stream.sql}").fetchall() if any(r)), key=repr)
        stream.close()
    assert rows["native"] == rows["python"]
    wh = tmp_path / "w.duckdb"
    (outcome,) = flow.scan([path], processor="p", warehouse=wh)
    assert outcome.status == "recorded", outcome.error
    assert outcome.rows == (len(people) if shape == "lines" else 1)
    assert flow.persons(wh, "p", 2026)[0].persons == len(people)


@pytest.mark.parametrize("suffix", [".json", ".parquet"])
@pytest.mark.parametrize("where", ["customer", "top"])
def test_when_guests_are_named_only_beside_a_customer_with_an_identifier_then_each_counts(
    tmp_path: Path, suffix: str, where: str
):
    """The full pass read only the customer's rows (its e-mail); the guests' rows, names only, went unread."""
    rng = random.Random(21)
    records = []
    for i in range(12):
        email = f"buyer{i}@example.cn"
        record = {"order": i, "customer": {"name": "张三", "email": email}} if where == "customer" else {
            "order": i, "contact_email": email}
        records.append(record | {"guests": [{"name": rng.choice("王李赵钱孙") + rng.choice("伟芳娜敏静")} for _ in range(2)]})
    path = _write(tmp_path / f"2026-05-01_orders{suffix}", records)
    wh = tmp_path / "w.duckdb"
    (outcome,) = flow.scan([path], processor="p", warehouse=wh)
    assert outcome.status == "recorded", outcome.error
    assert {lab.column: lab.entity for lab in outcome.labels}.get("guests[].name") == "PERSON_NAME"
    counts, unlinked = flow.persons(wh, "p", 2026)
    assert (counts.persons, unlinked) == (12 + 24, 24)
