"""Fixtures for the scanner tests; the writers live in scanner_fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from scanner_fixtures import Writer, export_writer


@pytest.fixture
def write_export(tmp_path: Path) -> Writer:
    """write_export("x.csv.gz", rows, encoding=..., delimiter=...) -> path, format from suffix."""
    return export_writer(tmp_path)
