"""sh-shipping: a fictional shipping company sending crew lists to an overseas manning agency.

Each day: a Parquet crew list. `c07` is an obfuscated header holding mobiles; `vessel_imo`
(7 digits, valid IMO check) and `mmsi` (9 digits) are numeric decoys; `health_note` (体检结论)
is filled on a few rows only and makes those crew members sensitive. The filing-lite leaves
`health_note` out of its declared fields: the company did not notice it was sending it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from outbound.demo.identifiers import make_imo, make_mmsi, make_uscc
from outbound.demo.people import Person
from outbound.demo.writers import ProcessorRun, parquet_bytes

PROCESSOR_ID = "sh-shipping"
RECIPIENT = {"name": "Blue Anchor Manning Agency Inc.", "country": "PH"}
RANKS = (
    "船长",
    "大副",
    "二副",
    "三副",
    "轮机长",
    "大管轮",
    "二管轮",
    "电机员",
    "水手长",
    "水手",
    "机工",
    "厨师",
)
HEALTH_NOTES = ("健康", "高血压", "色弱", "血脂偏高", "轻度近视", "窦性心律不齐")
POPULATION, VESSELS, HEALTH_SHARE, HEALTH_SHOWN = 520, 10, 0.07, 0.7
SCHEMA = pa.schema([
    ("crew_name", pa.string()), ("id_no", pa.string()), ("c07", pa.string()), ("rank", pa.string()),
    ("vessel_imo", pa.int64()), ("mmsi", pa.int64()), ("health_note", pa.string()),
])  # fmt: skip


def profile() -> dict[str, Any]:
    declared = [name for name in SCHEMA.names if name != "health_note"]
    return {
        "processor": {
            "id": PROCESSOR_ID,
            "name": "远东星海船务有限公司",
            "uscc": make_uscc("310115", "MA1GP9W4"),
            "zone": "shanghai-ftz",
            "ciio": False,
            "industry": "水上运输业",
        },
        "recipients": [RECIPIENT],
        "filing": {
            "declared_persons_per_year": 3000,
            "declared_sensitive_persons_per_year": 0,
            "datasets": [
                {
                    "name": "crew_lists",
                    "format": "parquet",
                    "recipient": RECIPIENT["name"],
                    "fields": declared,
                },
            ],
        },
    }


@dataclass(frozen=True, slots=True)
class CrewMember:
    person: Person
    rank: str
    imo: int
    mmsi: int
    health_note: str | None  # stable per person; shown on some of their rows only


def generate(run: ProcessorRun) -> None:
    rng, people, ref = run.rng, run.people, run.days[0]
    vessels = [(make_imo(rng), make_mmsi(rng)) for _ in range(VESSELS)]
    crew = []
    for i in range(POPULATION):
        person = people.chinese(f"{PROCESSOR_ID}/S{i:04d}", people.birth_for_age(ref, 20, 60))
        note = rng.choice(HEALTH_NOTES) if rng.random() < HEALTH_SHARE else None
        crew.append(CrewMember(person, rng.choice(RANKS), *rng.choice(vessels), note))
    for day in run.days:
        aboard = rng.sample(crew, rng.randint(180, 260))
        aboard.sort(key=lambda c: (c.imo, RANKS.index(c.rank), c.person.key))
        _crew_list(run, day, aboard)


def _crew_list(run: ProcessorRun, day: dt.date, aboard: list[CrewMember]) -> None:
    filename = f"crew_list_{day:%Y%m%d}.parquet"
    rel = run.rel_path(day, filename)
    columns: dict[str, list[Any]] = {name: [] for name in SCHEMA.names}
    for member in aboard:
        person = member.person
        shown = member.health_note if member.health_note and run.rng.random() < HEALTH_SHOWN else None
        row = (person.name, person.resident_id, person.mobile, member.rank, member.imo, member.mmsi, shown)
        for name, value in zip(SCHEMA.names, row, strict=True):
            columns[name].append(value)
        run.tally.row(
            rel, day, person, sensitive=bool(shown), resident_id=person.resident_id, mobile=person.mobile
        )
    run.write(day, filename, parquet_bytes(pa.Table.from_pydict(columns, schema=SCHEMA)))
