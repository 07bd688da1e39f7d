"""Exact person counts through the real scan: persons recur across files, formats, years and
identifier types; the truth is tallied here from the people written, never from the warehouse."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from outbound.common.timeutil import SHANGHAI
from outbound.demo.identifiers import make_mobile, make_passport, make_resident_id
from outbound.pipeline import flow

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚"
HEALTH = ("高血压", "色弱", "血脂偏高", "窦性心律不齐")


@dataclass(frozen=True)
class Person:
    i: int
    name: str
    rid: str
    mobile: str
    email: str
    passport: str
    child: bool


def _people(n: int) -> list[Person]:
    rng = random.Random(5)
    out = []
    for i in range(n):
        child = i % 10 == 3  # born 8 years before the exports: under 14 all year
        birth = dt.date(2018 if child else rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        out.append(Person(i, name, make_resident_id(rng, birth), make_mobile(rng), f"user{i}@example.com",
                          make_passport(rng), child))  # fmt: skip
    return out


PEOPLE = _people(130)


def _csv(rows: list[list[str]], header: list[str], encoding: str) -> bytes:
    text = "\r\n".join(",".join(r) for r in [header, *rows]) + "\r\n"
    return text.encode(encoding)


def _set_shanghai_mtime(path: Path, moment: dt.datetime) -> None:
    stamp = moment.replace(tzinfo=SHANGHAI).timestamp()
    os.utime(path, (stamp, stamp))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("counting")
    P = PEOPLE
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files[name] = path
        return path

    # 1. GB18030 CSV, Chinese headers: resident ID + mobile for 0-39; two rows with a name only,
    #    one with a placeholder in the ID column; some IDs written with a lower-case x.
    rows = [[p.name, p.rid.lower() if p.i % 2 else p.rid, p.mobile] for p in P[:40]]
    rows += [["赵无名", "", ""], ["钱无名", "无", ""]]
    put("2026-01-10/guests.csv", _csv(rows, ["姓名", "身份证号", "手机号"], "gb18030"))
    # 2. gzipped UTF-8 CSV, mobile (+86 written) + e-mail for 30-69: links 30-39 to file 1 by mobile.
    rows = [[p.name, "+86 " + p.mobile, p.email.upper()] for p in P[30:70]]
    put("2026-02-05/orders.csv.gz", gzip.compress(_csv(rows, ["name", "mobile", "email"], "utf-8")))
    # 3. nested JSON Lines, e-mail only for 60-79: links 60-69 to file 2.
    lines = [json.dumps({"order": f"O{p.i}", "contact": {"name": p.name, "email": p.email}}) for p in P[60:80]]
    lines += [json.dumps({"order": f"O{i}", "contact": {"name": P[i].name, "email": None}}) for i in range(120, 125)]
    put("2026-03-01/contacts.jsonl", ("\n".join(lines) + "\n").encode())
    # 4. Parquet crew list: resident ID, health note on some rows (sensitive) for 0-9 and 80-99.
    crew = P[:10] + P[80:100]
    table = pa.table({
        "crew_name": [p.name for p in crew], "id_no": [p.rid for p in crew],
        "health_note": [HEALTH[p.i % 4] if p.i % 7 == 0 else None for p in crew],
    })  # fmt: skip
    sink = io.BytesIO()
    pq.write_table(table, sink)
    put("2026-04-01/crew.parquet", sink.getvalue())
    # 5. Excel: passport + mobile for 100-109, and mobile only for 0-4 (linked to file 1).
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "护照号码", "手机号"])
    for p in P[100:110]:
        sheet.append([p.name, p.passport, p.mobile])
    for p in P[:5]:
        sheet.append([p.name, None, p.mobile])
    buf = io.BytesIO()
    book.save(buf)
    put("2026-05-01/visitors.xlsx", buf.getvalue())
    # 6. Year edge by modification time (no date in the name): 31 Dec 23:59 and 1 Jan 00:00 Shanghai.
    edge = [[p.name, p.rid, p.mobile] for p in P[110:120]]
    late = put("edge/late_december.csv", _csv(edge[:6], ["姓名", "身份证号", "手机号"], "utf-8"))
    early = put("edge/new_year.csv", _csv(edge[3:], ["姓名", "身份证号", "手机号"], "utf-8"))
    _set_shanghai_mtime(late, dt.datetime(2025, 12, 31, 23, 59))
    _set_shanghai_mtime(early, dt.datetime(2026, 1, 1, 0, 0))
    return files


def _truth(year: int, without: tuple[str, ...] = ()) -> tuple[int, int, int]:
    """(persons, sensitive, unlinked) of `year` by construction of the corpus above."""
    if year == 2025:
        people = set(range(110, 116))
        return len(people), sum(PEOPLE[i].child for i in people), 0
    groups = {"guests.csv": range(0, 40), "orders.csv.gz": range(30, 70), "contacts.jsonl": range(60, 80),
              "crew.parquet": [*range(10), *range(80, 100)], "visitors.xlsx": [*range(100, 110), *range(5)],
              "new_year.csv": range(113, 120)}  # fmt: skip
    people = {i for name, members in groups.items() if name not in without for i in members}
    unlinked = {"guests.csv": 2, "contacts.jsonl": 5}
    bare = sum(n for name, n in unlinked.items() if name not in without)
    sensitive = {i for i in people if PEOPLE[i].child and (i < 40 or 80 <= i < 100 or i >= 110)}
    if "crew.parquet" not in without:
        sensitive |= {i for i in [*range(10), *range(80, 100)] if i % 7 == 0}
    return len(people) + bare, len(sensitive), bare


@pytest.fixture(scope="module")
def scanned(corpus: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    wh = tmp_path_factory.mktemp("wh") / "w.duckdb"
    root = corpus["2026-01-10/guests.csv"].parents[1]
    recipients = {"orders.csv.gz": "CRM Inc", "contacts.jsonl": "CRM Inc"}
    for name, path in corpus.items():
        (outcome,) = flow.scan([path], processor="p", warehouse=wh, recipient=recipients.get(path.name, "HQ"),
                               scenario="hr" if path.suffix == ".parquet" else None)  # fmt: skip
        assert outcome.status == "recorded", (name, outcome.error)
    assert root.exists()
    return wh


@pytest.mark.parametrize("year", [2025, 2026])
def test_when_persons_recur_across_files_formats_and_identifiers_then_each_counts_once(scanned: Path, year: int):
    tally = flow.person_tally(scanned, "p", year)
    assert (tally.persons, tally.sensitive_persons, tally.unlinked) == _truth(year)


def test_when_the_same_files_are_scanned_again_then_nothing_changes(scanned: Path, corpus: dict[str, Path]):
    before = flow.person_tally(scanned, "p", 2026)
    outcomes = flow.scan(list(corpus.values()), processor="p", warehouse=scanned)
    assert {o.status for o in outcomes} == {"unchanged"}
    assert flow.person_tally(scanned, "p", 2026) == before


def test_when_counts_are_broken_down_then_groups_follow_recipient_month_and_scenario(scanned: Path):
    by = flow.person_tally(scanned, "p", 2026).by
    months = {g.key: g.persons for g in by["month"]}
    assert months == {"2026-01": 40 + 2 + 7, "2026-02": 40, "2026-03": 25, "2026-04": 30, "2026-05": 15}
    recipients = {g.key: (g.persons, g.unlinked) for g in by["recipient"]}
    # CRM Inc got 30-79 and 5 name-only rows; HQ got 0-39, 80-109, 113-119 and 2 name-only rows
    assert recipients == {"CRM Inc": (55, 5), "HQ": (40 + 30 + 7 + 2, 2)}
    scenarios = {g.key: g.persons for g in by["scenario"]}
    assert scenarios["hr"] == 30


def test_when_an_export_is_deleted_then_the_year_is_recounted(scanned: Path, corpus: dict[str, Path], tmp_path: Path):
    import shutil

    wh = tmp_path / "w.duckdb"
    shutil.copy(scanned, wh)
    shutil.copy(scanned.with_name(scanned.name + ".key"), wh.with_name(wh.name + ".key"))
    sha = flow.content_sha256(corpus["2026-02-05/orders.csv.gz"])
    assert flow.delete_export(wh, "p", sha) is True
    tally = flow.person_tally(wh, "p", 2026)
    assert (tally.persons, tally.sensitive_persons, tally.unlinked) == _truth(2026, without=("orders.csv.gz",))


def test_when_persons_are_asked_cumulative_then_each_date_counts_the_exports_up_to_it(scanned: Path):
    from click.testing import CliRunner

    from outbound.cli import cli

    result = CliRunner().invoke(cli, ["persons", "--processor", "p", "--year", "2026", "--warehouse", str(scanned),
                                      "--cumulative", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    points = json.loads(result.output)["cumulative"]
    dated = {"new_year.csv": "2026-01-01", "guests.csv": "2026-01-10", "orders.csv.gz": "2026-02-05",
             "contacts.jsonl": "2026-03-01", "crew.parquet": "2026-04-01", "visitors.xlsx": "2026-05-01"}  # fmt: skip
    assert [p["date"] for p in points] == sorted(dated.values())
    for point in points:
        later = tuple(name for name, day in dated.items() if day > point["date"])
        persons, sensitive, _ = _truth(2026, without=later)
        assert (point["persons"], point["sensitive_persons"]) == (persons, sensitive), point["date"]


def test_when_persons_are_asked_by_month_then_json_keeps_the_contract_and_adds_the_breakdown(scanned: Path):
    from click.testing import CliRunner

    from outbound.cli import cli

    result = CliRunner().invoke(cli, ["persons", "--processor", "p", "--year", "2026", "--warehouse", str(scanned),
                                      "--by", "month", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    persons, sensitive, unlinked = _truth(2026)
    assert {k: out[k] for k in ("processor", "year", "persons", "sensitive_persons")} == {
        "processor": "p", "year": 2026, "persons": persons, "sensitive_persons": sensitive}
    assert out["by"] == "month" and out["unlinked_persons"] == unlinked
    assert [g["key"] for g in out["breakdown"]] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
