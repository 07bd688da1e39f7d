"""Build a whole corpus: plan every file, generate its cells with the mess of real exports, write
it, and write `truth.json` beside it. Deterministic in (seed, files, rows); cached by that key.

Mess added to every column: 0-20 % empty cells (some columns none), and in a quarter of the
columns stray spaces around 5-15 % of the values.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

from tests.eval import decoys as dc
from tests.eval import text_values as tv
from tests.eval import values as vv
from tests.eval.plan import ColumnPlan, FilePlan, plan_file
from tests.eval.remarks import RemarkColumn
from tests.eval.truth import ColumnTruth, load, save
from tests.eval.values import Gen
from tests.eval.writers import write_table

VERSION = 4  # bump when generation changes, so cached corpora are rebuilt
Cell = str | None

PI: dict[str, Callable[[Gen, str], str]] = {
    "PERSON_NAME": tv.person_name, "CN_RESIDENT_ID": vv.resident_id, "PASSPORT_NUMBER": vv.passport,
    "HK_MACAO_PERMIT": vv.hk_macao_permit, "TAIWAN_PERMIT": vv.taiwan_permit, "CN_MOBILE": vv.mobile,
    "PHONE_NUMBER": vv.phone, "EMAIL_ADDRESS": vv.email, "ADDRESS": tv.address, "BANK_CARD": vv.bank_card,
    "IP_ADDRESS": vv.ip_address, "DEVICE_ID": vv.device_id, "LICENSE_PLATE": vv.license_plate,
    "GEO_COORDINATE": vv.coordinate, "DATE_OF_BIRTH": vv.date_of_birth, "HEALTH_INFO": tv.health_info,
    "CN_USCC": vv.uscc,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    seed: int = 20260301
    files: int = 63
    min_rows: int = 150
    max_rows: int = 2500

    @property
    def key(self) -> str:
        return f"v{VERSION}-seed{self.seed}-files{self.files}-rows{self.min_rows}-{self.max_rows}"


class _Fakers:
    """Faker instances are slow to build (~0.1 s): one per locale, reseeded per column."""

    def __init__(self) -> None:
        self.zh, self.en = Faker("zh_CN"), Faker("en_US")

    def gen(self, seed: str) -> Gen:
        rng = random.Random(seed)
        self.zh.seed_instance(rng.getrandbits(32))
        self.en.seed_instance(rng.getrandbits(32))
        return Gen(rng=rng, zh=self.zh, en=self.en)


def _messy(g: Gen, cells: list[str]) -> list[Cell]:
    blank = g.rng.choice((0.0, 0.0, g.rng.uniform(0.0, 0.2)))
    pad = g.rng.uniform(0.05, 0.15) if g.rng.random() < 0.25 else 0.0
    out: list[Cell] = []
    for cell in cells:
        if g.rng.random() < blank:
            out.append(None)
        elif g.rng.random() < pad:
            out.append(g.rng.choice((" ", "  ", "")) + cell + g.rng.choice((" ", "", "\t")))
        else:
            out.append(cell)
    return out


def _column(fakers: _Fakers, seed: int, plan: FilePlan, col: ColumnPlan) -> tuple[list[Cell], tuple[str, ...]]:
    g = fakers.gen(f"cells-{seed}-{plan.index}-{col.name}")
    if col.kind == "remark":
        remark = RemarkColumn(g, col.variant)
        cells = [remark.cell(g) for _ in range(plan.rows)]
        return _messy(g, cells), remark.entities
    make = PI.get(col.key) or dc.DECOYS[col.key]
    cells = [make(g, col.variant) for _ in range(plan.rows)]
    messy = [c if c and c.strip() else None for c in _messy(g, cells)]  # a sparse decoy's "" is an empty cell
    return messy, ((col.entity,) if col.entity else ())


COMPLEMENT_SHARE = (0.05, 0.3)  # rows whose resident ID is emptied for a foreign passport


def complement(fakers: _Fakers, seed: int, plan: FilePlan, table: dict[str, list[Cell]]) -> None:
    """Fill each `complement` passport column exactly on the rows where the resident ID is empty,
    after emptying the resident ID on a share of rows (the foreign guests)."""
    ids = next((c.name for c in plan.columns if c.key == "CN_RESIDENT_ID"), None)
    for col in plan.columns:
        if col.variant != "complement":
            continue
        g = fakers.gen(f"complement-{seed}-{plan.index}-{col.name}")
        if ids is None:  # no resident ID in this file: plain foreign passports on every row
            table[col.name] = [vv.foreign_passport(g) for _ in range(plan.rows)]
            continue
        share = g.rng.uniform(*COMPLEMENT_SHARE)
        table[ids] = [None if g.rng.random() < share else c for c in table[ids]]
        table[col.name] = [vv.foreign_passport(g) if c is None else None for c in table[ids]]


def build(spec: CorpusSpec, folder: Path) -> list[ColumnTruth]:
    """Write every file of `spec` under `folder` and return (and save) the truth."""
    fakers = _Fakers()
    truth: list[ColumnTruth] = []
    for index in range(spec.files):
        plan = plan_file(spec.seed, index, spec.min_rows, spec.max_rows)
        table: dict[str, list[Cell]] = {}
        for col in plan.columns:
            table[col.name], entities = _column(fakers, spec.seed, plan, col)
            truth.append(ColumnTruth(plan.relpath, plan.fmt, col.name, col.entity, entities, col.kind,
                                     col.header_kind, col.detail, plan.theme))  # fmt: skip
        complement(fakers, spec.seed, plan, table)
        path = folder / plan.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        write_table(path, plan.fmt, table, random.Random(f"write-{spec.seed}-{index}"))
    save(truth, folder / "truth.json")
    return truth


def cached(spec: CorpusSpec, root: Path) -> tuple[Path, list[ColumnTruth]]:
    """The corpus of `spec` under `root/<key>`, built once (a `truth.json` marks it complete)."""
    folder = root / spec.key
    if (folder / "truth.json").exists():
        return folder, load(folder / "truth.json")
    partial = root / f".{spec.key}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    truth = build(spec, partial)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder, truth
