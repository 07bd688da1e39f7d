"""Edition picking by the export's date, continuity between editions, and the SPI readings."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest

from outbound.common.errors import RuleFileError, UsageError
from outbound.regulation import rules

D = dt.date


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(D(2022, 9, 1), "cn-cac-order11-2022", id="2022-09-01-order11-starts"),
        pytest.param(D(2024, 3, 21), "cn-cac-order11-2022", id="2024-03-21-last-day-of-order11"),
        pytest.param(D(2024, 3, 22), "cn-cac-order16-2024", id="2024-03-22-order16-in-force"),
    ],
)
def test_when_an_export_is_dated_then_the_threshold_edition_of_that_day_is_used(on: dt.date, expected: str):
    assert rules.thresholds(on).meta.id == expected


def test_when_order11_is_in_force_then_it_counts_from_the_previous_year_and_all_pi():
    order11 = rules.thresholds(D(2023, 6, 1))
    assert order11.counting.window_start == "previous_year"
    [line] = order11.rules
    assert (line.counter, line.at_least, line.mechanism) == ("pi_persons", 100000, "security_assessment")
    assert not order11.meta.verified  # effective_from is not in the reference


def test_when_an_export_predates_order11_then_no_threshold_edition_is_in_force():
    with pytest.raises(RuleFileError, match="no national edition in force on 2022-08-31"):
        rules.thresholds(D(2022, 8, 31))


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(D(2020, 10, 1), "gbt-35273-2020", id="2020-10-01-35273-starts"),
        pytest.param(D(2025, 10, 31), "gbt-35273-2020", id="2025-10-31-last-day-of-35273"),
        pytest.param(D(2025, 11, 1), "gbt-45574-2025", id="2025-11-01-45574-in-force"),
    ],
)
def test_when_an_export_is_dated_then_the_entity_edition_of_that_day_is_used(on: dt.date, expected: str):
    assert rules.entities(on).meta.id == expected


@pytest.mark.parametrize(("kind", "scope"), [("thresholds", "national"), ("entities", "national"),
                                             ("procedures", "national")])
def test_when_editions_follow_each_other_then_one_ends_the_day_the_next_begins(kind: str, scope: str):
    editions = sorted((f for f in rules.load_kind(kind) if f.meta.scope == scope),
                      key=lambda f: f.meta.effective_from)
    assert len(editions) >= 2
    for older, newer in pairwise(editions):
        assert older.meta.effective_to == newer.meta.effective_from, (older.meta.id, newer.meta.id)
    assert editions[-1].meta.effective_to is None


# --- SPI readings -------------------------------------------------------------------------------

READINGS = [
    pytest.param(D(2026, 1, 1), "in-force", "gbt-45574-2025", "personal", id="2026-in-force-personal"),
    pytest.param(D(2026, 1, 1), "strictest", "strictest(gbt-45574-2025+gbt-35273-2020)", "sensitive",
                 id="2026-strictest-sensitive"),
    pytest.param(D(2024, 6, 1), "in-force", "gbt-35273-2020", "sensitive", id="2024-in-force-is-35273"),
    pytest.param(D(2024, 6, 1), "strictest", "strictest(gbt-35273-2020)", "sensitive",
                 id="2024-strictest-45574-not-yet-published"),
    pytest.param(D(2025, 6, 1), "strictest", "strictest(gbt-35273-2020+gbt-45574-2025)", "sensitive",
                 id="2025-45574-published-not-in-force"),
]


@pytest.mark.parametrize(("on", "reading", "edition", "resident_id"), READINGS)
def test_when_a_reading_is_chosen_then_the_resident_id_gets_its_category(
    on: dt.date, reading: str, edition: str, resident_id: str
):
    rules_on = rules.entities(on, reading)
    assert rules_on.meta.id == edition
    assert rules_on.entities["CN_RESIDENT_ID"].category == resident_id


@pytest.mark.parametrize(("env", "expected"), [
    pytest.param("strictest", "sensitive", id="env-strictest"),
    pytest.param("in-force", "personal", id="env-in-force"),
])
def test_when_the_reading_comes_from_the_environment_then_it_is_used(
    monkeypatch: pytest.MonkeyPatch, env: str, expected: str
):
    monkeypatch.setenv("OUTBOUND_SPI_READING", env)
    assert rules.entities(D(2026, 1, 1)).entities["CN_RESIDENT_ID"].category == expected


def test_when_the_argument_and_the_environment_disagree_then_the_argument_wins(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OUTBOUND_SPI_READING", "strictest")
    assert rules.entities(D(2026, 1, 1), "in-force").meta.id == "gbt-45574-2025"


def test_when_the_reading_is_unknown_then_the_error_names_the_choices(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OUTBOUND_SPI_READING", "lenient")
    with pytest.raises(UsageError, match="in-force, strictest"):
        rules.entities(D(2026, 1, 1))


def test_when_strictest_is_merged_then_only_categories_move_and_the_provenance_is_noted():
    current, strict = rules.entities(D(2026, 1, 1)), rules.entities(D(2026, 1, 1), "strictest")
    assert isinstance(strict, rules.EntityFile) and set(strict.entities) == set(current.entities)
    moved = {k for k in current.entities if strict.entities[k].category != current.entities[k].category}
    assert moved == {"CN_RESIDENT_ID", "PASSPORT_NUMBER", "HK_MACAO_PERMIT", "TAIWAN_PERMIT"}
    for key in moved:
        spec = strict.entities[key]
        assert spec.min_share == current.entities[key].min_share
        assert spec.note is not None and "gbt-35273-2020" in spec.note
        assert spec.verified is False  # the Appendix B identity-document reading is ◐
