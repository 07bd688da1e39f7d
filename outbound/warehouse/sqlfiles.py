"""The warehouse's SQL, one file per statement (or per script of statements) under sql/."""

from __future__ import annotations

import functools
from pathlib import Path

SQL_DIR = Path(__file__).with_name("sql")


@functools.cache
def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
