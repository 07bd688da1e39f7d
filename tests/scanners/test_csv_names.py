"""A CSV's column names are pandas' names for its header, read once when pandas takes them as they
are (non-empty, distinct), and its sample of a small file is every row as text, whatever the header."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pandas as pd
import pytest

from outbound.common.errors import UnreadableExport
from outbound.scanners import open_source

WORDS = ["a", "b", "a.1", "Unnamed: 0", "nan", "NA", "None", "True", "1", "1.0", " x ", "名字", "身份证号", "", " ",
         "a b", "x\ty", 'q"q', "N/A", "#N/A", "null", "-1", "1e5", "inf", "id\nno", "姓名 "]  # fmt: skip


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _pandas_names(source) -> list[str]:
    """pandas' own names for the header, read as the source reads it (its delimiter, its title lines)."""
    frame = pd.read_csv(source.path, sep=source.delimiter, skiprows=source.skip_lines, dtype=str,
                        keep_default_na=False, na_filter=False, index_col=False, nrows=0)  # fmt: skip
    return [str(c) for c in frame.columns]


@pytest.mark.parametrize("seed", range(8))
def test_when_a_header_is_read_then_the_names_are_pandas_names(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    for i in range(60):
        header = [rng.choice(WORDS) for _ in range(rng.randint(1, 6))]
        rows = [[rng.choice(["x", "", "1"]) for _ in header] for _ in range(rng.randint(0, 3))]
        path = _write(tmp_path / f"h{i}.csv", header, rows)
        try:
            source = open_source(path)
            source.columns()
        except UnreadableExport:  # a header of one empty name, say: refused before any name is taken
            continue
        if source.columns() and source.has_header:
            assert source.columns() == _pandas_names(source), header


def test_when_names_repeat_or_are_empty_then_pandas_names_them(tmp_path: Path):
    path = _write(tmp_path / "x.csv", ["id", "id", ""], [["1", "2", "3"]])
    assert open_source(path).columns() == ["id", "id.1", "Unnamed: 2"]


@pytest.mark.parametrize("header", [["name", "id_no"], ["id", "id", ""], ["a", "a.1"]])
def test_when_a_small_file_is_sampled_then_every_row_comes_back_as_text(tmp_path: Path, header: list[str]):
    rows = [["张三", ""], ["", "110105194912310021"], ["李四", "0013"]]
    source = open_source(_write(tmp_path / "x.csv", header[:2] + header[2:], [r + [""] * (len(header) - 2) for r in rows]))
    sample = source.sample(1000, 0)
    assert list(sample.columns) == source.columns()
    assert all(dtype.kind == "O" for dtype in sample.dtypes)
    assert sample.iloc[:, :2].values.tolist() == [[c or None for c in r] for r in rows]
    assert list(sample.index) == [0, 1, 2]
