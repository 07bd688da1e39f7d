"""sh-retail: a fictional retailer sending member orders to an overseas CRM vendor.

Each day: a UTF-8 CSV with English/pinyin headers (xm = name, sjh = mobile). Card holders pay by
card on most but not all orders; `sku` is an 11-digit decoy starting with 2 (not a mobile).
About 3% of members are children by `birthday`, and one pinned member turns 14 on the second
export day: under 14 (sensitive) on day one only. One day also carries `corrupt.parquet`,
garbage behind a Parquet magic number, so a scan must report one failed file and go on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from outbound.demo.identifiers import make_uscc
from outbound.demo.people import CHILD_AGE_LINE, Person, is_child, years_before
from outbound.demo.writers import ProcessorRun, csv_bytes

PROCESSOR_ID = "sh-retail"
RECIPIENT = {"name": "Northwind CRM Cloud Inc.", "country": "US"}
CSV_HEADER = ("member_id", "xm", "sjh", "email", "card_no", "sku", "amount", "order_time", "birthday")
POPULATION, CHILD_SHARE, CARD_SHARE = 700, 0.03, 0.55
CARD_USE, EMAIL_SHOWN, BIRTHDAY_SHOWN = 0.75, 0.88, 0.8  # per-row / per-adult shares


def profile() -> dict[str, Any]:
    return {
        "processor": {
            "id": PROCESSOR_ID,
            "name": "东方优选零售有限公司",
            "uscc": make_uscc("310115", "MA1RT3K8"),
            "zone": "shanghai-ftz",
            "ciio": False,
            "industry": "零售业",
        },
        "recipients": [RECIPIENT],
        "filing": {
            "declared_persons_per_year": 20000,
            "declared_sensitive_persons_per_year": 100,
            "datasets": [
                {"name": "member_orders", "format": "csv", "recipient": RECIPIENT["name"],
                 "fields": list(CSV_HEADER)},
            ],
        },
    }  # fmt: skip


def generate(run: ProcessorRun) -> None:
    members, pinned = _members(run)
    skus = [f"2{run.rng.randint(0, 10**10 - 1):010d}" for _ in range(60)]
    member_ids = {m.key: f"M{i:08d}" for i, m in enumerate(members + [pinned], start=10_000)}
    show_birthday = {
        m.key for m in members if is_child(m.birth, run.days[0]) or run.rng.random() < BIRTHDAY_SHOWN
    }
    show_birthday.add(pinned.key)
    for day in run.days:
        buyers = run.rng.sample(members, run.rng.randint(190, 250)) + [pinned]
        orders = [b for b in buyers for _ in range(1 + (run.rng.random() < 0.35))]
        run.rng.shuffle(orders)
        _orders(run, day, orders, member_ids, show_birthday, skus)
    corrupt_day = run.days[min(1, len(run.days) - 1)]
    run.write(corrupt_day, "corrupt.parquet", b"PAR1" + run.rng.randbytes(733), broken=True)


def _members(run: ProcessorRun) -> tuple[list[Person], Person]:
    ref, people, rng = run.days[0], run.people, run.rng
    members = []
    for i in range(POPULATION):
        if rng.random() < CHILD_SHARE:
            members.append(people.chinese(f"{PROCESSOR_ID}/C{i:04d}", people.birth_for_age(ref, 6, 12),
                                          with_resident_id=False, with_email=True))  # fmt: skip
            continue
        birth = people.birth_for_age(ref, 18, 70)
        members.append(people.chinese(f"{PROCESSOR_ID}/A{i:04d}", birth, with_resident_id=False,
                                      with_email=True, with_card=rng.random() < CARD_SHARE))  # fmt: skip
    turns_14 = years_before(run.days[1] if len(run.days) > 1 else ref, CHILD_AGE_LINE)
    pinned = people.chinese(f"{PROCESSOR_ID}/boundary", turns_14, with_resident_id=False, with_email=True)
    return members, pinned


def _orders(
    run: ProcessorRun,
    day: dt.date,
    orders: list[Person],
    member_ids: dict[str, str],
    show_birthday: set[str],
    skus: list[str],
) -> None:
    rng, filename = run.rng, f"member_orders_{day:%Y%m%d}.csv"
    rel, rows = run.rel_path(day, filename), []
    moments = sorted(rng.randint(8 * 3600, 23 * 3600 - 1) for _ in orders)
    for buyer, second in zip(orders, moments, strict=True):
        card = buyer.card if buyer.card and rng.random() < CARD_USE else ""
        email = buyer.email if rng.random() < EMAIL_SHOWN else ""
        birthday = buyer.birth.isoformat() if buyer.birth and buyer.key in show_birthday else ""
        at = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=second)
        rows.append((member_ids[buyer.key], buyer.name, buyer.mobile, email, card, rng.choice(skus),
                     f"{rng.randint(990, 259_900) / 100:.2f}", f"{at:%Y-%m-%d %H:%M:%S}", birthday))  # fmt: skip
        child = bool(birthday) and is_child(buyer.birth, day)
        run.tally.row(
            rel, day, buyer, sensitive=bool(card) or child, mobile=buyer.mobile, email=email, card=card
        )
    run.write(day, filename, csv_bytes(CSV_HEADER, rows, encoding="utf-8", newline="\n"))
