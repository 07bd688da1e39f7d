"""`python -m bench.freetext`: free-text detection, the fast path against Presidio + the spaCy pipeline.

Generated remarks (`tests/eval/remarks.py` templates: a mobile, resident ID, e-mail, plate, name or
address inside a Chinese or English sentence; a third of the cells clean remarks without anyone
in them) with the truth per cell. For each entity and each path, cell-level precision, recall and
F1 of "this cell holds the entity", counting a match as the vote does without a header (score >=
HEADER_ONLY_BELOW): (a) the fast path, `Recognizer.find` of every recognizer (`matching.text_pass`),
(b) `presidio.freetext.analyze`: an AnalyzerEngine on the shipped spaCy `zh` pipeline with our
recognizers registered. Also the time per cell of each, past start-up. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable

from faker import Faker

from tests.eval.decoys import clean_remark
from tests.eval.remarks import MAKERS, TEMPLATES
from tests.eval.values import Gen

HEADER_ONLY_BELOW = 0.3
Cell = tuple[str, frozenset[str]]
# Beyond the corpus's templates (whose names sit beside a cue: 联系人, 由 … 代收): names and
# addresses inside running sentences, where no cue marks them.
SENTENCES: dict[str, tuple[str, ...]] = {
    "PERSON_NAME": ("请{v}明天回电", "已与{v}确认送货时间", "{v}说下周再来取件", "今天{v}和同事一起入住", "{v}已付款"),
    "ADDRESS": ("客户住在{v}附近", "仓库搬到{v}了", "{v}门口自提"),
}
TEMPLATE_SETS = {e: TEMPLATES[e] + SENTENCES.get(e, ()) for e in TEMPLATES}


def remarks(n: int, seed: int) -> list[Cell]:
    """`n` remark cells with the entities each holds."""
    rng = random.Random(seed)
    zh, en = Faker("zh_CN"), Faker("en_US")
    zh.seed_instance(seed)
    en.seed_instance(seed)
    g = Gen(rng=rng, zh=zh, en=en)
    out: list[Cell] = []
    for _ in range(n):
        if rng.random() < 0.3:
            out.append((clean_remark(g, ""), frozenset()))
            continue
        chosen = rng.sample(sorted(TEMPLATES), rng.choice((1, 1, 2)))
        parts = [rng.choice(TEMPLATE_SETS[e]).format(v=MAKERS[e](g)) for e in chosen]
        out.append((rng.choice(("；", "，", " ")).join(parts), frozenset(chosen)))
    return out


def fast_path(text: str) -> set[str]:
    from outbound.classifiers.matching import matchers

    return {f.entity for m in matchers() for f in m.recognizer.find(text) if not f.needs_header}


def presidio_path(text: str) -> set[str]:
    from outbound.classifiers.presidio.freetext import analyze

    return {r.entity_type for r in analyze(text) if r.score >= HEADER_ONLY_BELOW}


def score(cells: list[Cell], find: Callable[[str], set[str]]) -> tuple[dict[str, tuple[int, int, int]], float]:
    """Per entity (TP, FP, FN) over cells, and the microseconds per cell."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    start = time.perf_counter()
    found = [find(text) for text, _ in cells]
    elapsed = time.perf_counter() - start
    for (_, truth), got in zip(cells, found, strict=True):
        for e in truth | got:
            counts[e][0 if e in truth and e in got else 1 if e in got else 2] += 1
    return {e: (c[0], c[1], c[2]) for e, c in counts.items()}, elapsed / len(cells) * 1e6


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def table(entities: Iterable[str], fast: dict[str, tuple[int, int, int]], pres: dict[str, tuple[int, int, int]]) -> list[str]:
    lines = [f"{'entity':16} {'fast P/R/F1 (FP, FN)':>30} {'presidio P/R/F1 (FP, FN)':>30}  better"]
    for e in entities:
        row = []
        for c in (fast.get(e, (0, 0, 0)), pres.get(e, (0, 0, 0))):
            tp, fp, fn = c
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            row.append(f"{p:.3f}/{r:.3f}/{f1(*c):.3f} ({fp}, {fn})")
        a, b = f1(*fast.get(e, (0, 0, 0))), f1(*pres.get(e, (0, 0, 0)))
        lines.append(f"{e:16} {row[0]:>30} {row[1]:>30}  {'presidio' if b > a else 'fast' if a > b else 'tie'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.freetext", description=__doc__)
    parser.add_argument("--cells", type=int, default=600)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args(argv)
    cells = remarks(args.cells, args.seed)
    fast_path(cells[0][0])  # start-up of both, not measured
    start = time.perf_counter()
    presidio_path(cells[0][0])
    startup = time.perf_counter() - start
    fast, fast_us = score(cells, fast_path)
    pres, pres_us = score(cells, presidio_path)
    entities = sorted(set(TEMPLATES) | set(fast) | set(pres))
    print(f"free text, {len(cells)} generated remarks (seed {args.seed}), {dt.date.today()}")
    print("\n".join(table(entities, fast, pres)))
    print(f"time per cell past start-up: fast {fast_us:.0f} µs, presidio {pres_us:.0f} µs; presidio start-up {startup:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
