"""`outbound classify --explain` through a real subprocess: it says why, and never prints a raw value."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from faker import Faker

from tests.classifiers.synthetic import card, mobile, resident_id

HEADER = ["姓名", "c01", "sjh", "c02", "诊断", "银行卡号", "email", "备注"]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[str]]]:
    fake, rng = Faker("zh_CN"), random.Random(4)
    fake.seed_instance(4)
    rows = [
        [
            fake.name(),
            resident_id(rng),
            mobile(rng),
            fake.address(),
            rng.choice(["高血压", "2型糖尿病", "青霉素过敏", "支气管哮喘"]),
            card(rng),
            fake.email(),
            f"联系人{fake.name()}，电话{mobile(rng)}",
        ]
        for _ in range(80)
    ]
    path = tmp_path_factory.mktemp("explain") / "guests.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path, rows


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "outbound", "classify", *args], capture_output=True, text=True)


def raw_values(rows: list[list[str]]) -> set[str]:
    """Every cell, and every name or number inside the free-text cells, two characters or longer."""
    values = {cell for row in rows for cell in row}
    for row in rows:
        person, phone = row[-1].removeprefix("联系人").split("，电话")
        values |= {person, phone}
    return {v for v in values if len(v) >= 2}


@pytest.mark.parametrize("extra", [(), ("--json",)], ids=["text", "json"])
def test_when_explained_then_no_raw_value_of_the_file_is_printed(export, extra) -> None:
    path, rows = export
    out = run(str(path), "--explain", *extra)
    assert out.returncode == 0, out.stderr
    leaked = sorted(v for v in raw_values(rows) if v in out.stdout)
    assert leaked == []
    assert "*" in out.stdout  # masked examples are there


def test_when_explained_as_text_then_header_evidence_counts_and_thresholds_are_shown(export) -> None:
    path, _ = export
    out = run(str(path), "--explain").stdout
    assert "姓名: PERSON_NAME [personal]" in out
    assert "header '姓名': outbound-header-hints-2026#PERSON_NAME contains '姓名'" in out
    assert "c01: CN_RESIDENT_ID [personal]" in out
    assert "PASS CN_RESIDENT_ID: proposed 80, validated 80, share 1.00 vs min_share 0.60" in out
    assert "备注: CN_MOBILE [personal] also PERSON_NAME" in out
    assert "min_share_in_text" in out
    assert "诊断: HEALTH_INFO [sensitive]" in out


def test_when_explained_as_json_then_each_column_has_an_explain_object(export) -> None:
    path, _ = export
    out = run(str(path), "--explain", "--json")
    (data,) = json.loads(out.stdout)
    columns = {c["name"]: c for c in data["columns"]}
    assert set(columns) == set(HEADER)
    ric = columns["c01"]
    assert {"name", "entity", "category", "score", "matched_share"} <= set(ric)
    why = ric["explain"]
    assert (why["header"], why["hinted"], why["cells"], why["distinct"]) == ("c01", [], 80, 80)
    main = why["candidates"][0]
    assert (main["entity"], main["validated"], main["passed"], main["threshold_name"]) == (
        "CN_RESIDENT_ID", 80, True, "min_share"
    )
    assert len(main["examples"]) == 3 and all(len(e) == 18 and e.count("*") == 16 for e in main["examples"])
    assert columns["sjh"]["explain"]["header_refs"] == ["outbound-header-hints-2026#CN_MOBILE exact 'sjh'"]


def test_when_not_asked_then_json_has_no_explain(export) -> None:
    path, _ = export
    (data,) = json.loads(run(str(path), "--json").stdout)
    assert all("explain" not in c for c in data["columns"])
