"""The full pass stages exactly identifiers.keyed_hash of each identifier, whatever path a value takes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from outbound import identifiers
from outbound.common.records import Category, ColumnLabel
from outbound.fullpass import Roles, person_keys
from outbound.regulation import rules
from outbound.scanners import open_source, streamed

ON = dt.date(2026, 6, 30)
KEY = b"test-key"


def _label(column: str, entity: str, category: Category = Category.PERSONAL) -> ColumnLabel:
    return ColumnLabel(column, entity, category, 1.0, 1.0, (entity,))


LABELS = (
    _label("name", "PERSON_NAME"), _label("rid", "CN_RESIDENT_ID"), _label("mobile", "CN_MOBILE"),
    _label("card", "BANK_CARD", Category.SENSITIVE), _label("dob", "DATE_OF_BIRTH"),
)  # fmt: skip
ROWS = [
    # name, resident ID, mobile, card, date of birth
    ("甲", "11010519491231002x", "+86 138-1234-5678", "", ""),  # lower-case x, prefix and separators
    ("甲", "11010519491231002X", "13812345678\u3000", "", ""),  # same person; ideographic space (Python path)
    ("乙", "１１０１０５", "13900000001", "6222020000000000000", ""),  # full-width digits never link
    ("丙", "110105201801010019", "", "", ""),  # a child by the birth date inside the ID
    ("庚", "110105201801010013", "", "", ""),  # a wrong check character: PI, but links no one
    ("丁", "", "13700000002", "", "2019-05-01"),  # a child by the date-of-birth column
    ("戊", "无", "", "", ""),  # a placeholder: PI without an identifier
    ("己", "", "", "", ""),  # a name only
    ("", "", "", "", ""),  # nothing at all
]


def _stage(tmp_path: Path) -> tuple[duckdb.DuckDBPyConnection, object]:
    path = tmp_path / "x.csv"
    lines = ["name,rid,mobile,card,dob", *(",".join(r) for r in ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    keys = person_keys(duckdb.connect(), streamed(open_source(path)), LABELS, key=KEY, on=ON, entities=rules.entities(ON))
    con = duckdb.connect()  # reads the keyed tables back as the warehouse does
    con.register("ids", keys.ids)
    con.register("edges", keys.edges)
    return con, keys


def test_when_values_take_the_sql_or_the_python_path_then_hashes_equal_keyed_hash(tmp_path: Path):
    con, keys = _stage(tmp_path)
    staged = dict(con.execute("SELECT h, sensitive FROM ids").fetchall())
    expect = {
        ("CN_RESIDENT_ID", "11010519491231002X"): False,
        ("CN_MOBILE", "13812345678"): False,
        ("CN_MOBILE", "13900000001"): True,  # the bank card on its row
        ("CN_RESIDENT_ID", "110105201801010019"): True,
        ("CN_MOBILE", "13700000002"): True,
    }
    assert staged == {identifiers.hash_uuid(identifiers.keyed_hash(KEY, e, v)): s for (e, v), s in expect.items()}
    edges = con.execute("SELECT a, b FROM edges").fetchall()
    rid, mobile = (identifiers.hash_uuid(identifiers.keyed_hash(KEY, e, v)) for e, v in list(expect)[:2])
    assert edges == [(rid, mobile)]
    assert (keys.total_rows, keys.unlinked, keys.unlinked_sensitive) == (len(ROWS), 3, 0)


def test_when_columns_are_sorted_into_roles_then_identifiers_and_sensitive_columns_are_apart():
    roles = Roles.of(LABELS, rules.entities(ON))
    assert roles.ids == (("rid", "CN_RESIDENT_ID"), ("mobile", "CN_MOBILE"))
    assert (roles.sensitive, roles.births, roles.others) == (("card",), ("dob",), ("name",))


PLACEHOLDER_CELLS = ["无", " N/A ", "n/a", "0", "00000000000", "-", "未知", "暂无", "NULL", "none", "\\", "不详", "\\N",
                     "#N/A", "未提供", "N／A", "Ｎ／Ａ", "待补充", "未填写", "（无）", "无。", "(N/A)", "【未知】", "[null]"]  # fmt: skip
CONTENT_CELLS = ["张伟", "13812345678", "0086", "A", "10", "0x", "无锡", "n/a 见备注", "Nana", "（无锡）", "无。见备注",
                 "６２２２０２", "１３８１２２９２３０２；１３８１２２９２３０２"]  # fmt: skip


def test_when_a_cell_is_a_placeholder_then_sql_and_python_agree_it_has_no_content():
    from outbound.identifiers import has_content, has_content_sql

    con = duckdb.connect()
    cells = PLACEHOLDER_CELLS + CONTENT_CELLS
    sql = con.execute(f"SELECT {has_content_sql('v')} FROM unnest(?::VARCHAR[]) AS t(v)", [cells]).fetchall()
    assert [row[0] for row in sql] == [has_content(c) for c in cells]
    assert [has_content(c) for c in cells] == [False] * len(PLACEHOLDER_CELLS) + [True] * len(CONTENT_CELLS)


def test_when_pi_cells_hold_only_placeholders_then_the_row_is_no_person(tmp_path: Path):
    path = tmp_path / "x.csv"
    path.write_text("订单号,姓名,手机号,健康状况\nA1,张伟,13812345678,无\nA2,李娜,13987654321,高血压\n"
                    "A3,,无,\nA4,,N/A,\nA5,,0,无\nA6,,-,\nA7,未知,,\n", encoding="utf-8")  # fmt: skip
    labels = (_label("姓名", "PERSON_NAME"), _label("手机号", "CN_MOBILE"),
              _label("健康状况", "HEALTH_INFO", Category.SENSITIVE))  # fmt: skip
    keys = person_keys(duckdb.connect(), streamed(open_source(path)), labels, key=KEY, on=ON, entities=rules.entities(ON))
    assert (keys.total_rows, keys.identifiers, keys.unlinked) == (7, 2, 0)
    assert sorted(keys.ids.column("sensitive").to_pylist()) == [False, True]  # "无" is no health record


def test_when_an_identifier_cell_is_a_dummy_then_its_row_counts_once_and_links_no_one(tmp_path: Path):
    """A dummy ID is no content: its row counts once, by the name beside it (once counted twice:
    as an ID that links no one, and again as a row with a name only)."""
    path = tmp_path / "x.csv"
    path.write_text("姓名,身份证号,护照号\n甲,000000000000000000,00000\n乙,000000000000000000,00000\n"
                    "丙,11010519491231002X,\n丁,,E12345678\n", encoding="utf-8")  # fmt: skip
    labels = (_label("姓名", "PERSON_NAME"), _label("身份证号", "CN_RESIDENT_ID"), _label("护照号", "PASSPORT_NUMBER"))
    keys = person_keys(duckdb.connect(), streamed(open_source(path)), labels, key=KEY, on=ON, entities=rules.entities(ON))
    assert (keys.total_rows, keys.identifiers, keys.unlinked) == (4, 2, 2)


def test_when_a_header_line_recurs_inside_the_file_then_it_is_no_person(tmp_path: Path):
    """Two exports concatenated (cat a.csv b.csv) repeat the header line as a row: its cells are the
    columns' own names, no content; a sensitive column holding its own name makes no one sensitive."""
    path = tmp_path / "x.csv"
    head = "姓名,身份证号,手机号,健康状况"
    path.write_text(f"{head}\n张伟,11010519491231002X,13812345678,\n{head}\n李娜,,13987654321,\n", encoding="utf-8")
    labels = (_label("姓名", "PERSON_NAME"), _label("身份证号", "CN_RESIDENT_ID"), _label("手机号", "CN_MOBILE"),
              _label("健康状况", "HEALTH_INFO", Category.SENSITIVE))  # fmt: skip
    keys = person_keys(duckdb.connect(), streamed(open_source(path)), labels, key=KEY, on=ON, entities=rules.entities(ON))
    assert (keys.total_rows, keys.identifiers, keys.unlinked, keys.unlinked_sensitive) == (3, 3, 0, 0)
    assert not any(keys.ids.column("sensitive").to_pylist())


def test_when_a_person_has_the_old_15_digit_id_and_its_18_digit_successor_then_they_are_one_identifier(
    tmp_path: Path,
):
    """GB 11643-1999 made each 15-digit ID an 18-character one ("19" before the year, a check
    character): both spellings are one person's, on the SQL path and the Python path alike."""
    assert identifiers.resident_id_18("110105491231002") == "11010519491231002X"
    path = tmp_path / "x.csv"
    path.write_text("姓名,身份证号\n甲,110105491231002\n甲,11010519491231002X\n甲,１１０１０５４９１２３１００２\n"
                    "乙,110105-491231-002\n", encoding="utf-8")  # fmt: skip
    labels = (_label("姓名", "PERSON_NAME"), _label("身份证号", "CN_RESIDENT_ID"))
    keys = person_keys(duckdb.connect(), streamed(open_source(path)), labels, key=KEY, on=ON, entities=rules.entities(ON))
    assert keys.ids.column("h").to_pylist() == [identifiers.hash_uuid(identifiers.keyed_hash(KEY, "CN_RESIDENT_ID", "11010519491231002X"))]
    assert (keys.total_rows, keys.unlinked) == (4, 0)
