"""The truth about one generated column, and the category each entity must get.

Categories follow GB/T 45574-2025 as summarised in the project's regulation reference (§11):
identity-document numbers and contact data alone are personal; bank cards, health information
and precise coordinates are sensitive; a USCC names an organisation, so it has no PI category.
They are written here, not read from `rules/`, so that a wrong rule file shows up as an error.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

ENTITIES = (
    "PERSON_NAME", "CN_RESIDENT_ID", "PASSPORT_NUMBER", "HK_MACAO_PERMIT", "TAIWAN_PERMIT", "CN_MOBILE",
    "PHONE_NUMBER", "EMAIL_ADDRESS", "ADDRESS", "BANK_CARD", "IP_ADDRESS", "DEVICE_ID", "LICENSE_PLATE",
    "GEO_COORDINATE", "DATE_OF_BIRTH", "HEALTH_INFO", "CN_USCC",
)  # fmt: skip
SENSITIVE = frozenset({"BANK_CARD", "HEALTH_INFO", "GEO_COORDINATE"})
NOT_PI = frozenset({"CN_USCC"})


def expected_category(entity: str | None) -> str | None:
    if entity is None or entity in NOT_PI:
        return None
    return "sensitive" if entity in SENSITIVE else "personal"


@dataclass(frozen=True, slots=True)
class ColumnTruth:
    """One column of one generated file, named as the scanner will name it."""

    file: str  # path relative to the corpus folder
    format: str  # csv-utf8, csv-gb, csv-gz, jsonl, json, parquet, xlsx
    column: str  # dotted for nested JSON ("guest.id_no")
    entity: str | None  # main entity; None for decoys
    entities: tuple[str, ...]  # every entity present (remarks may hold several)
    kind: str  # pi | remark | decoy
    header_kind: str  # zh | en | pinyin | obfuscated
    detail: str  # generator variant or decoy name, e.g. "imei", "latlon", "order_no_ric"
    theme: str

    @property
    def category(self) -> str | None:
        return expected_category(self.entity)


def save(truth: list[ColumnTruth], path: Path) -> None:
    path.write_text(json.dumps([asdict(t) for t in truth], ensure_ascii=False, indent=1), encoding="utf-8")


def load(path: Path) -> list[ColumnTruth]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [ColumnTruth(**{**r, "entities": tuple(r["entities"])}) for r in rows]
