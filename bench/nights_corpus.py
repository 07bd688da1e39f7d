"""The year-of-nights corpus: one CSV export per night, persons recurring across nights.

Vectorised (numpy + Arrow, the counting corpus's generators) and cached under `.bench/` keyed by
its parameters. Each night draws `rows` persons with replacement from one population, so persons
recur within and across nights; a fifth of the rows carry only the mobile number (the resident-ID
cell is empty). A person's identifiers are theirs alone and every row carries the mobile, so the
truth after night n is the number of population members drawn on nights 1..n; the sensitive
truth is those of them who are children and appeared on a row carrying their resident ID (a
mobile-only row says nothing of age).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from bench.count_corpus import _digits, _mobiles, _names, _order_numbers, _ric_space
from outbound.demo.identifiers import RIC_CHECK, RIC_WEIGHTS

FIRST_NIGHT = dt.date(2026, 1, 1)
CHILD_SHARE = 0.01
MOBILE_ONLY_SHARE = 0.2
RECIPIENTS = ("Pearl Hotels HQ", "Harbour Analytics Ltd")


@dataclass(frozen=True)
class Night:
    path: Path
    day: dt.date
    recipient: str
    persons: int  # distinct persons from night 1 to this night: the exact answer
    sensitive_persons: int


def _ids(rng: np.random.Generator, n: int) -> tuple[pa.Array, np.ndarray]:
    """`n` distinct checksum-valid resident IDs, and whether each is a child's (under 14 all year)."""
    children = int(n * CHILD_SHARE)
    body = np.concatenate([_ric_space(rng, n - children, dt.date(1950, 1, 1), dt.date(2005, 12, 31)),
                           _ric_space(rng, children, dt.date(2014, 1, 1), dt.date(2024, 12, 31))])
    child = np.zeros(n, dtype=bool)
    child[n - children:] = True
    order = rng.permutation(n)
    body, child = body[order], child[order]
    digits = np.stack([(body // 10**k) % 10 for k in range(16, -1, -1)], axis=1)
    check = np.array(list(RIC_CHECK))[(digits * np.array(RIC_WEIGHTS)).sum(axis=1) % 11]
    return pc.binary_join_element_wise(_digits(body, 17), pa.array(check), ""), child


def _write(root: Path, nights: int, rows: int, population: int, seed: int) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    ids, child = _ids(rng, population)
    mobiles, names = _mobiles(rng, population), _names(rng, population)
    seen = np.zeros(population, dtype=bool)
    seen_sensitive = np.zeros(population, dtype=bool)
    truth = []
    for i in range(nights):
        day = FIRST_NIGHT + dt.timedelta(days=i)
        who = rng.integers(0, population, rows)
        mobile_only = rng.random(rows) < MOBILE_ONLY_SHARE
        seen[who] = True
        seen_sensitive[who[~mobile_only & child[who]]] = True
        take = pa.array(who)
        table = pa.table({
            "order_no": _order_numbers(rng, rows),
            "name": names.take(take),
            "id_no": pc.if_else(pa.array(mobile_only), pa.scalar(None, pa.string()), ids.take(take)),
            "mobile": mobiles.take(take),
            "amount": pc.cast(pa.array(rng.integers(100, 500_000, rows) / 100), pa.string()),
        })  # fmt: skip
        path = root / f"orders-{day:%Y%m%d}.csv"
        pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="none"))
        truth.append({"path": path.name, "day": day.isoformat(), "recipient": RECIPIENTS[i % len(RECIPIENTS)],
                      "persons": int(seen.sum()), "sensitive_persons": int(seen_sensitive.sum())})
    return truth


def corpus(root: Path = Path(".bench"), *, nights: int = 90, rows: int = 20_000, population: int = 600_000,
           seed: int = 11) -> list[Night]:
    """The cached nights, generated on first use (well under a second per night)."""
    folder = root / f"nights-{nights}-{rows}-{population}-{seed}"
    truth_file = folder / "truth.json"
    if not truth_file.exists():
        folder.mkdir(parents=True, exist_ok=True)
        truth_file.write_text(json.dumps(_write(folder, nights, rows, population, seed)))
    return [Night(folder / str(t["path"]), dt.date.fromisoformat(str(t["day"])), str(t["recipient"]),
                  int(t["persons"]), int(t["sensitive_persons"])) for t in json.loads(truth_file.read_text())]
