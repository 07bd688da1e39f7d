"""SQL normalising + the batched keyed hash must give exactly what identifiers.keyed_hash gives."""

from __future__ import annotations

import random

import duckdb
import pyarrow as pa
import pytest

from outbound import identifiers

ENTITIES = ("CN_RESIDENT_ID", "CN_MOBILE", "EMAIL_ADDRESS", "PASSPORT_NUMBER", "PHONE_NUMBER")
EDGE_CASES = [
    "11010519491231002x", "110105 19491231 002X", " 110105-19491231-002x ", "110105.1949.1231.002X",
    "+86 138-1234-5678", "0086 13812345678", "8613812345678", "+8613812345678", "86 1381234567",
    "(138)1234/5678", "138_1234_5678", "0086861381234567", "+86+8613812345678", "\t13812345678\n",
    "Li.Na@Example.COM", "  li.na@example.com\x0b", "A B@C.D", "e12345678", "E 1234 5678", "N/A", "-",
    "0", "", " ", "\x1c13812345678\x1f", "x" * 40, "'quoted'", "a'b", "\\1", "%_", "12345",
    # dummies that must not link: bad check character, impossible birth dates, no mobile prefix
    "000000000000000000", "111111111111111111", "123456789012345678", "110105000000000000",
    "11010519900230123X", "110105194912310021", "110105490230002", "110105491231002", "110105-491231-002", "130503670401001", "11111111111",
    "10000000000", "12345678901", "19999999999",
    # whole numbers written by a float column: the tail goes, and only a tail of zeros after digits
    "13812345678.0", " 13812345678.00 ", "\x0b13812345678.0\x1f", "110105491231002.0", "13812345678.5",
    "1381234.5678.0", "+8613812345678.0", "E12345678.0", ".0", "0.0", "13812345678.0x",
    # document numbers typed for anyone (identifiers.DUMMY_NUMBER) and real ones near them
    "E00000000", "g99999999", "AB1111111", "123456789", "1234567890", "12345678", "E12345678", "E00000001",
    "1234567", "99999999999",
    # numbers kept as text by a spreadsheet
    '="110102201603010000"', "'13757277000", " '13757277000 ", '=" a@b.cn "', "'A@B.cn", "=13757277000",
    '"13757277000"', "'", '=""', "'a'b", '="1\n2"', "''13757277000", '=="13757277000"',
]  # fmt: skip
ALPHABET = "0123456789xX+-_.()/ \t\n\x0b\x0c\r\x1cabcABC@'%\\" + "0.0.0" + "=\"'"


def _sql(con: duckdb.DuckDBPyConnection, entity: str, values: list[str], key: bytes) -> list[tuple]:
    """(raw, ascii?, normalised, links?, keyed hash as UUID): normalised in SQL, keyed in one batch."""
    con.execute("CREATE OR REPLACE TEMP TABLE v AS SELECT unnest($values::VARCHAR[]) AS raw", {"values": values})
    norm = identifiers.normalise_sql(entity, "raw")
    rows = con.execute(
        f"SELECT raw, {identifiers.is_ascii_sql('raw')}, n, {identifiers.linkable_sql(entity, 'n')} "
        f"FROM (SELECT raw, {norm} AS n FROM v)"
    ).fetchall()
    if entity == "CN_RESIDENT_ID":  # the check character and birth date are checked on the Arrow chunk
        valid = identifiers.valid_resident_ids(pa.array([r[2] if r[3] else None for r in rows], pa.string()))
        rows = [(*r[:3], bool(r[3] and ok)) for r, ok in zip(rows, valid, strict=True)]
    tags = identifiers.keyed_hashes(key, entity, pa.array([r[2] for r in rows], pa.string()))
    con.register("t", pa.table({"h": identifiers.uuid_column(tags)}))
    numbers = [r[0] for r in con.execute("SELECT h FROM t").fetchall()]  # read back as DuckDB's UUID
    return [(*r, number) for r, number in zip(rows, numbers, strict=True)]


@pytest.mark.parametrize("entity", ENTITIES)
@pytest.mark.parametrize("key", [b"k", b"0123456789abcdef" * 4, b"x" * 100], ids=["short-key", "64-byte-key", "long-key"])
def test_when_sql_normalises_and_a_batch_keys_ascii_values_then_it_equals_keyed_hash(entity: str, key: bytes):
    rng = random.Random(entity)
    drawn = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24))) for _ in range(400)]
    values = EDGE_CASES + drawn + [f'="{v}"' for v in drawn[:60]] + [f"'{v}" for v in drawn[60:120]]
    con = duckdb.connect()
    for raw, ascii_only, norm, link, number in _sql(con, entity, values, key):
        assert ascii_only
        assert norm == identifiers.normalise(entity, raw), repr(raw)
        assert link == identifiers.linkable(entity, norm), repr(raw)
        assert number == identifiers.hash_uuid(identifiers.keyed_hash(key, entity, raw)), repr(raw)
        assert number.hex == identifiers.keyed_hash(key, entity, raw)


@pytest.mark.parametrize("value", ["１３８１２３４５６７８", "13812345678\u3000", "straße@example.com", "\xa013812345678"])
def test_when_a_value_is_not_ascii_then_sql_routes_it_to_python(value: str):
    """Unicode whitespace and case mapping differ between DuckDB and Python: such values must
    not take the SQL path (the full pass hashes them with keyed_hash instead)."""
    ((_, ascii_only, *_),) = _sql(duckdb.connect(), "CN_MOBILE", [value], b"k")
    assert ascii_only is False


@pytest.mark.parametrize(
    ("entity", "value", "links"),
    [
        ("CN_RESIDENT_ID", "11010519491231002X", True),
        ("CN_RESIDENT_ID", "110105491231002", True),
        ("CN_RESIDENT_ID", "N/A", False),
        ("CN_MOBILE", "13812345678", True),
        ("CN_MOBILE", "0", False),
        ("EMAIL_ADDRESS", "li.na@example.com", True),
        ("EMAIL_ADDRESS", "无", False),
        ("PASSPORT_NUMBER", "E12345678", True),
        ("PASSPORT_NUMBER", "NONE", False),
    ],
    ids=["ric-18", "ric-15", "ric-placeholder", "mobile", "mobile-zero", "email", "email-placeholder",
         "passport", "passport-word"],
)
def test_when_a_value_lacks_its_identifier_shape_then_it_does_not_link(entity: str, value: str, links: bool):
    assert identifiers.linkable(entity, identifiers.normalise(entity, value)) is links


@pytest.mark.parametrize(("entity", "value", "links"), [
    ("CN_RESIDENT_ID", "11010519491231002X", True),
    ("CN_RESIDENT_ID", "110105491231002", True),  # first generation: 15 digits, 19yymmdd
    ("CN_RESIDENT_ID", "000000000000000000", False),
    ("CN_RESIDENT_ID", "110105194912310021", False),  # wrong check character
    ("CN_RESIDENT_ID", "11010519900230123X", False),  # 30 February
    ("CN_RESIDENT_ID", "110105490230002", False),
    ("CN_MOBILE", "13812345678", True),
    ("CN_MOBILE", "19912345678", True),
    ("CN_MOBILE", "11111111111", False),
    ("CN_MOBILE", "12345678901", False),
])  # fmt: skip
def test_when_an_identifier_is_a_dummy_then_it_links_no_one(entity: str, value: str, links: bool):
    assert identifiers.linkable(entity, value) is links
    ((_, _, _, link, _),) = _sql(duckdb.connect(), entity, [value], b"k")  # the full pass's SQL + Arrow check
    assert link is links


def test_when_resident_ids_are_checked_in_bulk_then_each_verdict_is_the_python_one():
    rng = random.Random(7)
    values = [None, "", "X" * 18, "11010519491231002X", "110105491231002", "110105200002290018"]
    for _ in range(3000):  # random digits: about one in eleven has the right check character
        body = f"{rng.randint(110000, 659999)}{rng.randint(1890, 2030)}{rng.randint(0, 13):02d}{rng.randint(0, 32):02d}{rng.randint(0, 999):03d}"
        values += [body + rng.choice("0123456789X"), body[:6] + body[8:14] + body[14:17]]
    got = identifiers.valid_resident_ids(pa.array(values, pa.string()).slice(1))  # an offset array too
    assert got.tolist() == [v is not None and len(v) in (15, 18) and identifiers.linkable("CN_RESIDENT_ID", v) for v in values[1:]]
