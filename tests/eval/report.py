"""The numbers the issue's targets are stated in, and the table `make eval` prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from tests.eval import metrics as m
from tests.eval.metrics import Counts, Key, Prediction
from tests.eval.truth import ENTITIES, ColumnTruth

CHECKSUM_BACKED = ("CN_RESIDENT_ID", "CN_USCC", "BANK_CARD")


@dataclass(frozen=True)
class Summary:
    entities: dict[str, Counts]
    obfuscated: dict[str, Counts]
    overall: Counts
    overall_obfuscated: Counts
    imei: Counts  # DEVICE_ID restricted to the IMEI columns (recall) — precision is DEVICE_ID's
    decoy_hits: list[tuple[ColumnTruth, Prediction]]
    decoys: int
    categories: tuple[int, int]
    remark_entities: tuple[int, int]

    @classmethod
    def of(cls, truth: list[ColumnTruth], predictions: Mapping[Key, Prediction]) -> Summary:
        entities = m.per_entity(truth, predictions)
        obfuscated = m.per_entity(truth, predictions, lambda t: t.header_kind == "obfuscated")
        imei = m.per_entity(truth, predictions, lambda t: t.detail == "imei")["DEVICE_ID"]
        return cls(
            entities=entities,
            obfuscated=obfuscated,
            overall=m.micro(entities),
            overall_obfuscated=m.micro(obfuscated),
            imei=Counts(imei.tp, entities["DEVICE_ID"].fp, imei.fn),
            decoy_hits=m.decoy_hits(truth, predictions),
            decoys=sum(1 for t in truth if t.kind == "decoy"),
            categories=m.category_accuracy(truth, predictions),
            remark_entities=m.entities_recall(truth, predictions),
        )


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _line(label: str, c: Counts) -> str:
    return f"{label:<28} P {fmt(c.precision)}  R {fmt(c.recall)}  F1 {fmt(c.f1)}  (TP {c.tp}, FP {c.fp}, FN {c.fn})"


def _micro(truth: list[ColumnTruth], predictions: Mapping[Key, Prediction], field: str, value: str) -> Counts:
    """Micro-averaged counts over the columns whose truth `field` equals `value`."""
    return m.micro(m.per_entity(truth, predictions, lambda t: getattr(t, field) == value))


def entity_table(s: Summary, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for name in ("entity", "columns", "TP", "FP", "FN", "precision", "recall", "F1", "obf. cols", "obf. F1"):
        table.add_column(name, justify="left" if name == "entity" else "right")
    extra = [e for e in s.entities if e not in ENTITIES]  # entities outside the contract list
    for entity in (*ENTITIES, *extra):
        c, o = s.entities[entity], s.obfuscated.get(entity, Counts())
        table.add_row(entity, str(c.support), str(c.tp), str(c.fp), str(c.fn), fmt(c.precision), fmt(c.recall),
                      fmt(c.f1), str(o.support), fmt(o.f1))  # fmt: skip
    return table


def print_report(
    console: Console, truth: list[ColumnTruth], predictions: Mapping[Key, Prediction], *, title: str, errors: int = 25
) -> Summary:
    s = Summary.of(truth, predictions)
    console.print(entity_table(s, title))
    console.print(_line("overall (micro, all PI)", s.overall))
    console.print(_line("obfuscated headers (micro)", s.overall_obfuscated))
    for kind in ("zh", "en", "pinyin"):
        console.print(_line(f"  {kind} headers", _micro(truth, predictions, "header_kind", kind)))
    for form in dict.fromkeys(t.format for t in truth):
        console.print(_line(f"  format {form}", _micro(truth, predictions, "format", form)))
    console.print(_line("free-text remarks (main)", _micro(truth, predictions, "kind", "remark")))
    console.print(_line("DEVICE_ID on IMEI columns", s.imei))
    found, total = s.remark_entities
    console.print(f"remarks: embedded entities listed in `entities`: {found}/{total}")
    kinds = Counter(t.detail for t, _ in s.decoy_hits)
    console.print(f"decoy false positives: {len(s.decoy_hits)} of {s.decoys} decoy columns"
                  + (f"  {dict(kinds)}" if kinds else ""))  # fmt: skip
    right, total = s.categories
    console.print(f"category accuracy (personal/sensitive/null): {right}/{total} = {right / max(total, 1):.3f}")
    wrong = m.errors(truth, predictions)
    if wrong and errors:
        console.print(f"first {min(errors, len(wrong))} of {len(wrong)} wrong columns (file | column | header | detail: truth -> predicted):")
        for t, p in wrong[:errors]:
            console.print(f"  {t.file} | {t.column} | {t.header_kind} | {t.detail}: {t.entity} -> {p.entity}", markup=False)
    return s
