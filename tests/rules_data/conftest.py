"""Fixtures for the rule-data tests: the project's rules/ folder, a scratch copy, a clean env."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.rules_data.files import RULES


@pytest.fixture(autouse=True)
def _default_spi_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTBOUND_SPI_READING", raising=False)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target
