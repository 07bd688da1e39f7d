"""A distinct-heavy corpus: every value of a column different, 200-800 rows, 8-11 columns per file.

The evaluation corpus repeats values (statuses, cities, products), which the vote's distinct-value
counting makes cheap; real exports of identifiers, timestamps and amounts repeat nothing. Each file
here draws 8-11 columns from identifiers (resident IDs, mobiles, e-mails, bank cards, IMEIs, plates,
USCCs), names, addresses, dates of birth and decoys (GUIDs, timestamps, order numbers, amounts,
event dates) — every cell unique — under Chinese, English or meaningless headers. The truth is
written beside the frames, in the evaluation corpus's terms.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pandas as pd
from faker import Faker

from tests.eval import decoys as dc
from tests.eval import text_values as tv
from tests.eval import values as vv
from tests.eval.headers import HEADERS, obfuscated
from tests.eval.values import Gen

Make = Callable[[Gen], str]
COLUMNS: dict[str, tuple[str | None, Make]] = {
    "CN_RESIDENT_ID": ("CN_RESIDENT_ID", lambda g: vv.resident_id(g, "")),
    "CN_MOBILE": ("CN_MOBILE", lambda g: vv.mobile(g, "mixed")),
    "EMAIL_ADDRESS": ("EMAIL_ADDRESS", lambda g: vv.email(g, "")),
    "BANK_CARD": ("BANK_CARD", lambda g: vv.bank_card(g, "plain")),
    "DEVICE_ID": ("DEVICE_ID", lambda g: vv.device_id(g, "imei")),
    "LICENSE_PLATE": ("LICENSE_PLATE", lambda g: vv.license_plate(g, "")),
    "CN_USCC": ("CN_USCC", lambda g: vv.uscc(g, "")),
    "IP_ADDRESS": ("IP_ADDRESS", lambda g: vv.ip_address(g, "v4")),
    "PERSON_NAME": ("PERSON_NAME", lambda g: tv.person_name(g, "zh")),
    "ADDRESS": ("ADDRESS", lambda g: tv.address(g, "zh")),
    "DATE_OF_BIRTH": ("DATE_OF_BIRTH", lambda g: vv.date_of_birth(g, "iso")),
    "guid": (None, lambda g: dc.guid(g, "lower")),
    "timestamp": (None, lambda g: dc.timestamp(g, "iso_space")),
    "order_no": (None, lambda g: dc.order_no(g, "so")),
    "amount": (None, lambda g: f"{g.rng.uniform(1, 99999):.2f}"),
    "order_no_ric": (None, lambda g: dc.order_no_ric(g, "")),
}


def distinct_values(g: Gen, make: Make, rows: int) -> list[str]:
    seen: dict[str, None] = {}
    for _ in range(rows * 20):
        seen.setdefault(make(g), None)
        if len(seen) == rows:
            break
    return list(seen)


def frames(files: int, seed: int) -> list[tuple[pd.DataFrame, dict[str, str | None]]]:
    """`files` frames, each with its truth (column -> entity or None)."""
    rng = random.Random(seed)
    zh, en = Faker("zh_CN"), Faker("en_US")
    zh.seed_instance(seed)
    en.seed_instance(seed)
    g = Gen(rng=rng, zh=zh, en=en)
    out = []
    for _ in range(files):
        rows, width = rng.randint(200, 800), rng.randint(8, 11)
        keys = rng.sample(sorted(COLUMNS), width)
        data: dict[str, list[str]] = {}
        truth: dict[str, str | None] = {}
        for i, key in enumerate(keys, 1):
            entity, make = COLUMNS[key]
            kinds = [k for k in ("zh", "en") if key in HEADERS] or []
            if entity == "DATE_OF_BIRTH" or not kinds or rng.random() < 0.3:
                name = obfuscated(rng, i) if entity != "DATE_OF_BIRTH" else rng.choice(HEADERS[key]["zh"])
            else:
                name = rng.choice(HEADERS[key][rng.choice(kinds)])
            name = name if name not in data else f"{name}_{i}"
            data[name] = distinct_values(g, make, rows)
            data[name] += [data[name][-1]] * (rows - len(data[name]))  # a generator that ran out
            truth[name] = entity
        out.append((pd.DataFrame(data), truth))
    return out
