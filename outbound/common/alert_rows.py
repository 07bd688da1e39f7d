"""Rows of the alert ledger: what `outbound.alerts` hands the warehouse and reads back.

Plain data on purpose: the warehouse stores them without knowing what an alert kind is, and
alerts reads them without knowing SQL. They hold dedup keys, route names, levels, counts and
masks (the notice as JSON of its facts): never a URL, a secret or a raw value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NoticeRow:
    """One condition as raised tonight (`alert_notices`); `notice`: the notice's JSON."""

    dedup_key: str
    kind: str
    processor: str
    year: int
    level: int
    marks: tuple[str, ...]
    notice: str


@dataclass(frozen=True, slots=True)
class RaisedRow:
    """A condition as the ledger holds it: its latest notice JSON, the nights first and last seen."""

    notice: str
    first_night: dt.date
    last_night: dt.date


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    """One delivery attempt (`alert_deliveries`): the route by name, never by URL."""

    dedup_key: str
    route: str
    level: int
    marks: tuple[str, ...]
    status: str  # delivered | failed
    error_class: str | None
    attempt: int
    digest: bool
