"""A filing (filing.yaml, schema in docs/filing.md) for each fictional processor of the demo zone.

Built from the processor's profile (identity, declared scale, recipients, declared fields), so
the filing says what the company believes it sends. What the exports really hold differs on
purpose, for the spot check to find:
- sh-hotel files 0 sensitive persons, but a few guests are children under 14;
- sh-retail files `card_no` as masked (first 6 and last 4 kept), but sends complete card numbers,
  and more persons with sensitive PI than it declared;
- sh-shipping leaves `health_note` out of its catalogue.
Fixed dates, no randomness: the same zone always gets the same filings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# per processor: field name -> (data item, entities, category, masking or None)
FIELDS: dict[str, dict[str, tuple[str, list[str], str, str | None]]] = {
    "sh-hotel": {
        "姓名": ("姓名", ["PERSON_NAME"], "personal", None),
        "身份证号": ("身份证号码", ["CN_RESIDENT_ID"], "personal", None),
        "手机号": ("手机号码", ["CN_MOBILE"], "personal", None),
        "入住日期": ("入住日期", [], "none", None),
        "房号": ("房间号", [], "none", None),
        "订单号": ("订单号", [], "none", None),
        "备注": ("备注", [], "none", None),
        "booking_id": ("预订号", [], "none", None),
        "guest.name": ("姓名", ["PERSON_NAME"], "personal", None),
        "guest.passport_no": ("护照号码", ["PASSPORT_NUMBER"], "personal", None),
        "guest.email": ("电子邮箱", ["EMAIL_ADDRESS"], "personal", None),
        "stay.nights": ("入住晚数", [], "none", None),
    },
    "sh-retail": {
        "member_id": ("会员号", [], "none", None),
        "xm": ("姓名", ["PERSON_NAME"], "personal", None),
        "sjh": ("手机号码", ["CN_MOBILE"], "personal", None),
        "email": ("电子邮箱", ["EMAIL_ADDRESS"], "personal", None),
        "card_no": ("银行卡号（去标识化）", ["BANK_CARD"], "sensitive", "first 6 and last 4 digits kept, rest *"),
        "sku": ("商品编码", [], "none", None),
        "amount": ("订单金额", [], "none", None),
        "order_time": ("下单时间", [], "none", None),
        "birthday": ("出生日期", ["DATE_OF_BIRTH"], "personal", None),
    },
    "sh-shipping": {
        "crew_name": ("船员姓名", ["PERSON_NAME"], "personal", None),
        "id_no": ("身份证号码", ["CN_RESIDENT_ID"], "personal", None),
        "c07": ("联系电话", ["CN_MOBILE"], "personal", None),
        "rank": ("职务", [], "none", None),
        "vessel_imo": ("船舶IMO编号", [], "none", None),
        "mmsi": ("船舶MMSI", [], "none", None),
    },
}
SCENARIOS: dict[str, dict[str, Any]] = {
    "sh-hotel": {"id": "guest-stay", "name": "住客登记与预订",
                 "purpose": "集团境外总部为住客办理预订、入住与会员服务",
                 "mechanism": "standard_contract_or_certification"},
    "sh-retail": {"id": "membership", "name": "会员管理", "purpose": "境外CRM服务商为会员提供订单与积分服务",
                  "uses_list": {"list_id": "cn-sh-ftz-lingang-negative-list-2024",
                                "scenario": "sh24-membership-management"}},
    "sh-shipping": {"id": "crew-management", "name": "船员管理", "purpose": "境外船员劳务公司办理船员派遣与证书",
                    "mechanism": "standard_contract_or_certification"},
}  # fmt: skip
APPROVED = {"sh-hotel": dt.date(2025, 3, 10), "sh-retail": dt.date(2025, 4, 15), "sh-shipping": dt.date(2025, 2, 20)}
SCALE = {"sh-retail": {"records": 120_000}}
METHOD = "SFTP push, daily"


def filing_for(profile: dict[str, Any]) -> dict[str, Any]:
    """The filing of one demo processor, as plain data ready for filing.yaml."""
    proc, lite = profile["processor"], profile["filing"]
    pid, fields, scenario = proc["id"], FIELDS[proc["id"]], SCENARIOS[proc["id"]]
    approved = APPROVED[pid]
    datasets = [{
        "name": d["name"], "scenario": scenario["id"], "files": [f"{d['name'].removesuffix('s')}*.{d['format']}"],
        "format": d["format"], "recipients": [d["recipient"]],
        "fields": [_field(name, *fields[name]) for name in d["fields"]],
    } for d in lite["datasets"]]  # fmt: skip
    return {
        "schema_version": 1,
        "filing_id": f"DEMO-{pid.upper()}-{approved:%Y}",
        "version": 1,
        "processor": {k: proc[k] for k in ("id", "name", "uscc", "zone", "ciio", "industry")},
        "scenarios": [scenario],
        "datasets": datasets,
        "scale": {"persons": lite["declared_persons_per_year"],
                  "sensitive_persons": lite["declared_sensitive_persons_per_year"], **SCALE.get(pid, {})},
        "recipients": [{"name": r["name"], "country": r["country"], "contact": f"dpo@{_domain(r['name'])}",
                        "transfer_method": METHOD} for r in profile["recipients"]],
        "filed_on": (approved - dt.timedelta(days=14)).isoformat(),
        "approved_on": approved.isoformat(),
    }


def _field(name: str, item: str, entities: list[str], category: str, masking: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "data_item": item, "entities": entities, "category": category}
    if masking:
        out |= {"masked": True, "masking": masking}
    return out


def _domain(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:16] + ".example"
