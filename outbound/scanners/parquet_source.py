"""Parquet: columns cast to text by Arrow, structs flattened to dotted names.

A list of structs holds rows of its own, one per struct ("guests[].id_no", as in JSON: see
nesting.py); a file with one is read through Python objects, and its rows are then not records.

Arrow's own cast keeps int64 identifiers exact (no float detour) and decimals as written; lists
and maps, which Arrow cannot cast to text, become their JSON text like in the JSON formats.
Row counts come from the footer, so `count_rows` reads no data.

A large file is sampled from the first rows of up to `MAX_ROW_GROUPS` seeded row groups (all
groups when there are fewer), `candidate_rows(n)` rows in all, read through a buffered stream so
that only the first pages of each column chunk are fetched (a whole column chunk otherwise).
Parquet cannot start mid-group without its page index, which pyarrow does not expose for
reading, so a file written as one huge row group is sampled from its head. Row positions are
exact (group starts come from the footer).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from outbound.scanners import sampling
from outbound.scanners.base import Source, cell_text, text_frame
from outbound.scanners.nesting import UNITS, flatten_rows, has_units

log = logging.getLogger(__name__)
STREAM_BUFFER_BYTES = 64 << 10  # read column chunks page by page, not whole


def struct_of_list(kind: pa.DataType) -> pa.StructType | None:
    """The struct type of a list of structs (its objects are rows of their own: nesting.py)."""
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        value = kind.value_type
        return value if pa.types.is_struct(value) else None
    return None


def flat_names(field: pa.Field, prefix: str = "") -> list[str]:
    """Leaf names of a field, as Table.flatten() spells them ("guest.id_no"); the fields of a list
    of structs as nesting.flatten spells them ("guests[].id_no")."""
    name = f"{prefix}{field.name}"
    if pa.types.is_struct(field.type):
        return [leaf for child in field.type for leaf in flat_names(child, f"{name}.")]
    if (struct := struct_of_list(field.type)) is not None:
        return [leaf for child in struct for leaf in flat_names(child, f"{name}{UNITS}.")]
    return [name]


def _holds_lists_of_structs(kind: pa.DataType) -> bool:
    if pa.types.is_struct(kind):
        return any(_holds_lists_of_structs(child.type) for child in kind)
    return struct_of_list(kind) is not None


def _python_text(value: object) -> str | None:
    """A plain value Arrow gave as a Python object, as text (bytes as in `arrow_text`)."""
    if isinstance(value, bytes):
        return _bytes_text(value)
    return cell_text(value)


def rows_frame(table: pa.Table, columns: list[str]) -> pd.DataFrame:
    """Records holding lists of structs, as nesting.flatten_rows reads them: one row per object."""
    rows = [row for record in table.to_pylist() for row in flatten_rows(record, _python_text)]
    return text_frame({c: [r.get(c) for r in rows] for c in columns})


def flatten_table(table: pa.Table) -> pa.Table:
    while any(pa.types.is_struct(f.type) for f in table.schema):
        table = table.flatten()
    return table


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str) if value else None


def arrow_text(column: pa.ChunkedArray) -> list[str | None]:
    """One column as Python str/None; empty strings become None like in every format."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
        kind = column.type
    if (
        pa.types.is_list(kind)
        or pa.types.is_large_list(kind)
        or pa.types.is_map(kind)
        or pa.types.is_fixed_size_list(kind)
    ):
        return [_json_text(v) for v in column.to_pylist()]
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind):
        # Bytes that are not UTF-8 are shown as hex rather than replaced with U+FFFD.
        return [None if v is None else _bytes_text(v) for v in column.to_pylist()]
    if pa.types.is_float64(kind):  # as the full pass reads it: DuckDB's cast is Python's repr (13812345678.0),
        return [None if v is None else repr(v) for v in column.to_pylist()]  # Arrow's gives 1.3812345678e+10
    try:
        values = pc.cast(column, pa.string()).to_pylist()
    except pa.ArrowNotImplementedError:
        values = [cell_text(v) for v in column.to_pylist()]
    return [v or None for v in values]


def _bytes_text(value: bytes) -> str | None:
    try:
        return value.decode("utf-8") or None
    except UnicodeDecodeError:
        return "0x" + value.hex()


class ParquetSource(Source):
    format = "parquet"
    suffixes = (".parquet", ".pq")
    read_errors = (*Source.read_errors, pa.ArrowException)

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        """`encoding` is ignored: Parquet strings are UTF-8 by definition."""
        super().__init__(path)
        with self._reading():
            self._file = pq.ParquetFile(self.path)
        self._roots: dict[str, str] = {
            leaf: field.name for field in self._file.schema_arrow for leaf in flat_names(field)
        }
        self._nested = {field.name for field in self._file.schema_arrow if _holds_lists_of_structs(field.type)}

    def columns(self) -> list[str]:
        return list(self._roots)

    def rows_are_records(self, columns: Sequence[str]) -> bool:
        return not has_units(columns)  # the objects of an array are rows of their own

    def count_rows(self) -> int:
        return int(self._file.metadata.num_rows)

    def _frames(self, batch_rows: int, columns: list[str] | None) -> Iterator[pd.DataFrame]:
        wanted = columns if columns is not None else self.columns()
        roots = list(dict.fromkeys(self._roots[c] for c in wanted))
        if not roots:
            return
        for batch in self._file.iter_batches(batch_size=batch_rows, columns=roots):
            yield self._frame(pa.Table.from_batches([batch]), wanted, roots)

    def _frame(self, table: pa.Table, columns: list[str], roots: list[str]) -> pd.DataFrame:
        """Arrow's text cast, column by column; through Python when a list of structs is read,
        whose objects are rows of their own (nesting.py). Such a file's rows are not records."""
        if self._nested.intersection(roots):
            return rows_frame(table, columns)
        table = flatten_table(table)
        return text_frame({c: arrow_text(table.column(c)) for c in columns})

    # -- sampling a large file ----------------------------------------------------------------

    def _read_whole(self, n: int) -> bool:
        rows = self.count_rows()
        return rows <= sampling.candidate_rows(n) or super()._read_whole(n)

    def _sample_part(self, n: int, seed: int) -> tuple[pd.DataFrame, list[str]]:
        meta = self._file.metadata
        sizes = [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
        starts = [sum(sizes[:g]) for g in range(len(sizes))]
        count = min(len(sizes), sampling.MAX_ROW_GROUPS)
        chosen = sorted(sampling.window_rng(seed).choice(len(sizes), size=count, replace=False).tolist())
        per_group = math.ceil(sampling.candidate_rows(n) / count)
        columns = self.columns()
        roots = list(dict.fromkeys(self._roots[c] for c in columns))
        streamed = pq.ParquetFile(self.path, metadata=meta, buffer_size=STREAM_BUFFER_BYTES, pre_buffer=False)
        frames = []
        numbered = 0
        for group in chosen:
            batches = streamed.iter_batches(batch_size=per_group, row_groups=[group], columns=roots)
            batch = next(iter(batches), None)
            if batch is None:
                continue
            frame = self._frame(pa.Table.from_batches([batch]), columns, roots)
            if self._nested.intersection(roots):  # rows, not records: numbered in file order
                frame.index = pd.RangeIndex(numbered, numbered + len(frame))
                numbered += len(frame)
            else:
                frame.index = pd.RangeIndex(starts[group], starts[group] + len(frame))
            frames.append(frame)
        log.info(
            "sampled %s from the first %d rows of %d of %d row groups",
            self.path,
            per_group,
            count,
            len(sizes),
        )
        return sampling.sample_rows(frames, n, seed), columns
