"""Synthetic filings and exports for the spot-check tests: one base that violates nothing, and
mutations that each violate one check. Identifiers are checksum-valid (computed by
outbound.demo.identifiers, verified against python-stdnum in tests/demo); people are Faker's.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from faker import Faker

from outbound.demo.identifiers import make_bank_card, make_mobile, make_resident_id, make_uscc

PROCESSOR = "t-retail"
RECIPIENT, COUNTRY = "Harbour CRM Ltd", "SG"
DAY = "2026-03-02"
ROWS = 60
HEADER = ["姓名", "身份证号", "手机号", "卡号", "备注"]


def masked_card(card: str) -> str:
    return card[:6] + "*" * (len(card) - 10) + card[-4:]


@dataclass
class People:
    names: list[str]
    ids: list[str]
    mobiles: list[str]
    cards: list[str]
    emails: list[str]

    def raw(self) -> set[str]:
        return {*self.ids, *self.mobiles, *self.cards, *self.emails}


def people(n: int = ROWS, seed: int = 11) -> People:
    rng, fake = random.Random(seed), Faker("zh_CN")
    fake.seed_instance(seed)
    born = [dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 14000)) for _ in range(n)]
    return People([fake.name() for _ in range(n)], [make_resident_id(rng, b) for b in born],
                  [make_mobile(rng) for _ in range(n)], [make_bank_card(rng) for _ in range(n)],
                  [f"user{i:03d}.{rng.randint(100, 999)}@example.com" for i in range(n)])


def base_filing() -> dict[str, Any]:
    fields = [
        {"name": "姓名", "data_item": "姓名", "entities": ["PERSON_NAME"], "category": "personal"},
        {"name": "身份证号", "data_item": "身份证号码", "entities": ["CN_RESIDENT_ID"], "category": "personal"},
        {"name": "手机号", "data_item": "手机号码", "entities": ["CN_MOBILE"], "category": "personal"},
        {"name": "卡号", "data_item": "银行卡号（去标识化）", "entities": ["BANK_CARD"], "category": "sensitive",
         "masked": True, "masking": "first 6 and last 4 digits kept"},
        {"name": "备注", "data_item": "备注", "entities": [], "category": "none"},
    ]
    return {
        "schema_version": 1, "filing_id": "FJ-TEST-0001", "version": 1,
        "processor": {"id": PROCESSOR, "name": "测试零售有限公司", "uscc": make_uscc("350200", "MA2XT0Q1"),
                      "zone": "fujian-ftz", "ciio": False, "industry": "零售业"},
        "scenarios": [{"id": "membership", "name": "会员管理", "purpose": "会员订单服务",
                       "mechanism": "standard_contract_or_certification"}],
        "datasets": [{"name": "customers", "scenario": "membership", "files": ["customers*.csv"], "format": "csv",
                      "recipients": [RECIPIENT], "fields": fields}],
        "scale": {"persons": 1000, "sensitive_persons": 0, "records": 1000},
        "recipients": [{"name": RECIPIENT, "country": COUNTRY, "transfer_method": "API"}],
        "filed_on": "2025-12-26", "approved_on": "2026-01-05",
    }  # fmt: skip


@dataclass
class Case:
    filing: dict[str, Any] = field(default_factory=base_filing)
    columns: dict[str, list[str]] = field(default_factory=dict)
    extra_files: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    manifest: dict[str, str] = field(default_factory=lambda: {"recipient": RECIPIENT, "country": COUNTRY})
    day: str = DAY

    def write(self, root: Path) -> tuple[Path, Path]:
        """Write filing.yaml and exports/<day>/ (with _manifest.yaml); returns (filing, exports)."""
        exports = root / "exports" / self.day
        exports.mkdir(parents=True)
        files = {"customers_20260302.csv": self.columns, **self.extra_files}
        for name, cols in files.items():
            with (exports / name).open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(list(cols))
                w.writerows(zip(*cols.values(), strict=True))
        manifest = {"files": {name: dict(self.manifest) for name in files}}
        (exports / "_manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
        filing = root / "filing.yaml"
        filing.write_text(yaml.safe_dump(self.filing, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return filing, root / "exports"


def base_columns(p: People) -> dict[str, list[str]]:
    return {"姓名": p.names, "身份证号": p.ids, "手机号": p.mobiles, "卡号": [masked_card(c) for c in p.cards],
            "备注": ["无" if i % 3 else "" for i in range(len(p.names))]}


def field_of(filing: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in filing["datasets"][0]["fields"] if f["name"] == name)


def case(kind: str, p: People) -> Case:
    """A filing and exports violating exactly the check `kind` ("none": violating nothing)."""
    c = Case(columns=base_columns(p))
    f = c.filing
    if kind == "undeclared_dataset":
        c.extra_files["invoices_20260302.csv"] = {"invoice_no": [f"INV{i:05d}" for i in range(ROWS)],
                                                  "amount": [f"{i * 3.5:.2f}" for i in range(ROWS)]}
    elif kind == "undeclared_field":
        c.columns["邮箱"] = p.emails
    elif kind == "undeclared_entity":
        c.columns["备注"] = p.mobiles[::-1]
    elif kind == "undeclared_category":  # cards filed as personal PI: the category is more sensitive
        f["datasets"][0]["fields"].append({"name": "银行卡", "data_item": "银行卡号", "entities": ["BANK_CARD"],
                                           "category": "personal"})
        c.columns["银行卡"] = p.cards
        f["scale"]["sensitive_persons"] = 1000
    elif kind == "masked_in_clear":
        c.columns["卡号"] = p.cards
        f["scale"]["sensitive_persons"] = 1000
    elif kind == "recipient_not_filed":
        c.manifest["recipient"] = "Unfiled Analytics Inc."
    elif kind == "recipient_country":
        c.manifest["country"] = "US"
    elif kind == "scale_persons":
        f["scale"] |= {"persons": 20}
    elif kind == "scale_persons_minor":
        f["scale"] |= {"persons": 45}
    elif kind == "scale_sensitive_persons":
        card = field_of(f, "卡号")
        card["masked"] = False
        card.pop("masking")
        c.columns["卡号"] = p.cards
    elif kind == "scale_records":
        f["scale"] |= {"records": 40}
    elif kind == "scenario_not_filed":
        c.manifest["scenario"] = "marketing"
    elif kind != "none":
        raise ValueError(kind)
    c.filing = copy.deepcopy(f)
    return c
