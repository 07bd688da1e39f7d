"""Synthetic exports and how to count what a scan recorded, shared by the source tests."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from outbound.demo.identifiers import make_mobile, make_resident_id
from outbound.pipeline import flow
from outbound.sources.scan import Options, scan_targets

PROCESSOR = "p"
EXPORT_DAY = dt.date(2026, 3, 1)


def export_rows(n: int, seed: int = 1) -> list[tuple[str, str, str, str]]:
    """`n` synthetic order rows (order id, name, resident id, mobile); persons repeat, so the
    distinct count is below `n` and a wrong count shows."""
    rng = random.Random(seed)
    people = [(make_resident_id(rng, dt.date(1970 + i % 40, 1 + i % 12, 1 + i % 28)), make_mobile(rng))
              for i in range(max(1, n * 2 // 3))]
    rows = []
    for i in range(n):
        rid, mobile = people[rng.randrange(len(people))]
        rows.append((f"O{i:07d}", f"客户{i % 97}", rid, mobile))
    return rows


def csv_text(rows: list[tuple[str, str, str, str]]) -> str:
    return "order_id,name,id_no,mobile\n" + "".join(",".join(r) + "\n" for r in rows)


@pytest.fixture
def rows() -> list[tuple[str, str, str, str]]:
    return export_rows(300)


def scan(targets: list[str], warehouse: Path, **kw: object) -> list:
    return scan_targets(targets, Options(PROCESSOR, warehouse, exported_at=kw.pop("exported_at", EXPORT_DAY), **kw))  # type: ignore[arg-type]


def persons(warehouse: Path) -> tuple[int, int]:
    counts, _ = flow.persons(warehouse, PROCESSOR, EXPORT_DAY.year)
    return counts.persons, counts.sensitive_persons


def local_counts(tmp: Path, text: str, name: str = "orders.csv") -> tuple[int, tuple[int, int]]:
    """Rows and (persons, sensitive persons) of the same export scanned as a local file."""
    folder = tmp / "local"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    wh = folder / "w.duckdb"
    (outcome,) = scan([str(folder / name)], wh)
    assert outcome.status == "recorded", outcome.error
    return outcome.rows, persons(wh)


def exports(warehouse: Path) -> list[tuple[str, str | None, str, int, str]]:
    """(path, recipient, exported_on, rows, format) of every recorded export, by path."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [tuple(r) for r in con.execute(  # type: ignore[misc]
            "SELECT path, recipient, CAST(exported_on AS VARCHAR), rows, format FROM exports ORDER BY path").fetchall()]


def no_raw_values(blobs: list[bytes], rows: list[tuple[str, str, str, str]]) -> None:
    """No resident id or mobile of `rows` appears in any of `blobs`."""
    for blob in blobs:
        for _, _, rid, mobile in rows[:50]:
            assert rid.encode() not in blob and mobile.encode() not in blob
