"""Decoys: identifiers and numbers of other kinds that no recognizer may decide by value."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from outbound.classifiers.recognizers import RECOGNIZERS

from ..synthetic import amount, guid, order_number, sku, timestamp
from .generators import imo, isbn13, mmsi, tracking

RECS = [cls() for cls in RECOGNIZERS]


def unix_seconds(rng: random.Random) -> str:
    return str(rng.randrange(1_600_000_000, 1_800_000_000))


def unix_millis(rng: random.Random) -> str:
    return unix_seconds(rng) + f"{rng.randrange(1000):03d}"


def datetime_text(rng: random.Random) -> str:
    return f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} {rng.randrange(1, 24):02d}:{rng.randrange(60):02d}:00"


DECOYS: dict[str, Callable[[random.Random], str]] = {
    "order-number-18": order_number,
    "sku-11": sku,
    "guid": guid,
    "timestamp-14": timestamp,
    "unix-seconds": unix_seconds,
    "unix-millis": unix_millis,
    "datetime": datetime_text,
    "amount": amount,
    "imo": imo,
    "imo-prefixed": lambda rng: "IMO " + imo(rng),
    "mmsi": mmsi,
    "isbn-13": isbn13,
    "isbn-13-bare": lambda rng: isbn13(rng).replace("-", ""),
    "tracking": tracking,
}


@pytest.mark.parametrize("name", DECOYS)
def test_when_decoy_cell_then_no_recognizer_decides_it_by_value(name: str) -> None:
    rng = random.Random(140)
    for _ in range(300):
        value = DECOYS[name](rng)
        decided = [r.ENTITY for r in RECS if r.matches_whole(value)]
        assert decided == [], (value, decided)


@pytest.mark.parametrize("name", DECOYS)
def test_when_decoy_in_free_text_then_nothing_is_decided_inside(name: str) -> None:
    rng = random.Random(141)
    for _ in range(100):
        text = f"备注：编号{DECOYS[name](rng)}，已处理"
        decided = [(r.ENTITY, f) for r in RECS for f in r.find(text) if not f.needs_header]
        assert decided == [], (text, decided)
