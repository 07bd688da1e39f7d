"""A handful of nights through the real scan: the merged year equals a full recount and the truth.

Each night is a CSV export (resident ID and mobile; a fifth of rows with the mobile only; persons
recurring across nights), scanned and evaluated as the nightly job does. The truth is tallied
here from the people written; the full recount is `persons.compute_tally` over the year's window.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from outbound.demo.identifiers import make_mobile, make_resident_id
from outbound.pipeline import flow
from outbound.warehouse import linking, open_warehouse
from outbound.warehouse.persons import compute_tally

YEAR = 2026
NIGHTS = [  # (day, recipient, scenario): two months, two recipients, a scenario left unsaid
    (dt.date(YEAR, 1, 30), "HQ", "crm"),
    (dt.date(YEAR, 1, 31), "Agency", None),
    (dt.date(YEAR, 2, 1), "HQ", None),
    (dt.date(YEAR, 2, 2), "HQ", "crm"),
]


def _people(n: int) -> list[tuple[str, str, bool]]:
    rng = random.Random(27)
    out = []
    for i in range(n):
        child = i % 7 == 0  # under 14 all year: a row with their ID is sensitive
        birth = dt.date(2016 if child else rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
        out.append((make_resident_id(rng, birth), make_mobile(rng), child))
    return out


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[tuple[int, int]]]:
    """The night files and the truth (persons, sensitive persons) after each night."""
    root = tmp_path_factory.mktemp("nights")
    people, rng = _people(90), random.Random(4)
    seen: set[int] = set()
    sensitive: set[int] = set()
    paths, truth = [], []
    for k, (day, _, _) in enumerate(NIGHTS):
        lines = ["订单号,身份证号,手机号"]
        for j in range(60):
            i = rng.randrange(len(people))
            rid, mobile, child = people[i]
            mobile_only = rng.random() < 0.2
            lines.append(f"SO{k}{j:04d},{'' if mobile_only else rid},{mobile}")
            seen.add(i)
            if child and not mobile_only:
                sensitive.add(i)
        path = root / f"orders-{day:%Y%m%d}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
        truth.append((len(seen), len(sensitive)))
    return paths, truth


def _scan(wh: Path, path: Path, night: int) -> str:
    day, recipient, scenario = NIGHTS[night]
    (outcome,) = flow.scan([path], processor="p", warehouse=wh, recipient=recipient, exported_at=day,
                           scenario=scenario)
    flow.evaluate_processors(wh, ["p"])  # as the nightly job: the whole year, from its state
    return outcome.status


def _recount(wh: Path):
    w = open_warehouse(wh, read_only=True)
    try:
        assert linking.fresh(w.con, "p", YEAR)
        return compute_tally(w.window("p", dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)))
    finally:
        w.close()


def test_when_nights_are_scanned_one_by_one_then_counts_and_breakdowns_stay_exact(nights, tmp_path: Path):
    paths, truth = nights
    wh = tmp_path / "w.duckdb"
    for night, path in enumerate(paths):
        assert _scan(wh, path, night) == "recorded"
        tally = flow.person_tally(wh, "p", YEAR)
        assert tally == _recount(wh)
        assert (tally.persons, tally.sensitive_persons) == truth[night]
    assert [g.key for g in tally.by["month"]] == ["2026-01", "2026-02"]
    assert [g.key for g in tally.by["scenario"]] == ["crm", None]
    assert {g.key for g in tally.by["recipient"]} == {"HQ", "Agency"}

    assert _scan(wh, paths[1], 1) == "unchanged"  # a re-scan changes nothing
    assert flow.person_tally(wh, "p", YEAR) == tally

    assessment, series = flow.assess_year(wh, "p", YEAR, on=NIGHTS[1][0])  # --as-of the second night
    assert (assessment.counts.persons, assessment.counts.sensitive_persons) == truth[1]
    assert [(p.persons, p.sensitive_persons) for p in series] == truth[:2]
    assert [(p.persons, p.sensitive_persons) for p in flow.person_series(wh, "p", YEAR)] == truth


def test_when_a_night_is_deleted_then_the_year_is_recounted_without_it(nights, tmp_path: Path):
    paths, truth = nights
    wh, alone = tmp_path / "w.duckdb", tmp_path / "without.duckdb"
    for night, path in enumerate(paths[:3]):
        _scan(wh, path, night)
        if night != 1:
            _scan(alone, path, night)
    assert flow.delete_export(wh, "p", flow.content_sha256(paths[1]))
    flow.evaluate_processors(wh, ["p"])  # the nightly evaluation rebuilds the stale year
    assert flow.person_tally(wh, "p", YEAR) == _recount(wh)
    assert flow.person_tally(wh, "p", YEAR) == flow.person_tally(alone, "p", YEAR)
    _scan(wh, paths[3], 3)
    _scan(alone, paths[3], 3)
    assert flow.person_tally(wh, "p", YEAR) == flow.person_tally(alone, "p", YEAR)


def test_when_a_year_is_counted_from_its_state_then_no_raw_value_is_kept(nights, tmp_path: Path):
    paths, _ = nights
    wh = tmp_path / "w.duckdb"
    _scan(wh, paths[0], 0)
    w = open_warehouse(wh, read_only=True)
    try:
        kept = " ".join(str(r) for t in linking.STATE_TABLES for r in w.query(f"SELECT * FROM {t}"))
    finally:
        w.close()
    raw = [cell for line in paths[0].read_text().splitlines()[1:] for cell in line.split(",")[1:] if cell]
    assert raw and not [v for v in raw if v in kept]  # node numbers, flags, group names and counts only
