"""Large exports for the bounded-read check, generated once and cached under `.bench/big-<MB>mb/`.

A block of realistic rows (hotel-style: name, resident ID, mobile, address, plate, amount, order
number, timestamp, remark) is generated with the evaluation's generators and repeated until the
CSV reaches the target size; the Parquet file holds the same rows in row groups of one block.
A 1 MB CSV and Parquet file with the first rows of the block serve as the small reference.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from faker import Faker

from tests.eval import decoys as dc
from tests.eval import text_values as tv
from tests.eval import values as vv

BLOCK_ROWS = 50_000
COLUMNS = {
    "姓名": lambda g: tv.person_name(g, "zh"),
    "身份证号": lambda g: vv.resident_id(g, ""),
    "手机号": lambda g: vv.mobile(g, "mixed"),
    "地址": lambda g: tv.address(g, "zh"),
    "车牌号": lambda g: vv.license_plate(g, ""),
    "amount": lambda g: dc.amount(g, "plain"),
    "order_no": lambda g: dc.order_no(g, "so"),
    "created_at": lambda g: dc.timestamp(g, "iso_space"),
    "备注": lambda g: dc.clean_remark(g, ""),
}


def _block(seed: int) -> dict[str, list[str]]:
    g = vv.Gen(rng=random.Random(seed), zh=Faker("zh_CN"), en=Faker("en_US"))
    g.zh.seed_instance(seed)
    g.en.seed_instance(seed)
    return {name: [make(g) for _ in range(BLOCK_ROWS)] for name, make in COLUMNS.items()}


def _csv_bytes(block: dict[str, list[str]], header: bool, rows: int | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(block)
    writer.writerows(list(zip(*block.values(), strict=True))[:rows])
    return buffer.getvalue().encode("utf-8")


def _write_parquet(path: Path, block: dict[str, list[str]], repeats: int, rows: int | None = None) -> None:
    table = pa.table({k: pa.array(v[:rows], pa.string()) for k, v in block.items()})
    tmp = path.with_suffix(".partial")
    with pq.ParquetWriter(tmp, table.schema) as writer:
        for _ in range(repeats):
            writer.write_table(table, row_group_size=len(table))
    tmp.rename(path)


def ensure(root: Path, target_bytes: int = 1 << 30, small_bytes: int = 1 << 20, seed: int = 7) -> dict[str, Path]:
    """Paths of big.csv, big.parquet, small.csv, small.parquet under `root` (built if missing)."""
    paths = {name: root / name for name in ("big.csv", "big.parquet", "small.csv", "small.parquet")}
    if all(p.exists() for p in paths.values()):
        return paths
    root.mkdir(parents=True, exist_ok=True)
    block = _block(seed)
    body = _csv_bytes(block, header=False)
    repeats = max(1, round(target_bytes / len(body)))
    small_rows = max(1, int(BLOCK_ROWS * small_bytes / len(body)))
    tmp = paths["big.csv"].with_suffix(".partial")
    with tmp.open("wb") as f:
        f.write(_csv_bytes(block, header=True, rows=0))
        for _ in range(repeats):
            f.write(body)
    tmp.rename(paths["big.csv"])
    paths["small.csv"].write_bytes(_csv_bytes(block, header=True, rows=small_rows))
    _write_parquet(paths["big.parquet"], block, repeats)
    _write_parquet(paths["small.parquet"], block, 1, rows=small_rows)
    return paths


def rows_of(path: Path) -> int:
    if path.suffix == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    with path.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b"")) - 1
