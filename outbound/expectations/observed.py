"""What a spot check saw, as records without raw values, and the frames GX validates.

The app (outbound/spot_check.py) fills these from sampling and classification; from here on
only labels, counts, shapes and masked examples travel. A *shape* keeps a value's form and drops
its content (digit → 9, ASCII letter → a, CJK → 字, masking characters → *): enough to tell a
complete identifier from a masked one, never enough to recover it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

UNDECLARED = "UNDECLARED"  # a dataset or field the filing does not name
UNKNOWN = "UNKNOWN"  # a recipient, country or scenario the export did not state
NONE = "NONE"  # a column where the classifier found no entity / category
_MASK_CHARS = frozenset("*#×•")  # not x/X: letters, and a resident ID may end in X


def shape(value: str) -> str:
    out = []
    for ch in value.strip():
        if ch.isdigit() and ch.isascii():
            out.append("9")
        elif ch.isascii() and ch.isalpha():
            out.append("a")
        elif ch in _MASK_CHARS:
            out.append("*")
        elif re.match(r"[\u3400-\u9fff]", ch):
            out.append("字")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class ObservedColumn:
    name: str
    field_ref: str  # datasets[i].fields[j], or UNDECLARED
    entities: tuple[str, ...]  # every entity the classifier found, main first; () for none
    category: str  # personal | sensitive | important | NONE
    rows_sampled: int
    rows_filled: int  # sampled rows with a non-empty cell
    rows_matched: int  # sampled rows whose cell validated as the main entity
    masked_examples: tuple[str, ...] = ()  # masking.mask() of a few sampled cells
    shapes: tuple[str, ...] = ()  # shapes of the sampled non-empty cells (masked fields only)
    masked_values: tuple[str, ...] = ()  # masking.mask() of the same cells, aligned with `shapes`


@dataclass(frozen=True, slots=True)
class ListHit:
    """A column matched a list entry (数据子类); its volume level, when it has one, decides whether it applies."""

    column: str
    list_id: str
    entry: str
    verified: bool
    counter: str | None = None  # pi_non_sensitive_persons | spi_persons | records
    at_least: int | None = None
    below: int | None = None

    def applies(self, v: Volumes) -> bool:
        """Within the entry's volume level; True when there is no level or the count is not known."""
        measured = {"pi_non_sensitive_persons": None if v.persons is None or v.sensitive_persons is None
                    else v.persons - v.sensitive_persons,
                    "spi_persons": v.sensitive_persons, "records": v.records}.get(self.counter or "")
        if measured is None:
            return True
        return (self.at_least is None or measured >= self.at_least) and (self.below is None or measured < self.below)


@dataclass(frozen=True, slots=True)
class ObservedFile:
    path: str  # as shown in reports: relative to the sample root when there is one
    sha256: str
    format: str
    dataset_ref: str  # datasets[i] or UNDECLARED
    dataset: str  # the filed dataset's name, or UNDECLARED
    recipient: str  # UNKNOWN when no manifest, option or warehouse record names one
    country: str  # UNKNOWN unless the export states it
    scenario: str  # the scenario tag of the export, else the filed dataset's scenario, else UNKNOWN
    rows_total: int
    rows_sampled: int
    columns: tuple[ObservedColumn, ...]
    list_hits: tuple[ListHit, ...] = ()


@dataclass(frozen=True, slots=True)
class Volumes:
    year: int
    persons: int | None
    sensitive_persons: int | None
    records: int | None
    basis: str  # where the counts come from, in words
    by_recipient: tuple[tuple[str, int, int], ...] = ()  # (recipient, persons, sensitive persons)


@dataclass(frozen=True)
class Observation:
    processor: str
    files: tuple[ObservedFile, ...]
    volumes: Volumes
    notes: list[str] = field(default_factory=list)


def frames(obs: Observation, declared: dict[str, int | None]) -> dict[str, pd.DataFrame]:
    """The four frames the compiled suites validate. `row` joins a frame row back to `obs`."""
    files = pd.DataFrame([
        {"row": i, "file": f.path, "dataset_ref": f.dataset_ref, "recipient": f.recipient,
         "recipient_country": f"{f.recipient}|{f.country}", "country": f.country, "scenario": f.scenario}
        for i, f in enumerate(obs.files)
    ], columns=["row", "file", "dataset_ref", "recipient", "recipient_country", "country", "scenario"])  # fmt: skip
    cols, values, hits = [], [], []
    for i, f in enumerate(obs.files):
        for j, c in enumerate(f.columns):
            for entity in c.entities or (NONE,):
                cols.append({"row": f"{i}.{j}", "file": f.path, "dataset_ref": f.dataset_ref, "column": c.name,
                             "field_ref": c.field_ref, "entity": entity, "category": c.category})
            values += [{"row": f"{i}.{j}.{k}", "field_ref": c.field_ref, "shape": s} for k, s in enumerate(c.shapes)]
        hits += [{"row": f"{i}.{k}", "file": f.path, "scenario": f.scenario, "column": h.column, "list_id": h.list_id,
                  "entry": h.entry, "verified": h.verified, "applies": h.applies(obs.volumes)}
                 for k, h in enumerate(f.list_hits)]  # fmt: skip
    v = obs.volumes
    volumes = pd.DataFrame([
        {"row": name, "counter": name, "measured": measured, "declared": declared.get(name)}
        for name, measured in (("persons", v.persons), ("sensitive_persons", v.sensitive_persons),
                               ("records", v.records)) if measured is not None
    ], columns=["row", "counter", "measured", "declared"])  # fmt: skip
    return {
        "files": files,
        "columns": pd.DataFrame(cols, columns=["row", "file", "dataset_ref", "column", "field_ref", "entity",
                                               "category"]),
        "values": pd.DataFrame(values, columns=["row", "field_ref", "shape"]),
        "list_hits": pd.DataFrame(hits, columns=["row", "file", "scenario", "column", "list_id", "entry",
                                                 "verified", "applies"]),
        "volumes": volumes,
    }
