"""Shared fixtures for the FTZ list tests: the real rules/lists folder and the fictional list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from outbound.regulation.lists import ListFile
from outbound.regulation.rules import load_file

FIXTURES = Path(__file__).parent / "fixtures"
FICTIONAL = FIXTURES / "lists" / "xx-fictional-ftz-negative-list-2030.yaml"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def fictional_path() -> Path:
    return FICTIONAL


@pytest.fixture
def fictional() -> ListFile:
    return load_file(FICTIONAL, ListFile)


@pytest.fixture
def fictional_raw() -> dict[str, Any]:
    """The fictional list as plain data, for tests that vary one fact."""
    return yaml.safe_load(FICTIONAL.read_text(encoding="utf-8"))
