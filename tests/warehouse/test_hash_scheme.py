"""A warehouse records how its identifiers were keyed and refuses to mix two schemes."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from outbound.common.errors import HashSchemeMismatch
from outbound.identifiers import HASH_SCHEME
from outbound.warehouse import open_warehouse


def _scheme(path: Path) -> str | None:
    wh = open_warehouse(path, read_only=True)
    try:
        rows = wh.query("SELECT value FROM warehouse_meta WHERE key = 'identifier_hash'")
        return rows[0][0] if rows else None
    finally:
        wh.close()


def test_when_a_warehouse_is_created_then_it_records_the_current_scheme(tmp_path: Path):
    open_warehouse(tmp_path / "w.duckdb").close()
    assert _scheme(tmp_path / "w.duckdb") == HASH_SCHEME


def _schema_1(path: Path) -> None:
    """What a warehouse written before schema 2 looks like: identifiers and no record of the scheme."""
    wh = open_warehouse(path)
    wh.con.execute("DROP TABLE warehouse_meta")
    wh.con.execute("INSERT INTO identifiers VALUES ('p', 0, $h)", {"h": uuid.uuid4()})
    wh.close()


def test_when_a_schema_1_warehouse_is_opened_for_writing_then_it_is_refused_with_what_to_do(tmp_path: Path):
    _schema_1(tmp_path / "w.duckdb")
    with pytest.raises(HashSchemeMismatch, match=r"hmac-sha256:v1.*new warehouse"):
        open_warehouse(tmp_path / "w.duckdb")
    wh = open_warehouse(tmp_path / "w.duckdb", read_only=True)  # its own counts stay readable
    assert wh.query("SELECT count(*) FROM identifiers") == [(1,)]
    wh.close()


def test_when_another_scheme_is_recorded_then_writing_is_refused(tmp_path: Path):
    wh = open_warehouse(tmp_path / "w.duckdb")
    wh.con.execute("UPDATE warehouse_meta SET value = 'other:v9' WHERE key = 'identifier_hash'")
    wh.close()
    with pytest.raises(HashSchemeMismatch, match="other:v9"):
        open_warehouse(tmp_path / "w.duckdb")


def test_when_an_empty_schema_1_warehouse_is_opened_then_it_simply_takes_the_current_scheme(tmp_path: Path):
    wh = open_warehouse(tmp_path / "w.duckdb")
    wh.con.execute("DROP TABLE warehouse_meta")
    wh.close()
    open_warehouse(tmp_path / "w.duckdb").close()
    assert _scheme(tmp_path / "w.duckdb") == HASH_SCHEME


def test_when_the_demo_finds_an_outdated_warehouse_then_it_moves_it_aside_and_keeps_it(tmp_path: Path):
    import io

    from rich.console import Console

    from outbound.demo.run import _set_aside_if_outdated

    path = tmp_path / "outbound.duckdb"
    _schema_1(path)
    out = io.StringIO()
    _set_aside_if_outdated(path, Console(file=out))
    assert not path.exists() and (tmp_path / "outbound.duckdb.outdated").exists()
    assert "aside" in out.getvalue()
    _set_aside_if_outdated(path, Console(file=out))  # nothing there any more: nothing to do
    open_warehouse(path).close()
    _set_aside_if_outdated(path, Console(file=out))  # current scheme: left where it is
    assert path.exists()
