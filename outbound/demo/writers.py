"""Byte-for-byte reproducible encoders, and the writer that lays out one processor's folder.

Nothing written carries the time of generation: CSV, JSONL and YAML have no such field, and
Parquet is written by pyarrow straight from arrays (no pandas metadata, fixed `created_by`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from outbound.demo.people import PersonFactory
from outbound.demo.truth import Tally


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, encoding: str, newline: str
) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


def jsonl_bytes(records: Iterable[dict[str, Any]]) -> bytes:
    lines = (json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
    return "".join(line + "\n" for line in lines).encode("utf-8")


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="snappy")
    return bytes(sink.getvalue().to_pybytes())


def yaml_bytes(data: dict[str, Any], *, comment: str | None = None) -> bytes:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=120)
    return ((f"# {comment}\n" if comment else "") + text).encode("utf-8")


class ExportWriter:
    """Writes `<root>/<processor>/exports/<day>/<file>` and each day's `_manifest.yaml`."""

    def __init__(self, zone_root: Path, processor_id: str, recipient: str) -> None:
        self.zone_root, self.processor_id, self.recipient = zone_root, processor_id, recipient
        self._by_day: dict[str, list[str]] = {}

    def rel_path(self, day: dt.date, filename: str) -> str:
        return f"{self.processor_id}/exports/{day.isoformat()}/{filename}"

    def write(self, day: dt.date, filename: str, data: bytes) -> str:
        """Write one export file; return its path relative to the zone root."""
        rel = self.rel_path(day, filename)
        path = self.zone_root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self._by_day.setdefault(day.isoformat(), []).append(filename)
        return rel

    def close(self) -> None:
        for day, names in sorted(self._by_day.items()):
            files = {name: {"recipient": self.recipient} for name in sorted(names)}
            manifest = self.zone_root / self.processor_id / "exports" / day / "_manifest.yaml"
            manifest.write_bytes(yaml_bytes({"files": files}))


@dataclass
class ProcessorRun:
    """Everything one processor's generator needs: its days, randomness, people and outputs."""

    days: tuple[dt.date, ...]
    rng: random.Random
    people: PersonFactory
    writer: ExportWriter
    tally: Tally = field(init=False)

    def __post_init__(self) -> None:
        self.tally = Tally(self.writer.processor_id)

    def rel_path(self, day: dt.date, filename: str) -> str:
        return self.writer.rel_path(day, filename)

    def write(self, day: dt.date, filename: str, data: bytes, *, broken: bool = False) -> str:
        rel = self.writer.write(day, filename, data)
        self.tally.file(rel, broken=broken)
        return rel
