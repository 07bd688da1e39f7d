"""sh-hotel: a fictional Shanghai FTZ hotel group sending guest registrations to its HQ abroad.

Each day: a GB18030 CSV of domestic guests with Chinese headers, where 订单号 is shaped like a
resident ID (region, date, sequence) but always fails the MOD 11-2 check; and a JSONL file of
foreign guests with nested fields. A few domestic guests are children (no mobile), which the
filing's "0 sensitive persons" does not foresee.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from outbound.demo.identifiers import make_ric_decoy, make_uscc
from outbound.demo.people import Person, is_child
from outbound.demo.writers import ProcessorRun, csv_bytes, jsonl_bytes

PROCESSOR_ID = "sh-hotel"
RECIPIENT = {"name": "Pearl Hotels Group HQ", "country": "SG"}
CSV_HEADER = ("姓名", "身份证号", "手机号", "入住日期", "房号", "订单号", "备注")
JSONL_FIELDS = ("booking_id", "guest.name", "guest.passport_no", "guest.email", "stay.nights")
BRANCHES = ("310115", "310101", "310104")  # order numbers start with the branch's district
REMARKS = ("无烟房", "需要加床", "延迟退房", "团队入住", "含早餐", "商务出行", "高楼层", "安静房间")
DOMESTIC_POPULATION, CHILD_SHARE, FOREIGN_POPULATION = 800, 0.03, 420


def profile() -> dict[str, Any]:
    return {
        "processor": {
            "id": PROCESSOR_ID,
            "name": "海上明珠酒店管理有限公司",
            "uscc": make_uscc("310115", "MA1HT7Q2"),
            "zone": "shanghai-ftz",
            "ciio": False,
            "industry": "住宿业",
        },
        "recipients": [RECIPIENT],
        "filing": {
            "declared_persons_per_year": 5000,
            "declared_sensitive_persons_per_year": 0,
            "datasets": [
                {"name": "guest_registrations", "format": "csv", "recipient": RECIPIENT["name"],
                 "fields": list(CSV_HEADER)},
                {"name": "foreign_guests", "format": "jsonl", "recipient": RECIPIENT["name"],
                 "fields": list(JSONL_FIELDS)},
            ],
        },
    }  # fmt: skip


def generate(run: ProcessorRun) -> None:
    domestic = _domestic(run)
    foreign = [run.people.foreign(f"{PROCESSOR_ID}/F{i:04d}") for i in range(FOREIGN_POPULATION)]
    for day in run.days:
        _registrations(run, day, run.rng.sample(domestic, run.rng.randint(250, 350)))
        _foreign_guests(run, day, run.rng.sample(foreign, run.rng.randint(150, 220)))


def _domestic(run: ProcessorRun) -> list[Person]:
    ref, people = run.days[0], run.people
    guests = []
    for i in range(DOMESTIC_POPULATION):
        child = run.rng.random() < CHILD_SHARE
        birth = people.birth_for_age(ref, 2, 12) if child else people.birth_for_age(ref, 18, 75)
        guests.append(people.chinese(f"{PROCESSOR_ID}/D{i:04d}", birth, with_mobile=not child))
    return guests


def _registrations(run: ProcessorRun, day: dt.date, guests: list[Person]) -> None:
    rng, filename = run.rng, f"guest_registrations_{day:%Y%m%d}.csv"
    rel, rows = run.rel_path(day, filename), []
    for seq, guest in enumerate(guests):
        check_in = day - dt.timedelta(days=rng.choice((0, 0, 1, 2)))
        room = f"{rng.randint(2, 28)}{rng.randint(1, 40):02d}"
        order_no = make_ric_decoy(rng, rng.choice(BRANCHES), check_in, seq)
        remark = rng.choice(REMARKS) if rng.random() < 0.15 else ""
        rows.append(
            (guest.name, guest.resident_id, guest.mobile or "", check_in.isoformat(), room, order_no, remark)
        )
        run.tally.row(rel, day, guest, sensitive=is_child(guest.birth, day),
                      resident_id=guest.resident_id, mobile=guest.mobile)  # fmt: skip
    run.write(day, filename, csv_bytes(CSV_HEADER, rows, encoding="gb18030", newline="\r\n"))


def _foreign_guests(run: ProcessorRun, day: dt.date, guests: list[Person]) -> None:
    filename = f"foreign_guests_{day:%Y%m%d}.jsonl"
    rel, records = run.rel_path(day, filename), []
    for i, guest in enumerate(guests):
        records.append({
            "booking_id": f"BK{day:%Y%m%d}{i:04d}",
            "guest": {"name": guest.name, "passport_no": guest.passport, "email": guest.email},
            "stay": {"nights": run.rng.randint(1, 6)},
        })  # fmt: skip
        run.tally.row(rel, day, guest, sensitive=False, passport=guest.passport, email=guest.email)
    run.write(day, filename, jsonl_bytes(records))
