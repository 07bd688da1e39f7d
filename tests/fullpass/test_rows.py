"""The full pass of a file read whole in memory (`fullpass.rows`) gives what the DuckDB pass gives
over the same file: the same keyed identifiers (and which are sensitive), the same links, the same
rows and unlinked rows, for hand-picked edge cells and for many seeded random small files."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import duckdb
import pytest

from outbound.classifiers import classify_source
from outbound.common.records import Category, ColumnLabel
from outbound.fullpass import PersonKeys, person_keys
from outbound.fullpass.rows import person_keys_of_rows
from outbound.regulation import rules
from outbound.scanners import open_source, streamed
from tests.classifiers.synthetic import resident_id, wrong_check

ON = dt.date(2026, 6, 30)
KEY = b"rows-test-key"
SAMPLE = 1000


def _label(column: str, entity: str, category: Category = Category.PERSONAL) -> ColumnLabel:
    return ColumnLabel(column, entity, category, 1.0, 1.0, (entity,))


LABELS = (
    _label("name", "PERSON_NAME"), _label("rid", "CN_RESIDENT_ID"), _label("mobile", "CN_MOBILE"),
    _label("card", "BANK_CARD", Category.SENSITIVE), _label("dob", "DATE_OF_BIRTH"),
    _label("mail", "EMAIL_ADDRESS"), _label("passport", "PASSPORT_NUMBER"), _label("addr", "ADDRESS"),
)  # fmt: skip
HEADER = [lab.column for lab in LABELS]
EDGE_CELLS = [
    "", " ", "无", " N/A ", "0", "00000000000", "-", "未知", "name", "rid", "NULL", "\\N", "（无）", "张伟", "甲",
    "11010519491231002x", "110105 19491231 002X", "'11010519491231002X", '="11010519491231002X"', "１１０１０５",
    "110105201801010019", "110105201801010013", "130503670401001", "000000000000000000", "110105491231002",
    "+86 138-1234-5678", "13812345678.0", "13812345678\u3000", "\u200b13900000001", "13812345678;13900000001",
    "13812345678、li@x.cn", "Li.Na@Example.COM", " li.na@example.com", "a@b", "E12345678", "e 1234 5678", "E00000000",
    "6222020000000000000", "6222 0200 0000 0000 000", "2019-05-01", "1949-12-31", "2030-01-01", "19491231", "not a date",
    "北京市朝阳区建国路1号", "x" * 30, "１３８１２２９２３０２；１３８１２２９２３０２", "0086 13812345678", "12345678",
]  # fmt: skip


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _both(path: Path, labels: tuple[ColumnLabel, ...] | None = None) -> tuple[PersonKeys, PersonKeys]:
    """(the DuckDB pass, the pass over the sampled rows) of one file."""
    source = open_source(path)
    frame = source.sample(SAMPLE, 0)
    assert len(frame) < SAMPLE  # the sample is the whole file
    if labels is None:
        labels = classify_source(source, sample_rows=SAMPLE, seed=0, on=ON).columns
    entities = rules.entities(ON)
    native = person_keys(duckdb.connect(), streamed(source), labels, key=KEY, on=ON, entities=entities)
    cells = {str(c): frame[c].tolist() for c in frame.columns}
    return native, person_keys_of_rows(cells, labels, key=KEY, on=ON, entities=entities)


def _facts(keys: PersonKeys) -> tuple[object, ...]:
    ids = sorted(zip(keys.ids["h"].combine_chunks().storage.to_pylist(), keys.ids["sensitive"].to_pylist(), strict=True))
    edges = sorted(zip(*(keys.edges[c].combine_chunks().storage.to_pylist() for c in ("a", "b")), strict=True))
    return keys.total_rows, keys.unlinked, keys.unlinked_sensitive, ids, edges, keys.labels


def test_when_each_edge_cell_stands_in_every_column_then_both_passes_agree(tmp_path: Path):
    rows = [[cell] * len(HEADER) for cell in EDGE_CELLS]
    native, in_memory = _both(_write(tmp_path / "edges.csv", rows), LABELS)
    assert _facts(in_memory) == _facts(native)
    assert in_memory.identifiers > 5 and in_memory.edges.num_rows and in_memory.unlinked  # the corpus reaches every path


def test_when_rows_repeat_and_share_identifiers_then_both_passes_agree(tmp_path: Path):
    rng = random.Random(3)
    ids = [resident_id(rng) for _ in range(4)]
    rows = [["甲", ids[i % 4], f"1381234567{i % 3}", "", "", "", "", ""] for i in range(12)]
    rows += [["乙", wrong_check(ids[0]), "", "6222020000000000000", "2019-05-01", "", "", ""], [""] * 8, ["丙"] + [""] * 7]
    native, in_memory = _both(_write(tmp_path / "repeat.csv", rows), LABELS)
    assert _facts(in_memory) == _facts(native)
    assert in_memory.unlinked_sensitive == 1


@pytest.mark.parametrize("seed", range(40))
def test_when_random_small_files_are_read_then_both_passes_agree(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    pool = EDGE_CELLS + [resident_id(rng) for _ in range(5)] + [f"13{rng.randrange(10**9):09d}" for _ in range(5)]
    width = rng.randint(1, len(HEADER))
    header = rng.sample(HEADER, width)
    rows = [[rng.choice(pool) for _ in range(width)] for _ in range(rng.randint(0, 8))]
    labels = tuple(lab for lab in LABELS if lab.column in header) if seed % 2 else None  # odd: as labelled; even: classified
    native, in_memory = _both(_write(tmp_path / f"r{seed}.csv", rows, header), labels)
    assert _facts(in_memory) == _facts(native)


def test_when_the_classifier_labels_a_one_row_export_then_both_passes_agree(tmp_path: Path):
    rng = random.Random(1)
    path = tmp_path / "one.csv"
    path.write_text(f"name,id_no,phone\n张三,{resident_id(rng)},138{rng.randrange(10**8):08d}\n", encoding="utf-8")
    native, in_memory = _both(path)
    assert _facts(in_memory) == _facts(native)
    assert (in_memory.total_rows, in_memory.identifiers, in_memory.edges.num_rows) == (1, 2, 1)


RID = "11010519491231002X"
TEXTS = {  # how exporters write small CSVs: what DuckDB's reader and the sample's pandas must read alike
    "quoted": f'name,rid,mobile\n"张, 三","{RID}","138 1234 5678"\n"李""四",,13900000001\n',
    "newline in a cell": f'name,rid,mobile\n"张\n三",{RID},13812345678\n',
    "blank lines": f"name,rid,mobile\n\n张三,{RID},13812345678\n\n\n李四,,13900000001\n",
    "crlf and bom": f"\ufeffname,rid,mobile\r\n张三,{RID},13812345678\r\n",
    "semicolons": f"name;rid;mobile\n张三;{RID};13812345678\n",
    "tabs": f"name\trid\tmobile\n张三\t{RID}\t13812345678\n",
    "title line": f"2026年5月 客户信息导出\nname,rid,mobile\n张三,{RID},13812345678\n",
    "no header": f"张三,{RID},13812345678\n李四,110105201801010019,13900000001\n",
    "spaces around": f"name,rid,mobile\n 张三 , {RID} , 13812345678 \n",
    "header only": "name,rid,mobile\n",
    "no final newline": f"name,rid,mobile\n张三,{RID},13812345678",
    "short row": f"name,rid,mobile\n张三,{RID}\n李四,,13900000001\n",
}


@pytest.mark.parametrize("name", list(TEXTS))
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_when_a_small_csv_is_written_one_way_or_another_then_both_passes_agree(tmp_path: Path, name: str, encoding: str):
    path = tmp_path / "x.csv"
    path.write_bytes(TEXTS[name].encode(encoding))
    labels = (_label("name", "PERSON_NAME"), _label("rid", "CN_RESIDENT_ID"), _label("mobile", "CN_MOBILE"),
              _label("column_1", "PERSON_NAME"), _label("column_2", "CN_RESIDENT_ID"), _label("column_3", "CN_MOBILE"))
    columns = set(open_source(path).columns())
    native, in_memory = _both(path, tuple(lab for lab in labels if lab.column in columns))
    assert _facts(in_memory) == _facts(native)
