"""The year's linking state merged night by night equals a full recount, every night.

The full recount is `persons.compute_tally` over the year's window (connected components over all
of the year's identifiers), which is how every tally was computed before the state was kept.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from pathlib import Path

import pytest

from outbound.warehouse import linking, open_warehouse, yearly_counts
from outbound.warehouse.persons import compute_tally, person_tally, year_state_tally
from tests.warehouse.test_persons import _record

YEAR = 2026
STATE = linking.STATE_TABLES


@pytest.fixture
def wh(tmp_path: Path):
    w = open_warehouse(tmp_path / "w.duckdb")
    yield w
    w.close()


def _night(rng: random.Random, people: int) -> list[tuple[list[tuple[str, str]], bool]]:
    """Rows of one night: persons recur; a row carries some of its person's identifiers, or none."""
    rows = []
    for _ in range(rng.randint(5, 40)):
        p = rng.randrange(people)
        kinds = rng.sample(["CN_RESIDENT_ID", "CN_MOBILE", "EMAIL_ADDRESS"], rng.randint(0, 3))
        idents = [(k, f"{k}-{p}") for k in kinds]
        if rng.random() < 0.15:
            idents.append(("CN_MOBILE", "agency-hotline"))  # one number shared by many: a crowded person
        rows.append((idents, rng.random() < 0.15))
    return rows


def _recount(wh, processor: str = "p"):
    return compute_tally(wh.window(processor, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)))


def _state(wh) -> dict[str, list[tuple]]:
    return {t: sorted(wh.query(f"SELECT * FROM {t}"), key=repr) for t in STATE}


def _nights(wh, rng: random.Random, n: int, people: int = 60, first: int = 0) -> None:
    for i in range(first, first + n):
        day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(90))  # not in date order
        _record(wh, f"night-{i}", day, _night(rng, people), recipient=rng.choice(["HQ", "Agency", None]),
                scenario=rng.choice(["crm", None]))


@pytest.mark.parametrize("seed", range(4))
def test_when_nights_are_merged_one_by_one_then_every_night_equals_a_full_recount(wh, seed):
    rng = random.Random(seed)
    for i in range(8):
        _nights(wh, rng, 1, first=i)
        assert linking.fresh(wh.con, "p", YEAR)  # merged in the export's transaction, not rebuilt
        assert year_state_tally(wh, "p", YEAR) == _recount(wh)
    assert person_tally(wh, "p", YEAR).largest > 10  # the shared number made a crowded person


def test_when_an_export_is_deleted_then_the_year_is_recounted_in_full_and_merging_resumes(wh):
    rng = random.Random(7)
    _nights(wh, rng, 5)
    assert wh.delete_export("p", "night-2") is True
    assert not linking.fresh(wh.con, "p", YEAR)  # a deletion leaves the state stale
    assert year_state_tally(wh, "p", YEAR) == _recount(wh)  # rebuilt: a full recount of the year
    assert linking.fresh(wh.con, "p", YEAR)
    _nights(wh, rng, 2, first=5)
    assert linking.fresh(wh.con, "p", YEAR)
    assert year_state_tally(wh, "p", YEAR) == _recount(wh)


def test_when_the_same_export_is_recorded_again_then_the_state_does_not_change(wh):
    rng = random.Random(3)
    rows = _night(rng, 30)
    _record(wh, "a", dt.date(YEAR, 2, 1), rows)
    before = _state(wh)
    assert _record(wh, "a", dt.date(YEAR, 2, 1), rows) is False
    assert _state(wh) == before


def test_when_counting_as_of_an_earlier_day_then_only_exports_up_to_it_count(wh, tmp_path: Path):
    rng = random.Random(5)
    nights = [(dt.date(YEAR, 1, 1) + dt.timedelta(days=i), _night(rng, 40)) for i in range(6)]
    for i, (day, rows) in enumerate(nights):
        _record(wh, f"n{i}", day, rows)
    early = open_warehouse(tmp_path / "early.duckdb")
    try:
        for i, (day, rows) in enumerate(nights[:3]):
            _record(early, f"n{i}", day, rows)
        expected = yearly_counts(early, "p", YEAR)
    finally:
        early.close()
    assert yearly_counts(wh, "p", YEAR, until=nights[2][0]) == expected
    assert yearly_counts(wh, "p", YEAR)[0].persons > expected[0].persons


def test_when_the_state_is_missing_then_a_reader_recounts_and_a_writer_rebuilds(tmp_path: Path):
    path = tmp_path / "old.duckdb"
    w = open_warehouse(path)
    try:
        _nights(w, random.Random(9), 4)
        expected = _recount(w)
        for table in STATE:  # as a warehouse written before the state was kept
            w.query(f"DROP TABLE {table}")
    finally:
        w.close()
    reader = open_warehouse(path, read_only=True)
    try:
        assert year_state_tally(reader, "p", YEAR) is None
        assert person_tally(reader, "p", YEAR) == expected
    finally:
        reader.close()
    writer = open_warehouse(path)
    try:
        assert person_tally(writer, "p", YEAR) == expected
        assert linking.fresh(writer.con, "p", YEAR)
        _nights(writer, random.Random(10), 1, first=4)
        assert linking.fresh(writer.con, "p", YEAR)  # merging goes on from the rebuilt state
        assert year_state_tally(writer, "p", YEAR) == _recount(writer)
    finally:
        writer.close()


_KILLED = """
import datetime as dt, os, random, sys
from outbound.warehouse import linking, open_warehouse
from tests.warehouse.test_linking import _night
from tests.warehouse.test_persons import _record
real = linking.script
def dying(con, name, params):
    if name != "year_merge":
        return real(con, name, params)
    text = "\\n".join(l for l in linking.sql(name).splitlines() if not l.lstrip().startswith("--"))
    half = text[: text.index("DELETE FROM year_persons")]  # counts updated, persons not yet rewritten
    for statement in filter(str.strip, half.split(";")):
        con.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})
    os._exit(9)  # killed mid-way: no rollback, no close
linking.script = dying
wh = open_warehouse(sys.argv[1])
_record(wh, "killed", dt.date(2026, 3, 1), _night(random.Random(99), 60))
"""


def test_when_a_scan_is_killed_mid_merge_then_neither_the_export_nor_the_state_changes(tmp_path: Path):
    path = tmp_path / "w.duckdb"
    w = open_warehouse(path)
    try:
        _nights(w, random.Random(11), 4)
        before = _state(w)
    finally:
        w.close()
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", _KILLED, str(path)], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 9, done.stderr[-2000:]
    w = open_warehouse(path)
    try:
        assert w.query("SELECT count(*) FROM exports WHERE content_sha256 = 'killed'")[0][0] == 0
        assert _state(w) == before
        assert linking.fresh(w.con, "p", YEAR)
        assert year_state_tally(w, "p", YEAR) == _recount(w)
    finally:
        w.close()


def test_when_processors_and_years_share_identifiers_then_each_state_holds_its_own(wh):
    rows = [([("CN_MOBILE", "m1"), ("EMAIL_ADDRESS", "e1")], True), ([("CN_MOBILE", "m2")], False)]
    _record(wh, "a", dt.date(YEAR - 1, 12, 31), rows)
    _record(wh, "a", dt.date(YEAR, 1, 1), rows[1:], processor="q")
    _record(wh, "b", dt.date(YEAR, 1, 2), [([("EMAIL_ADDRESS", "e1")], False)])
    assert (person_tally(wh, "p", YEAR - 1).persons, person_tally(wh, "p", YEAR).persons) == (2, 1)
    assert person_tally(wh, "p", YEAR).sensitive_persons == 0  # the sensitive row was last year's
    assert person_tally(wh, "q", YEAR).persons == 1
    for processor, year in (("p", YEAR - 1), ("p", YEAR), ("q", YEAR)):
        assert year_state_tally(wh, processor, year) == compute_tally(
            wh.window(processor, dt.date(year, 1, 1), dt.date(year, 12, 31)))


def test_when_an_export_is_recorded_while_the_state_is_stale_then_the_rebuild_counts_it(wh):
    rng = random.Random(12)
    _nights(wh, rng, 3)
    wh.delete_export("p", "night-0")
    _nights(wh, rng, 1, first=3)  # not merged: the state does not hold the year's other exports
    assert not linking.fresh(wh.con, "p", YEAR)
    assert person_tally(wh, "p", YEAR) == _recount(wh)
    assert linking.fresh(wh.con, "p", YEAR)
