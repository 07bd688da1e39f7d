"""What each generated file holds: its theme, format, size and columns. The truth is decided here.

A theme is a kind of export (hotel registrations, shop orders, crew lists, …) listing the columns
it may have, each with a probability and the value variants it may use. File `i` takes theme
`i % len(THEMES)` and format `i % len(FORMATS)`, so a corpus of 63 files covers every pair and a
small one still covers every format. Variants whose values cannot be told apart without a header
(English names, single latitude or longitude columns, day-first dates of birth, English diagnoses,
foreign passports on every row, permits written as one letter and 8 digits — the shape of member
numbers, see the `member_no` decoy) never get an obfuscated header: no classifier could label those
from values alone. Two need the column as a whole, and are often obfuscated: dates of birth (told
from check-in and order dates by their spread over decades) and `complement` passports (9 digits
or a letter and 8 digits, filled exactly on the rows whose resident ID is empty: `corpus.py`), beside
the decoys `sparse_code` (the same shapes on random rows) and `due_date` (dates in the future).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.eval import headers as hd

FORMATS = ("csv-utf8", "csv-gb", "csv-gz", "jsonl", "json", "parquet", "xlsx")
EXTENSIONS = {"csv-utf8": "csv", "csv-gb": "csv", "csv-gz": "csv.gz", "jsonl": "jsonl", "json": "json",
              "parquet": "parquet", "xlsx": "xlsx"}  # fmt: skip
NEEDS_HEADER = {("PERSON_NAME", "en"), ("PASSPORT_NUMBER", "mixed"), ("ADDRESS", "en"), ("GEO_COORDINATE", "lat"),
                ("GEO_COORDINATE", "lon"), ("HEALTH_INFO", "en"), ("DATE_OF_BIRTH", "dmy")}  # fmt: skip
NEEDS_HEADER_ENTITIES = {"HK_MACAO_PERMIT", "TAIWAN_PERMIT"}
# Names and addresses have a target of their own under obfuscated headers: give them more such columns.
OFTEN_OBFUSCATED = {"PERSON_NAME": 0.3, "ADDRESS": 0.3, "DATE_OF_BIRTH": 0.4, "complement": 0.75}
COMPLEMENT = "complement"  # a passport column filled where the resident ID is empty (corpus.complement)
DOB = ("iso", "compact", "zh", "slash", "dot")

# (key, probability, variants). key: an entity, "REMARK" (variants = main entity), "GEO" (a
# lat/lon pair or one combined column), or a decoy name from decoys.DECOYS.
Slot = tuple[str, float, tuple[str, ...]]
THEMES: dict[str, tuple[str, tuple[Slot, ...]]] = {
    "hotel": ("guest", (
        ("PERSON_NAME", 1, ("zh",)), ("CN_RESIDENT_ID", 1, ("",)), ("CN_MOBILE", 0.9, ("plain", "mixed")),
        ("DATE_OF_BIRTH", 0.6, DOB), ("ADDRESS", 0.7, ("zh", "faker_zh")), ("PASSPORT_NUMBER", 0.4, ("cn", COMPLEMENT)),
        ("HK_MACAO_PERMIT", 0.4, ("C", "H")), ("TAIWAN_PERMIT", 0.3, ("T", "L")), ("LICENSE_PLATE", 0.4, ("",)),
        ("order_no_ric", 0.7, ("",)), ("event_date", 0.8, ("iso", "slash")), ("amount", 0.8, ("plain", "yuan")),
        ("sparse_code", 0.4, ("digits", "letter")), ("due_date", 0.3, ("iso",)),
        ("status", 0.5, ("",)), ("city", 0.5, ("",)), ("REMARK", 0.5, ("CN_MOBILE", "CN_RESIDENT_ID", "LICENSE_PLATE")))),
    "retail": ("customer", (
        ("PERSON_NAME", 1, ("zh",)), ("CN_MOBILE", 1, ("plain", "mixed")), ("ADDRESS", 1, ("zh", "faker_zh")),
        ("EMAIL_ADDRESS", 0.6, ("",)), ("BANK_CARD", 0.5, ("plain", "grouped")), ("IP_ADDRESS", 0.5, ("v4", "mixed")),
        ("DATE_OF_BIRTH", 0.2, DOB), ("sku", 0.9, ("",)), ("member_no", 0.5, ("",)), ("product", 0.9, ("",)), ("amount", 0.9, ("plain", "int")),
        ("order_no", 0.8, ("so", "digits", "plain")), ("guid", 0.5, ("lower", "upper", "braced", "hex")),
        ("timestamp", 0.8, ("iso_space", "iso_t", "epoch", "epoch_ms")), ("quantity", 0.6, ("",)), ("city", 0.4, ("",)),
        ("clean_remark", 0.4, ("",)), ("REMARK", 0.4, ("CN_MOBILE", "EMAIL_ADDRESS")))),
    "shipping": ("crew", (
        ("PERSON_NAME", 1, ("en", "zh")), ("PASSPORT_NUMBER", 1, ("mixed", "cn")), ("DATE_OF_BIRTH", 0.8, ("iso", "dmy")),
        ("PHONE_NUMBER", 0.7, ("foreign",)), ("EMAIL_ADDRESS", 0.5, ("",)), ("CN_MOBILE", 0.3, ("plain",)),
        ("CN_RESIDENT_ID", 0.3, ("",)), ("imo", 1, ("",)), ("mmsi", 0.9, ("",)), ("container", 0.7, ("",)),
        ("port", 0.8, ("",)), ("company", 0.6, ("zh", "en")), ("timestamp", 0.5, ("iso_space", "epoch")),
        ("event_date", 0.5, ("iso",)))),
    "clinic": ("patient", (
        ("PERSON_NAME", 1, ("zh",)), ("CN_RESIDENT_ID", 0.9, ("",)), ("HEALTH_INFO", 1, ("zh", "icd", "en")),
        ("CN_MOBILE", 0.8, ("plain", "mixed")), ("DATE_OF_BIRTH", 0.7, DOB), ("ADDRESS", 0.6, ("zh",)),
        ("PHONE_NUMBER", 0.3, ("landline",)), ("amount", 0.8, ("plain",)), ("status", 0.5, ("",)),
        ("guid", 0.5, ("lower", "hex")), ("event_date", 0.8, ("iso", "slash")), ("due_date", 0.4, ("iso",)),
        ("REMARK", 0.4, ("CN_MOBILE", "CN_RESIDENT_ID")))),
    "ride": ("passenger", (
        ("PERSON_NAME", 0.8, ("zh",)), ("CN_MOBILE", 1, ("plain", "mixed")), ("LICENSE_PLATE", 1, ("",)),
        ("GEO", 1, ("pair", "latlon", "lonlat")), ("DEVICE_ID", 0.6, ("imei", "mac")), ("IP_ADDRESS", 0.4, ("v4", "mixed")),
        ("ADDRESS", 0.5, ("zh",)),
        ("timestamp", 1, ("iso_space", "iso_t", "epoch_ms")), ("amount", 1, ("plain",)), ("order_no", 0.7, ("so", "plain")),
        ("guid", 0.4, ("lower",)), ("city", 0.6, ("",)))),
    "bank": ("customer", (
        ("PERSON_NAME", 1, ("zh",)), ("CN_RESIDENT_ID", 1, ("",)), ("BANK_CARD", 1, ("plain", "grouped")),
        ("CN_MOBILE", 0.9, ("plain", "mixed")), ("PHONE_NUMBER", 0.6, ("landline",)), ("ADDRESS", 0.7, ("zh", "faker_zh")),
        ("CN_USCC", 0.5, ("",)), ("EMAIL_ADDRESS", 0.4, ("",)), ("DATE_OF_BIRTH", 0.4, DOB), ("company", 0.6, ("zh",)),
        ("PASSPORT_NUMBER", 0.8, (COMPLEMENT,)), ("sparse_code", 0.4, ("digits", "letter")), ("event_date", 0.5, ("iso",)),
        ("amount", 1, ("plain", "yuan")), ("fx_rate", 0.5, ("",)), ("status", 0.5, ("",)), ("order_no_ric", 0.5, ("",)),
        ("timestamp", 0.5, ("iso_space",)))),
    "iot": ("device", (
        ("DEVICE_ID", 1, ("imei",)), ("DEVICE_ID", 0.8, ("mac",)), ("IP_ADDRESS", 0.9, ("v4", "mixed")),
        ("GEO", 0.7, ("pair", "latlon")), ("CN_MOBILE", 0.4, ("plain",)), ("PERSON_NAME", 0.3, ("zh",)),
        ("guid", 1, ("lower", "upper", "braced")), ("timestamp", 1, ("iso_t", "epoch", "epoch_ms")), ("product", 0.7, ("",)),
        ("status", 0.6, ("",)), ("sku", 0.5, ("",)), ("member_no", 0.6, ("",)))),
    "travel": ("traveller", (
        ("PERSON_NAME", 1, ("zh",)), ("HK_MACAO_PERMIT", 0.7, ("C", "H")), ("TAIWAN_PERMIT", 0.6, ("T", "L")),
        ("PASSPORT_NUMBER", 0.7, ("cn",)), ("CN_MOBILE", 1, ("plain", "mixed")), ("EMAIL_ADDRESS", 0.6, ("",)),
        ("DATE_OF_BIRTH", 0.6, DOB), ("CN_RESIDENT_ID", 0.5, ("",)), ("ADDRESS", 0.4, ("zh",)), ("city", 0.9, ("",)),
        ("amount", 0.8, ("plain", "yuan")), ("order_no", 0.7, ("so", "digits")), ("event_date", 0.7, ("iso",)),
        ("product", 0.3, ("",)), ("REMARK", 0.4, ("CN_MOBILE", "EMAIL_ADDRESS", "CN_RESIDENT_ID")))),
    "suppliers": ("contact", (
        ("CN_USCC", 1, ("",)), ("company", 1, ("zh",)), ("PERSON_NAME", 0.8, ("zh",)), ("CN_MOBILE", 0.8, ("plain", "mixed")),
        ("PHONE_NUMBER", 0.8, ("landline",)), ("EMAIL_ADDRESS", 0.6, ("",)), ("ADDRESS", 0.8, ("zh", "faker_zh")),
        ("city", 0.6, ("",)), ("amount", 0.6, ("plain",)), ("status", 0.4, ("",)), ("clean_remark", 0.5, ("",)))),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    name: str  # as the scanner will report it (dotted when nested)
    key: str  # generator: entity, "REMARK" or decoy name
    entity: str | None  # main entity (remarks: decided by the plan, entities found later)
    variant: str
    kind: str  # pi | remark | decoy
    header_kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class FilePlan:
    index: int
    theme: str
    fmt: str
    rows: int
    columns: tuple[ColumnPlan, ...]

    @property
    def relpath(self) -> str:
        return f"{self.fmt}/{self.index:03d}_{self.theme}.{EXTENSIONS[self.fmt]}"


def _expand(key: str, variant: str) -> list[tuple[str, str, str]]:
    """(generator key, header key, variant) of the columns one slot becomes."""
    if key == "GEO":
        if variant == "pair":
            return [("GEO_COORDINATE", "GEO_LAT", "lat"), ("GEO_COORDINATE", "GEO_LON", "lon")]
        return [("GEO_COORDINATE", "GEO_COORDINATE", variant)]
    return [(key, key, variant)]


def plan_file(seed: int, index: int, min_rows: int, max_rows: int) -> FilePlan:
    rng = random.Random(f"plan-{seed}-{index}")
    themes = list(THEMES)
    theme, fmt = themes[index % len(themes)], FORMATS[index % len(FORMATS)]
    group, slots = THEMES[theme]
    nested = fmt in ("jsonl", "json") and rng.random() < 0.8
    chosen = [(key, rng.choice(variants)) for key, p, variants in slots if rng.random() < p]
    rng.shuffle(chosen)
    columns: list[ColumnPlan] = []
    taken: set[str] = set()
    for key, variant in chosen:
        for gen_key, header_key, var in _expand(key, variant):
            kind = "remark" if gen_key == "REMARK" else "pi" if gen_key.isupper() else "decoy"
            entity = var if kind == "remark" else gen_key if kind == "pi" else None
            pinned = (gen_key, var) in NEEDS_HEADER or gen_key in NEEDS_HEADER_ENTITIES
            if pinned:
                header_kind = hd.pick_kind(rng, hd.KINDS[:3])
            elif (often := OFTEN_OBFUSCATED.get(var if var == COMPLEMENT else gen_key)) and rng.random() < often:
                header_kind = "obfuscated"
            else:
                header_kind = hd.pick_kind(rng)
            header = hd.header(rng, header_key, header_kind, len(columns) + 1, taken)
            name = f"{group}.{header}" if nested and kind == "pi" else header
            detail = var if kind != "decoy" else gen_key
            columns.append(ColumnPlan(name, gen_key, entity, var, kind, header_kind, detail or gen_key))
    return FilePlan(index, theme, fmt, rng.randint(min_rows, max_rows), tuple(columns))
