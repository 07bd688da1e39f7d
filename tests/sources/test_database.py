"""Database extracts, against a real PostgreSQL cluster started on 127.0.0.1 by the fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sources.conftest import csv_text, export_rows, exports, local_counts, no_raw_values, persons, scan
from tests.sources.servers import postgres_server


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    import sqlalchemy as sa

    with postgres_server() as url:
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        with engine.begin() as con:
            con.execute(sa.text("CREATE TABLE orders (order_id text, name text, id_no text, mobile text, day date)"))
            con.execute(sa.text("INSERT INTO orders VALUES (:o, :n, :i, :m, :d)"),
                        [{"o": o, "n": n, "i": i, "m": m, "d": "2026-03-01" if k % 3 else "2026-03-02"}
                         for k, (o, n, i, m) in enumerate(export_rows(300))])
        engine.dispose()
        yield url


QUERY = "SELECT order_id, name, id_no, mobile FROM orders ORDER BY order_id"


def test_when_a_query_is_scanned_then_its_counts_equal_the_same_rows_as_a_local_file(tmp_path: Path, database):
    wh = tmp_path / "w.duckdb"
    (outcome,) = scan([database], wh, query=QUERY)
    assert outcome.status == "recorded", outcome.error
    local_rows, local_persons = local_counts(tmp_path, csv_text(export_rows(300)))
    assert outcome.rows == local_rows == 300
    assert persons(wh) == local_persons
    assert outcome.path.startswith("postgresql+psycopg://postgres@127.0.0.1:") and "#query-" in outcome.path


def test_when_the_same_query_runs_again_then_it_is_unchanged_and_a_new_parameter_is_a_new_export(tmp_path: Path, database):
    wh = tmp_path / "w.duckdb"
    query = "SELECT order_id, id_no, mobile FROM orders WHERE day = CAST(:day AS date) ORDER BY order_id"
    assert scan([database], wh, query=query, params={"day": "2026-03-01"})[0].status == "recorded"
    assert scan([database], wh, query=query, params={"day": "2026-03-01"})[0].status == "unchanged"
    second = scan([database], wh, query=query, params={"day": "2026-03-02"})[0]
    assert second.status == "recorded" and second.rows == 100
    assert sum(e[3] for e in exports(wh)) == 300


def test_when_a_table_name_is_given_then_the_whole_table_is_the_export(tmp_path: Path, database):
    (outcome,) = scan([database], tmp_path / "w.duckdb", query="orders")
    assert outcome.status == "recorded" and outcome.rows == 300


def test_when_the_query_fails_then_one_line_names_the_database_and_quotes_no_value(tmp_path: Path, database):
    rid = export_rows(300)[0][2]
    (outcome,) = scan([database], tmp_path / "w.duckdb", query=f"SELECT CAST('{rid}' AS integer)")
    assert outcome.status == "failed" and "the query failed" in (outcome.error or "")
    no_raw_values([(outcome.error or "").encode()], export_rows(300))


def test_when_no_query_is_given_then_the_error_says_to_pass_one(tmp_path: Path, database):
    (outcome,) = scan([database], tmp_path / "w.duckdb")
    assert outcome.status == "failed" and "--query" in (outcome.error or "")


def test_when_the_cli_is_given_a_database_url_and_query_then_it_records_the_extract(tmp_path: Path, database):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "outbound", "scan", database, "--query", QUERY, "--processor", "p",
                           "--warehouse", str(tmp_path / "w.duckdb"), "--exported-at", "2026-03-01"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("recorded  postgresql+psycopg://postgres@127.0.0.1:") and "rows=300" in done.stdout


def test_when_the_url_holds_a_password_then_no_name_outcome_or_warehouse_holds_it(tmp_path: Path, database):
    with_password = database.replace("postgres@", "postgres:pw-never-stored-42@")  # trust auth ignores it
    wh = tmp_path / "w.duckdb"
    (outcome,) = scan([with_password], wh, query=QUERY)
    assert outcome.status == "recorded"
    assert "pw-never-stored-42" not in repr(outcome) and b"pw-never-stored-42" not in wh.read_bytes()
    assert not list(tmp_path.glob("w.duckdb.spill-*"))  # the staged extract is gone
