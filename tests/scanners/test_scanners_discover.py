"""Formats are named by suffix; folders expand to the export files inside them."""

from __future__ import annotations

from pathlib import Path

import pytest

from outbound.common.errors import UnsupportedFormat
from outbound.scanners import FORMATS, discover, sniff_format


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.csv", "csv"),
        ("A.CSV", "csv"),
        ("a.tsv", "csv"),
        ("a.csv.gz", "csv"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.jsonl.gz", "jsonl"),
        ("a.json", "json"),
        ("a.json.gz", "json"),
        ("a.parquet", "parquet"),
        ("a.xlsx", "xlsx"),
        ("2025.01.orders.csv", "csv"),
    ],
    ids=lambda v: str(v),
)
def test_when_suffix_is_known_then_format_is_named(name: str, fmt: str) -> None:
    assert sniff_format(Path(name)) == fmt


@pytest.mark.parametrize("name", ["a.txt", "a.gz", "a", "a.xlsb", "a.parquet.gz", "a.xlsx.gz"])  # .xls is read now
def test_when_suffix_is_unknown_then_unsupported_format_lists_known(name: str) -> None:
    with pytest.raises(UnsupportedFormat, match=name) as caught:
        sniff_format(Path(name))
    assert all(fmt in str(caught.value) for fmt in FORMATS)


def test_when_folders_are_given_then_known_files_are_found_sorted_without_hidden(tmp_path: Path) -> None:
    for rel in [
        "b.csv",
        "a.parquet",
        "sub/c.jsonl.gz",
        "sub/deeper/d.xlsx",
        "notes.txt",
        ".hidden.csv",
        "_SUCCESS",
        "sub/_partial.csv",
        ".git/e.csv",
        "_staging/f.csv",
        "sub/.cache/g.json",
        "~$b.csv",  # an office lock file beside an open export
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    explicit = tmp_path / "notes.txt"

    found = discover([tmp_path / "sub", tmp_path, explicit])

    assert found == sorted(
        tmp_path / rel for rel in ["a.parquet", "b.csv", "notes.txt", "sub/c.jsonl.gz", "sub/deeper/d.xlsx"]
    )
