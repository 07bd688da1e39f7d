"""The calamine-based Excel source reads what the openpyxl reader it replaced read, cell for cell.

The oracle is that reader in a few lines (openpyxl read-only, values only, whole numbers without
".0" below 2**53): every workbook below is written with openpyxl and read both ways.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from stdnum.cn import ric

from outbound.common.errors import UnreadableExport
from outbound.scanners import excel_source, open_source
from outbound.scanners.base import cell_text
from outbound.scanners.excel_source import header_names

Records = list[dict[str, str | None]]


def _resident_id(n: int) -> str:
    body = f"110105{1949 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body)


def _old_text(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return cell_text(value)


def _openpyxl_reading(path: Path) -> tuple[list[str], Records]:
    """What outbound read before calamine: first sheet, empty rows skipped, header first."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [
            r for r in book.worksheets[0].iter_rows(values_only=True) if any(v not in (None, "") for v in r)
        ]
    finally:
        book.close()
    # header_names is unchanged; the oracle feeds it openpyxl's values spelled the old way
    names = header_names(tuple(_old_text(v) for v in rows[0]))
    records = [{n: (_old_text(r[i]) if i < len(r) else None) for i, n in enumerate(names)} for r in rows[1:]]
    return names, records


def _records(frame: pd.DataFrame) -> Records:
    return frame.to_dict("records")  # type: ignore[return-value]


DAY = dt.date(2024, 1, 5)
MOMENT = dt.datetime(2024, 1, 5, 13, 45, 30, 125_000)  # Excel keeps milliseconds

CASES: dict[str, list[list[Any]]] = {
    "text-ids-with-leading-zeros": [["zip", "member"], ["011234", "000001"], ["000000", "0"]],
    "18-digit-ids-as-text": [
        ["身份证号", "card"],
        *([_resident_id(i), f"62220202{i:011d}"] for i in range(1, 6)),
    ],
    "numbers": [
        ["int", "float", "neg", "tiny", "big"],
        [11234, 1.5, -3, 1e-7, 12345678901234.5],
        [7.0, 0.1 + 0.2, -0.0, 2.5e-300, 1e20],
    ],
    "whole-numbers-around-2**53": [
        ["n"],
        [2**53 - 1],
        [2**53],
        [2**53 + 2],
        [9_999_999_999_999_998],
        [10**16],
        [123456789012345678],
    ],
    "dates-datetimes-times-durations": [
        ["day", "moment", "clock", "took", "early"],
        [DAY, MOMENT, dt.time(13, 45, 30), dt.timedelta(hours=30, minutes=5), dt.date(1900, 1, 15)],
        [
            dt.date(1999, 12, 31),
            MOMENT.replace(microsecond=0),
            dt.time(0, 0),
            dt.timedelta(milliseconds=1234),
            DAY,
        ],
        [
            dt.datetime(2024, 1, 5),
            dt.datetime(1950, 2, 28, 23, 59, 59, 999_000),
            dt.time(23, 59, 59, 1000),
            None,
            None,
        ],
    ],
    "booleans": [["flag", "text"], [True, "true"], [False, "FALSE"]],
    "blanks-and-empty-rows": [
        [],
        ["a", "b", "c"],
        [],
        ["x", None, ""],
        [None, None, None],
        [None, "y", None],
        [],
        [None, None, "z"],
    ],
    "blank-and-duplicate-headers": [
        ["id", None, "id", "", "id", "name", "id.1"],
        ["1", "2", "3", "4", "5", "6", "7"],
        [None, "b", None, "d", None, None, None],
    ],
    "data-starting-at-column-c": [
        [None, None, "h1", None, "h3"],
        [None, None, "v1", "v2", None],
        [None, None, None, None, "v5"],
    ],
    "spaces-kept-around-text": [["t"], [" lead"], ["trail "], ["a\u3000"], ["tab\tin\nside"]],
}


def _write(path: Path, rows: list[list[Any]], write_only: bool) -> Path:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("streamed", [False, True], ids=["calamine", "big-sheet-streamed"])
@pytest.mark.parametrize("write_only", [False, True], ids=["workbook", "write-only"])
@pytest.mark.parametrize("rows", list(CASES.values()), ids=list(CASES))
def test_when_a_workbook_is_read_then_cells_are_those_the_openpyxl_reader_gave(
    tmp_path: Path, rows: list[list[Any]], write_only: bool, streamed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both readers, calamine and (above the size limit) openpyxl streaming, spell cells alike."""
    if streamed:
        monkeypatch.setattr(excel_source, "STREAM_ABOVE_BYTES", 0)
    path = _write(tmp_path / "x.xlsx", rows, write_only)
    names, records = _openpyxl_reading(path)
    source = open_source(path)
    assert source._streamed is streamed  # type: ignore[attr-defined]
    assert source.columns() == names
    assert _records(source.sample(10_000, 0)) == records
    assert _records(pd.concat(list(source.iter_columns(names, batch_rows=2)))) == records
    assert source.count_rows() == len(records)


@pytest.mark.parametrize("write_only", [False, True], ids=["workbook", "write-only"])
def test_when_a_row_is_wider_than_the_header_then_its_extra_cells_get_a_column(
    tmp_path: Path, write_only: bool
) -> None:
    """A difference, on purpose: openpyxl sized rows by the sheet's <dimension>, and a file
    without one (openpyxl's write-only mode) lost the cells right of the header; calamine does not."""
    path = _write(tmp_path / "x.xlsx", [["id", "name"], ["1", "a", "stray"]], write_only)
    source = open_source(path)
    assert source.columns() == ["id", "name", "column_3"]
    assert _records(source.sample(5, 0)) == [{"id": "1", "name": "a", "column_3": "stray"}]


def test_when_dates_and_numbers_are_read_then_their_spelling_is_pinned(tmp_path: Path) -> None:
    """The oracle test compares two readers; this pins what both say, so a shared drift shows."""
    rows = [["day", "moment", "n", "big", "flag"], [DAY, MOMENT, 11234, 2**53, True]]
    source = open_source(_write(tmp_path / "x.xlsx", rows, write_only=False))
    assert _records(source.sample(5, 0)) == [
        {
            "day": "2024-01-05 00:00:00",
            "moment": "2024-01-05 13:45:30.125000",
            "n": "11234",
            "big": "9007199254740992",
            "flag": "true",
        }
    ]


def test_when_a_cell_holds_an_excel_error_then_it_is_empty(tmp_path: Path) -> None:
    """A known difference: openpyxl gave "#N/A" as text, calamine gives the cell as empty."""
    source = open_source(_write(tmp_path / "x.xlsx", [["a", "b"], ["#N/A", "1"]], write_only=False))
    assert _records(source.sample(5, 0)) == [{"a": None, "b": "1"}]


def test_when_the_first_sheet_is_a_chart_then_the_first_worksheet_is_read(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["id"])
    book.active.append(["011"])
    book.create_chartsheet("chart", 0)
    path = tmp_path / "x.xlsx"
    book.save(path)
    assert _records(open_source(path).sample(5, 0)) == [{"id": "011"}]


def test_when_a_file_is_opened_sampled_and_read_in_full_then_its_sheets_are_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "x.xlsx", CASES["text-ids-with-leading-zeros"], write_only=False)
    calls = 0
    real = excel_source.parse_worksheets

    def counting(p: Path) -> Any:
        nonlocal calls
        calls += 1
        return real(p)

    monkeypatch.setattr(excel_source, "parse_worksheets", counting)
    source = open_source(path)
    first = _records(source.sample(5, 0))
    assert calls == 1
    assert _records(source.sample(5, 0)) == first  # a second read uses the same parsed sheet
    full = [frame for frame in source.iter_columns(source.columns(), 2)]
    assert sum(len(f) for f in full) == len(CASES["text-ids-with-leading-zeros"]) - 1
    assert calls == 1


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _with_broken_sheet(tmp_path: Path) -> bytes:
    good = _write(tmp_path / "good.xlsx", CASES["numbers"], write_only=False)
    with zipfile.ZipFile(good) as z:
        members = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet][: len(members[sheet]) // 2]
    return _zip(members)


def _truncated(tmp_path: Path) -> bytes:
    data = _write(tmp_path / "good.xlsx", CASES["numbers"], write_only=False).read_bytes()
    return data[: len(data) // 2]


BROKEN = {
    "truncated-xlsx": (_truncated, "not a zip file"),
    "zip-not-a-workbook": (lambda _: _zip({"hello.txt": b"hi"}), "CalamineError"),
    "sheet-xml-cut-off": (_with_broken_sheet, "XmlError"),
    "csv-named-xlsx": (lambda _: b"id,name\n1,2\n", "not a zip file"),
}


@pytest.mark.parametrize(("make", "kind"), list(BROKEN.values()), ids=list(BROKEN))
def test_when_an_xlsx_is_broken_then_unreadable_names_the_file(tmp_path: Path, make: Any, kind: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(make(tmp_path))
    with pytest.raises(UnreadableExport) as caught:
        open_source(path)
    assert caught.value.path == str(path)
    assert caught.value.fmt == "xlsx"
    assert kind in caught.value.reason


@pytest.mark.parametrize("rows", [[], [[None, ""], []]], ids=["no-cells", "only-blank-cells"])
def test_when_every_sheet_is_empty_then_unreadable_says_so(tmp_path: Path, rows: list[list[Any]]) -> None:
    path = _write(tmp_path / "x.xlsx", rows, write_only=False)
    with pytest.raises(UnreadableExport, match="every sheet is empty; expected a header row"):
        open_source(path)
