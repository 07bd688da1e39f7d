"""Exports recorded many at once (a batch of small files) leave the warehouse as recording them one
by one does: the same exports, labels, identifiers of each export, links, year state and counts;
known content and repeats inside the batch are not recorded twice; a failure records nothing."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from outbound.common.records import ExportRecord
from outbound.warehouse import linking, open_warehouse
from outbound.warehouse.persons import compute_tally, person_tally, year_state_tally
from outbound.warehouse.recording import Fingerprinted, StagedExport
from tests.warehouse.test_linking import _night
from tests.warehouse.test_persons import LABELS, stage

YEARS = (2025, 2026)


def _exports(rng: random.Random, n: int) -> list[StagedExport]:
    out = []
    for i in range(n):
        rows = _night(rng, 40)[: rng.randint(0, 6)]  # small files: a few rows, some without identifiers
        staged, unlinked, unlinked_sensitive = stage(rows)
        day = dt.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))
        export = ExportRecord(f"sha-{i}", "p", day, rng.choice(["HQ", "Agency", None]), f"/f{i}.csv", "csv", len(rows))
        out.append(StagedExport(export, LABELS, staged["ids"], staged["edges"], unlinked, unlinked_sensitive,
                                rng.choice(["crm", None])))  # fmt: skip
    return out


def _contents(wh) -> dict[str, list[tuple]]:
    """Everything recorded, with node numbers replaced by the keyed hashes they stand for."""
    return {
        "exports": sorted(wh.query("SELECT content_sha256, exported_on, recipient, path, format, rows, scenario, "
                                   "unlinked, unlinked_sensitive FROM exports")),
        "labels": sorted(wh.query("SELECT * FROM column_labels"), key=repr),
        "nodes": sorted(wh.query("SELECT e.content_sha256, i.h, n.sensitive FROM export_nodes n JOIN exports e "
                                 "USING (export_id) JOIN identifiers i ON i.node = n.node AND i.processor = e.processor")),
        "edges": sorted(wh.query("SELECT e.content_sha256, ia.h, ib.h FROM export_edges x JOIN exports e USING (export_id) "
                                 "JOIN identifiers ia ON ia.node = x.a JOIN identifiers ib ON ib.node = x.b")),
        "identifiers": sorted(wh.query("SELECT h FROM identifiers")),
        "tally": sorted(wh.query("SELECT * FROM year_tally"), key=repr),
        "persons": sorted(wh.query("SELECT year, size, sensitive FROM year_persons")),
    }  # fmt: skip


@pytest.mark.parametrize("seed", range(3))
def test_when_exports_are_recorded_in_batches_then_the_warehouse_equals_one_by_one(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    exports = _exports(rng, 60)
    exports += [exports[3], exports[17]]  # the same content again, inside a later batch
    one, many = open_warehouse(tmp_path / "one.duckdb"), open_warehouse(tmp_path / "many.duckdb")
    try:
        singles = [one.record_export(s.export, s.labels, ids=s.ids, edges=s.edges, unlinked=s.unlinked,
                                     unlinked_sensitive=s.unlinked_sensitive, scenario=s.scenario) for s in exports]  # fmt: skip
        batched: list[bool] = []
        at = 0
        while at < len(exports):
            size = rng.choice([1, 2, 7, 25])
            batched += many.record_exports(exports[at : at + size])
            at += size
        assert batched == singles == [True] * 60 + [False, False]
        assert _contents(many) == _contents(one)
        for year in YEARS:
            assert linking.fresh(many.con, "p", year)  # merged in the batch's transaction, not left stale
            assert year_state_tally(many, "p", year) == _recount_year(many, year) == year_state_tally(one, "p", year)
        assert person_tally(many, "p", 2026).persons > 20
    finally:
        one.close()
        many.close()


def _recount_year(wh, year: int):
    """A full recount of the year (connected components over all its identifiers)."""
    return compute_tally(wh.window("p", dt.date(year, 1, 1), dt.date(year, 12, 31)))


def test_when_a_batch_repeats_a_content_then_only_its_first_file_is_recorded(tmp_path: Path):
    rng = random.Random(4)
    first, other = _exports(rng, 2)
    again = StagedExport(ExportRecord("sha-0", "p", dt.date(2026, 9, 9), "Else", "/copy.csv", "csv", 9), LABELS)
    wh = open_warehouse(tmp_path / "w.duckdb")
    try:
        assert wh.record_exports([first, again, other]) == [True, False, True]
        assert wh.query("SELECT path, rows FROM exports WHERE content_sha256 = 'sha-0'") == [("/f0.csv", first.export.rows)]
    finally:
        wh.close()


def test_when_recording_a_batch_fails_mid_way_then_nothing_of_it_is_kept(tmp_path: Path, monkeypatch):
    rng = random.Random(5)
    exports = _exports(rng, 10)
    wh = open_warehouse(tmp_path / "w.duckdb")
    try:
        wh.record_exports(exports[:4])
        before = _contents(wh)

        def broken(*args, **kwargs):
            raise RuntimeError("merge failed")

        monkeypatch.setattr(linking, "merge_exports", broken)
        fingerprint = Fingerprinted("/zone/f.csv", 10, 20, "sha-5")
        with pytest.raises(RuntimeError):
            wh.record_exports(exports[4:], [fingerprint])
        assert _contents(wh) == before
        assert wh.known_fingerprint("/zone/f.csv", 10, 20) is None  # remembered in the same transaction
        monkeypatch.undo()
        assert wh.record_exports(exports[4:], [fingerprint]) == [True] * 6
        assert wh.known_fingerprint("/zone/f.csv", 10, 20) == "sha-5"
    finally:
        wh.close()
