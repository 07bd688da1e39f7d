"""A document number typed for everyone who has none (E00000000, 123456789) links no one: the rows
that carry it are persons of their own, not one person."""

from __future__ import annotations

from pathlib import Path

import pytest

from outbound import identifiers
from outbound.pipeline import flow

REAL = [f"E{70000000 + 7919 * i:08d}" for i in range(30)]


@pytest.mark.parametrize(
    ("number", "links"),
    [("E00000000", False), ("G99999999", False), ("A0000000", False), ("111111111111111111", False),
     ("99999999999", False), ("123456789", False), ("12345678", False), ("1234567890", False),
     ("E12345678", True), ("E00000001", True), ("EA1234567", True), ("23456789", True)],
)  # fmt: skip
def test_when_a_document_number_is_a_dummy_then_it_does_not_link(number: str, links: bool):
    assert identifiers.linkable("PASSPORT_NUMBER", identifiers.normalise("PASSPORT_NUMBER", number)) is links


@pytest.mark.parametrize("dummy", ["E00000000", "G99999999", "123456789"])
def test_when_rows_share_a_dummy_passport_then_each_is_a_person(tmp_path: Path, monkeypatch, dummy: str):
    monkeypatch.setenv(identifiers.KEY_ENV, "dummies")
    path = tmp_path / "2026-04-01_travellers.csv"
    rows = [f"旅客{i},{p}" for i, p in enumerate(REAL)] + ["王芳," + dummy, "李娜," + dummy, "张伟," + dummy]
    path.write_text("姓名,护照号\n" + "\n".join(rows) + "\n", encoding="utf-8")
    [outcome] = flow.scan([path], processor="p", warehouse=tmp_path / "w.duckdb")
    assert outcome.status == "recorded", outcome.error
    assert {lab.column: lab.entity for lab in outcome.labels}["护照号"] == "PASSPORT_NUMBER"
    counts, unlinked = flow.persons(tmp_path / "w.duckdb", "p", 2026)
    assert (counts.persons, unlinked) == (33, 3)
