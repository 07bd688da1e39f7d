"""The counting benchmark's corpus: one large export with a known number of distinct persons.

Vectorised (numpy + Arrow) so that 10 million rows are written in seconds, and cached under
`.bench/` keyed by its parameters. Every resident ID carries a valid MOD 11-2 check character,
every mobile a real mainland prefix; `order_no` is an 18-digit decoy shaped like a resident ID
whose check character is always wrong. Persons are drawn with replacement from a population, so
the truth is the number of distinct population members drawn, and the sensitive truth those of
them under 14 on the export date (by the birth date inside their resident ID).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from outbound.demo.identifiers import MOBILE_PREFIXES, RIC_CHECK, RIC_REGIONS, RIC_WEIGHTS

EXPORTED_ON = dt.date(2026, 6, 30)
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红梅鑫波斌宇浩凯健俊帆帅旭宁龙林欣")
CHILD_SHARE = 0.01


@dataclass(frozen=True)
class Corpus:
    csv: Path
    parquet: Path
    rows: int
    persons: int  # distinct persons in the file: the exact answer
    sensitive_persons: int  # of which under 14 on EXPORTED_ON


def _digits(values: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pc.cast(pa.array(values), pa.string()), width, "0")


def _distinct(rng: np.random.Generator, space: int, n: int) -> np.ndarray:
    """`n` distinct integers drawn uniformly from range(space), in random order."""
    drawn = np.unique(rng.integers(0, space, size=int(n * 1.1) + 1000))
    return rng.permutation(drawn)[:n]


def _ric_space(rng: np.random.Generator, n: int, first: dt.date, last: dt.date) -> np.ndarray:
    """`n` distinct 17-digit resident-ID bodies (region, birth date, sequence) born first..last."""
    regions = np.array([int(code) for code, since in RIC_REGIONS if since == 0], dtype=np.int64)
    span, seqs = last.toordinal() - first.toordinal() + 1, 999
    picks = _distinct(rng, len(regions) * span * seqs, n)
    days = (picks % (span * seqs)) // seqs
    births = np.datetime64(first) + days.astype("timedelta64[D]")
    years = births.astype("datetime64[Y]").astype(np.int64) + 1970
    months = births.astype("datetime64[M]").astype(np.int64) % 12 + 1
    mdays = (births - births.astype("datetime64[M]")).astype(np.int64) + 1
    yyyymmdd = years * 10000 + months * 100 + mdays
    return regions[picks // (span * seqs)] * 10**11 + yyyymmdd * 1000 + picks % seqs + 1


def _resident_ids(rng: np.random.Generator, n: int) -> tuple[pa.Array, np.ndarray]:
    """`n` distinct checksum-valid resident IDs (a few of children) and their yyyymmdd births."""
    children = int(n * CHILD_SHARE)
    child_first = EXPORTED_ON - dt.timedelta(days=13 * 365)
    body = np.concatenate([
        _ric_space(rng, n - children, dt.date(1950, 1, 1), dt.date(2008, 12, 31)),
        _ric_space(rng, children, child_first, EXPORTED_ON - dt.timedelta(days=30)),
    ])  # fmt: skip
    body = rng.permutation(body)
    digits = np.stack([(body // 10**k) % 10 for k in range(16, -1, -1)], axis=1)
    check = np.array(list(RIC_CHECK))[(digits * np.array(RIC_WEIGHTS)).sum(axis=1) % 11]
    ids = pc.binary_join_element_wise(_digits(body, 17), pa.array(check), "")
    return ids, (body // 1000) % 10**8


def _mobiles(rng: np.random.Generator, n: int) -> pa.Array:
    prefixes = np.array([int(p) for p in MOBILE_PREFIXES], dtype=np.int64)
    picks = _distinct(rng, len(prefixes) * 10**8, n)
    return _digits(prefixes[picks // 10**8] * 10**8 + picks % 10**8, 11)


def _names(rng: np.random.Generator, n: int) -> pa.Array:
    parts = [pa.array(np.array(SURNAMES)[rng.integers(0, len(SURNAMES), n)])]
    parts += [pa.array(np.array(GIVEN)[rng.integers(0, len(GIVEN), n)]) for _ in range(2)]
    two = rng.random(n) < 0.3
    parts[2] = pc.if_else(pa.array(two), pa.scalar(""), parts[2])
    return pc.binary_join_element_wise(*parts, "")


def _order_numbers(rng: np.random.Generator, rows: int) -> pa.Array:
    """18-digit numbers shaped like resident IDs (district, date, sequence) with a wrong check."""
    body = 310115_2026_0000_000 + rng.integers(0, 10**7, rows)
    digits = np.stack([(body // 10**k) % 10 for k in range(16, -1, -1)], axis=1)
    right = (digits * np.array(RIC_WEIGHTS)).sum(axis=1) % 11
    wrong = (right + 1 + rng.integers(0, 9, rows)) % 11
    return pc.binary_join_element_wise(_digits(body, 17), pa.array(np.array(list(RIC_CHECK))[wrong]), "")


def _table(rows: int, persons: int, seed: int) -> tuple[pa.Table, int, int]:
    rng = np.random.default_rng(seed)
    ids, births = _resident_ids(rng, persons)
    mobiles, names = _mobiles(rng, persons), _names(rng, persons)
    who = rng.integers(0, persons, rows)
    seen = np.unique(who)
    limit = (EXPORTED_ON.year - 14) * 10000 + EXPORTED_ON.month * 100 + EXPORTED_ON.day
    sensitive = int((births[seen] > limit).sum())  # under 14: not yet 14 on the export date
    take = pa.array(who)
    no_mobile = pa.array(rng.random(rows) < 0.05)
    seconds = rng.integers(0, 86400 * 180, rows)
    at = pa.array(np.datetime64("2026-01-01T00:00:00") + seconds.astype("timedelta64[s]"))
    table = pa.table({
        "order_no": _order_numbers(rng, rows),
        "name": names.take(take),
        "id_no": ids.take(take),
        "mobile": pc.if_else(no_mobile, pa.scalar(None, pa.string()), mobiles.take(take)),
        "amount": pc.cast(pa.array(rng.integers(100, 500_000, rows) / 100), pa.string()),
        "created_at": pc.strftime(at, "%Y-%m-%d %H:%M:%S"),
    })  # fmt: skip
    return table, len(seen), sensitive


def corpus(root: Path = Path(".bench"), *, rows: int = 10_000_000, persons: int = 2_000_000, seed: int = 5) -> Corpus:
    """The cached corpus, generated on first use (a few seconds per million rows)."""
    folder = root / f"count-{rows}-{persons}-{seed}"
    truth_file = folder / "truth.json"
    csv_path, parquet_path = folder / "orders.csv", folder / "orders.parquet"
    if not truth_file.exists():
        folder.mkdir(parents=True, exist_ok=True)
        table, n, n_sensitive = _table(rows, persons, seed)
        pq.write_table(table, parquet_path, compression="snappy", row_group_size=1 << 20)
        pacsv.write_csv(table, csv_path, pacsv.WriteOptions(quoting_style="none"))
        truth_file.write_text(json.dumps({"rows": rows, "persons": n, "sensitive_persons": n_sensitive}))
    truth = json.loads(truth_file.read_text())
    return Corpus(csv_path, parquet_path, truth["rows"], truth["persons"], truth["sensitive_persons"])
