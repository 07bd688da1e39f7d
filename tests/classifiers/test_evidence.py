"""Column evidence beyond single cells: dates of birth by their spread, passports complementing the
resident ID row by row — labelled under meaningless headers, with the reason in `--explain`, and
counted by the scan (children under 14, sensitive passport holders). Synthetic values only."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pandas as pd
import pytest

from outbound import identifiers
from outbound.classifiers import classify_frame
from outbound.classifiers.evidence import birth_spread
from outbound.common.records import Category, FileClassification
from outbound.pipeline import flow
from outbound.reports.explain import explain_text as render
from tests.eval import checksums as ck

ON = dt.date(2026, 3, 1)


def _day(rng: random.Random, first: int, last: int) -> dt.date:
    start = dt.date(first, 1, 1)
    return start + dt.timedelta(days=rng.randrange((dt.date(last, 12, 31) - start).days))


def _dates(seed: int, first: int, last: int, n: int = 300) -> list[str]:
    rng = random.Random(seed)
    return [_day(rng, first, last).isoformat() for _ in range(n)]


def _labels(frame: pd.DataFrame, on: dt.date = ON) -> dict[str, tuple[str | None, Category | None]]:
    return {lab.column: (lab.entity, lab.category) for lab in classify_frame(frame, on=on)}


def test_when_dates_spread_over_decades_under_a_meaningless_header_then_they_are_dates_of_birth() -> None:
    frame = pd.DataFrame({"c02": _dates(1, 1940, 2022)})
    [label] = classify_frame(frame, on=ON)
    assert label.entity == "DATE_OF_BIRTH"
    assert label.minor_share > 0.05  # born 2013-2022: under 14 on 2026-03-01
    text = render([FileClassification("f.csv", "csv", 300, (label,))])
    assert "dates of birth by their spread" in text and "PASS DATE_OF_BIRTH" in text


@pytest.mark.parametrize(
    ("case", "first", "last"),
    [("check-in dates", 2023, 2025), ("order dates over five years", 2021, 2025), ("due dates", 2026, 2035),
     ("dates reaching 120 years back", 1906, 2020)],
)  # fmt: skip
def test_when_dates_are_events_or_impossible_births_then_no_label(case: str, first: int, last: int) -> None:
    frame = pd.DataFrame({"c03": _dates(2, first, last)})
    assert _labels(frame)["c03"] == (None, None), case


def test_when_few_dates_then_their_spread_decides_nothing() -> None:
    few = [(d, 1) for d in _dates(3, 1940, 2022, n=10)]
    assert birth_spread(few, ON) is None
    assert birth_spread([(d, 1) for d in _dates(3, 1940, 2022, n=40)], ON) is not None


def test_when_a_header_hints_at_dates_of_birth_then_the_spread_is_not_needed() -> None:
    frame = pd.DataFrame({"出生日期": _dates(4, 2015, 2017)})  # a school class: no spread, the header says so
    assert _labels(frame)["出生日期"][0] == "DATE_OF_BIRTH"


def _guests(seed: int, n: int = 300, foreign: float = 0.2) -> pd.DataFrame:
    """Resident IDs, a passport filled exactly where the resident ID is empty, and a sparse coupon
    code of the same shapes on random rows."""
    rng = random.Random(seed)
    ids: list[str | None] = []
    passports: list[str | None] = []
    coupons: list[str | None] = []
    for _ in range(n):
        if rng.random() < foreign:
            ids.append(None)
            passports.append(ck.digits(rng, 9) if rng.random() < 0.5 else rng.choice("ABCFJNPRUXYZ") + ck.digits(rng, 8))
        else:
            ids.append(ck.make_ric(rng, _day(rng, 1950, 2005)))
            passports.append(None)
        coupons.append((ck.digits(rng, 9) if rng.random() < 0.5 else "Q" + ck.digits(rng, 8)) if rng.random() < 0.2 else None)
    return pd.DataFrame({"c01": ids, "c04": passports, "c05": coupons})


def test_when_a_sparse_column_fills_exactly_the_rows_without_resident_id_then_it_is_passports() -> None:
    labels = classify_frame(_guests(5), on=ON)
    by = {lab.column: lab for lab in labels}
    assert by["c01"].entity == "CN_RESIDENT_ID"
    assert by["c04"].entity == "PASSPORT_NUMBER" and "evidence#complements-resident-id" in by["c04"].rule_refs
    assert by["c05"].entity is None  # the same shapes on random rows: a coupon code
    text = render([FileClassification("f.csv", "csv", 300, labels)])
    assert "an identity document complementing it" in text and "'c01'" in text


def test_when_no_resident_id_column_then_sparse_codes_stay_unlabelled() -> None:
    frame = _guests(6).drop(columns=["c01"])
    assert _labels(frame) == {"c04": (None, None), "c05": (None, None)}


def test_when_the_complementing_column_holds_no_document_shapes_then_no_label() -> None:
    frame = _guests(7)
    frame["c04"] = [None if p is None else "外籍旅客，前台核验" for p in frame["c04"]]
    assert _labels(frame)["c04"] == (None, None)


def test_when_the_complementing_column_holds_order_codes_then_no_label() -> None:
    """An API capture's response rows hold an order code (O0000123) where its request rows hold the
    resident ID: the loose document shape fits, a passport's own shape does not."""
    frame = _guests(8)
    frame["c04"] = [None if p is None else f"O{i:07d}" for i, p in enumerate(frame["c04"])]
    assert _labels(frame)["c04"] == (None, None)


def _write(tmp_path: Path, day: str, frame: pd.DataFrame) -> Path:
    path = tmp_path / day / "guests.csv"
    path.parent.mkdir(parents=True)
    frame.to_csv(path, index=False)
    return path


def test_when_a_date_of_birth_column_has_no_header_then_the_scan_counts_its_children_as_sensitive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(identifiers.KEY_ENV, "spread")
    rng = random.Random(8)
    births = [_day(rng, 1940, 2022) for _ in range(200)]
    mobiles = [f"138{i:08d}" for i in range(200)]
    frame = pd.DataFrame({"c01": mobiles, "c02": [b.isoformat() for b in births]})
    warehouse = tmp_path / "w.duckdb"
    [outcome] = flow.scan([_write(tmp_path, "2026-06-30", frame)], processor="p", warehouse=warehouse)
    assert {lab.column: lab.entity for lab in outcome.labels}["c02"] == "DATE_OF_BIRTH"
    counts, _ = flow.persons(warehouse, "p", 2026)
    on = dt.date(2026, 6, 30)
    children = sum(1 for b in births if (on.year - b.year - ((on.month, on.day) < (b.month, b.day))) < 14)
    assert children > 0 and (counts.persons, counts.sensitive_persons) == (200, children)


def test_when_passports_complement_resident_ids_then_their_holders_are_sensitive_before_november_2025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GB/T 35273 Appendix B: passports (and resident IDs) are sensitive for exports before 2025-11-01."""
    monkeypatch.setenv(identifiers.KEY_ENV, "complement")
    frame = _guests(9, n=200).drop(columns=["c05"])
    frame.insert(0, "c00", [f"139{i:08d}" for i in range(len(frame))])
    warehouse = tmp_path / "w.duckdb"
    [outcome] = flow.scan([_write(tmp_path, "2025-06-30", frame)], processor="p", warehouse=warehouse)
    assert {lab.column: lab.entity for lab in outcome.labels}["c04"] == "PASSPORT_NUMBER"
    counts, _ = flow.persons(warehouse, "p", 2025)
    assert counts.persons == 200 and counts.sensitive_persons == 200


def test_when_event_dates_are_not_labelled_then_explain_says_their_spread_is_too_narrow() -> None:
    [label] = classify_frame(pd.DataFrame({"c03": _dates(10, 2023, 2025)}), on=ON)
    text = render([FileClassification("f.csv", "csv", 300, (label,))])
    assert label.entity is None and "event dates, not dates of birth" in text
