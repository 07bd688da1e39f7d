"""DAG integrity: every DAG file imports cleanly and follows the house rules."""

from __future__ import annotations

from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"


@pytest.fixture(scope="module")
def bag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_when_dags_folder_is_parsed_then_no_import_errors(bag):
    assert bag.import_errors == {}
    assert "outbound_nightly_scan" in bag.dag_ids


def test_when_a_dag_is_defined_then_it_is_documented_tagged_retried_and_not_catching_up(bag):
    for dag_id in bag.dag_ids:
        dag = bag.dags[dag_id]
        assert dag.doc_md and "outbound" in dag.tags
        assert dag.catchup is False
        assert all(t.retries >= 1 for t in dag.tasks)


def test_when_dag_module_is_imported_then_no_heavy_library_is_loaded_at_top_level():
    import subprocess
    import sys

    code = (
        "import runpy, sys; runpy.run_path({!r});"
        "heavy = [m for m in ('presidio_analyzer', 'great_expectations', 'duckdb', 'pandas') if m in sys.modules];"
        "print(','.join(heavy))"
    ).format(str(DAGS / "outbound_nightly_scan.py"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1:] in ([], [""])
