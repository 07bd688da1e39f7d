"""JSON Lines (.jsonl/.ndjson) and JSON (.json), with .gz: records flattened to dotted columns.

Exports nest the person inside the booking ({"guest": {"id_no": ...}}); a classifier needs one
column per leaf, so nested objects become "guest.id_no", and the objects of an array rows of their
own ("guests[].id_no": see nesting.py). `count_rows` counts records.
Columns are the union of keys over all records, in order of first appearance, so listing them
reads the whole file once (cached; a whole-file `sample` fills the cache on its own pass). A
sample of a large file reads only some records and has the columns seen in them.

A large plain JSON Lines file is sampled from line windows at seeded byte offsets (windows.py;
a JSON text holds no raw line break, so every line is one record); a .gz one, and a JSON
document, from their first records — a document is streamed (json_items.py), never loaded whole.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from outbound.scanners import sampling
from outbound.scanners.base import TextSource, identifier_kind, looks_like_data, text_frame
from outbound.scanners.encoding import open_text
from outbound.scanners.json_items import JsonShapeError, document_shape, iter_records, iter_values
from outbound.scanners.nesting import Record, flatten_rows, has_units
from outbound.scanners.windows import read_windows

log = logging.getLogger(__name__)
WHOLE_DOCUMENT_BYTES = 128 << 20  # a JSON object that is itself the record is parsed whole


# An object whose members are records is a map of records, not one record: keyed by an identifier
# ({"13812345678": {"name": ...}, ...}), a code or a row number (pandas' to_json(orient="index")),
# or by person ({"applicant": {name, id_no}, "guarantor": {name, id_no}}: members alike, each with
# an identifier), or written by column under row labels (pandas' default to_json(): {"name": {"0":
# ..., "1": ...}, "id_no": {...}}). Read as one record, all its people would be one row, so one
# person. Members named like fields that differ or carry no identifier ({"request": {...},
# "response": {...}}, billing and shipping addresses) stay one record; members that are plain
# values are the map's metadata. A map by column is also told by its identifiers: each column holds
# one kind (pandas' df.set_index("name").to_json(): {"mobile": {"张三": ...}, "email": {"张三": ...}}),
# and a map of plain values that are all identifiers of one kind is a list of them under labels
# ({"张三": "138...", "李四": "139...", ...}: a dict or a pandas Series written as JSON).
# The shapes only this source's reader turns into records (`map_records`, `maps_as_arrays`): the
# full pass reads them through it too (scanners.stream).
READ_BY_PYTHON = frozenset({"keyed", "columns", "pairs", "mapped"})
KEY_COLUMN = "key"  # the member names of a map, as a column ("_key" when a record has a "key")
VALUE_COLUMN = "value"  # the values of a map of plain values that is a list of identifiers
_COLUMN_ROWS = 5  # identifiers of one kind, and nothing else, in one map: a column of them, not fields
_ROW_LIKE_SHARE = 0.9
_CODE = re.compile(r"[A-Za-z_-]*[0-9][A-Za-z0-9_-]*")  # C001, u1001, p2, store0
_MANY_ROWS = 2  # by column under names (not row labels): at least this many rows per column, and 5 rows


def _row_like(keys: Sequence[str]) -> bool:
    """Whether member names are row labels (numbers, codes, identifiers) rather than field names."""
    labels = [k for k in keys if _CODE.fullmatch(k) or looks_like_data([k])]
    return bool(keys) and len(labels) >= _ROW_LIKE_SHARE * len(keys)


def _persons_alike(members: dict[str, dict[str, Any]]) -> bool:
    """Members with the same fields, each holding an identifier (a resident ID, mobile, e-mail)."""
    if len(members) < 2 or len({frozenset(v) for v in members.values()}) != 1:
        return False
    return all(looks_like_data([x for x in v.values() if isinstance(x, str | int)]) for v in members.values())


def _records_under_labels(obj: dict[str, Any]) -> dict[str, dict[str, Any]] | None:
    """The object's non-empty object members when they are records (two at least, and at least
    half of its members; under row labels, or alike and each with an identifier), else None."""
    members = {k: v for k, v in obj.items() if isinstance(v, dict)}
    filled = {k: v for k, v in members.items() if v}
    if len(filled) < 2 or 2 * len(members) < len(obj) or not (_row_like(list(filled)) or _persons_alike(filled)):
        return None
    return filled


def map_shape(doc: object) -> str | None:
    """"keyed" (each member is a record), "columns" (each member is a column of cells under row
    labels), "pairs" (each member is one identifier under a label), "mapped" (one record holding
    maps of records: `maps_as_arrays`) or None (one record)."""
    if not isinstance(doc, dict) or not doc:
        return None
    if all(isinstance(v, dict) and v for v in doc.values()) and not _row_like(list(doc)):
        inner = list(dict.fromkeys(k for v in doc.values() for k in v))
        plain = all(not isinstance(x, dict | list) for v in doc.values() for x in v.values())
        alike = len({frozenset(v) for v in doc.values()}) == 1
        # df.set_index("name").to_json(): two columns at least (one could be a record of many fields)
        many = alike and len(doc) >= 2 and len(inner) >= max(5, _MANY_ROWS * len(doc))
        by_column = (_row_like(inner) or many) and not _persons_alike(doc)
        if plain and (by_column or (alike and _by_identifier_column(doc))):
            return "columns"
    if _records_under_labels(doc) is not None:
        return "keyed"
    if _one_identifier_column(list(doc.values())):
        return "pairs"
    return "mapped" if _holds_map(doc) else None


def _identifier_kinds(values: Iterable[Any]) -> list[str | None]:
    """`identifier_kind` of each non-empty value (None for a value that is no identifier)."""
    return [identifier_kind(v) for v in values if v is not None and str(v).strip()]


def _one_kind(kinds: list[str | None]) -> bool:
    """Whether enough values are all identifiers of one kind: a column of them, not a record's fields."""
    return len(kinds) >= _COLUMN_ROWS and None not in kinds and len(set(kinds)) == 1


def _one_identifier_column(values: list[Any]) -> bool:
    return not any(isinstance(v, dict | list) for v in values) and _one_kind(_identifier_kinds(values))


def _by_identifier_column(doc: dict[str, dict[str, Any]]) -> bool:
    """Maps of plain values with the same labels, each holding identifiers of one kind only (a
    column): several in one map and of different kinds across maps (a row holds a mobile and an
    e-mail, as persons alike hold theirs, but a record holds few of one kind), or many in one map."""
    kinds = [_identifier_kinds(v.values()) for v in doc.values()]
    found = [{k for k in column if k} for column in kinds]
    if any(len(f) > 1 for f in found):
        return False
    several = any(sum(k is not None for k in column) >= 2 for column in kinds)
    return (several and len(set().union(*found)) > 1) or any(_one_kind(column) for column in kinds)


def _holds_map(obj: dict[str, Any]) -> bool:
    """Whether a map of records is nested somewhere in `obj` (what `maps_as_arrays` would turn)."""
    return any(isinstance(v, dict) and (_records_under_labels(v) is not None or _holds_map(v)) for v in obj.values())


def _labelled(key: str, record: dict[str, Any]) -> dict[str, Any]:
    return {("_" + KEY_COLUMN if KEY_COLUMN in record else KEY_COLUMN): key, **record}


def maps_as_arrays(obj: dict[str, Any]) -> dict[str, Any]:
    """`obj` with every nested map of records (`_records_under_labels`) turned into an array of its
    records, each labelled: their rows are then rows of their own (nesting.py), as an array's are."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            records = _records_under_labels(value)
            if records is None:
                out[key] = maps_as_arrays(value)
            else:
                out[key] = [maps_as_arrays(_labelled(k, v)) for k, v in records.items()]
        else:
            out[key] = value
    return out


def map_records(doc: dict[str, Any], shape: str) -> Iterator[dict[str, Any]]:
    """The records of a map (`map_shape`), each with its member name or row label as KEY_COLUMN;
    maps nested in them are arrays of records (`maps_as_arrays`)."""
    if shape == "pairs":
        for key, value in doc.items():
            yield {KEY_COLUMN: key, VALUE_COLUMN: value}
        return
    if shape == "columns":
        labels = dict.fromkeys(k for column in doc.values() for k in column)
        records: dict[str, dict[str, Any]] = {label: {name: column.get(label) for name, column in doc.items()}
                                              for label in labels}  # fmt: skip
    else:
        records = _records_under_labels(doc) or {}
    for key, record in records.items():
        yield maps_as_arrays(_labelled(key, record))


class _JsonBase(TextSource):
    """Shared batching; a subclass says how to walk its records."""

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        super().__init__(path, encoding)
        self._columns: list[str] | None = None

    def _records(self) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def _flat_records(self) -> Iterator[Record]:
        for record in self._records():
            yield from flatten_rows(record)

    def columns(self) -> list[str]:
        if self._columns is None:
            seen: dict[str, None] = {}
            with self._reading():
                for record in self._flat_records():
                    seen.update(dict.fromkeys(record))
            self._columns = list(seen)
        return list(self._columns)

    def _frames(self, batch_rows: int, columns: list[str] | None) -> Iterator[pd.DataFrame]:
        seen: dict[str, None] = {}
        batch: list[Record] = []
        for record in self._flat_records():
            if columns is None:
                seen.update(dict.fromkeys(record))
            batch.append(record)
            if len(batch) >= batch_rows:
                yield self._frame(batch, columns if columns is not None else list(seen))
                batch = []
        if batch:
            yield self._frame(batch, columns if columns is not None else list(seen))
        if columns is None:
            self._columns = list(seen)  # a full pass saw every key

    @staticmethod
    def _frame(batch: list[Record], columns: list[str]) -> pd.DataFrame:
        return text_frame({c: [r.get(c) for r in batch] for c in columns})

    def rows_are_records(self, columns: Sequence[str]) -> bool:
        return not has_units(columns)  # the objects of an array are rows of their own

    def count_rows(self) -> int:
        with self._reading():
            return sum(1 for _ in self._records())


class JsonLinesSource(_JsonBase):
    """One JSON object per line; blank lines are skipped, anything else must be an object."""

    format = "jsonl"
    suffixes = (".jsonl", ".ndjson")

    def _records(self) -> Iterator[dict[str, Any]]:
        with open_text(self.path, self.text_encoding) as f:
            for number, line in enumerate(f, start=1):
                if line.strip():
                    yield self._record(line, f"line {number}")

    def _record(self, line: str, where: str) -> dict[str, Any]:
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise self.unreadable(f"{where} is not valid JSON: {e.msg}") from None
        if not isinstance(record, dict):
            raise self.unreadable(f"{where} is a JSON {type(record).__name__}, not an object")
        return record

    def _sample_part(self, n: int, seed: int) -> tuple[pd.DataFrame, list[str]]:
        why = self.no_windows_reason()
        if why:
            return self._sample_head(n, seed, why)
        size, rows = self.path.stat().st_size, sampling.candidate_rows(n)
        starts, window = sampling.window_plan(sampling.window_rng(seed), 0, size, rows, self.line_bytes)
        seen: dict[str, None] = {}
        records: dict[int, Record] = {}
        for at, line in read_windows(self.path, starts, window).items():
            if line.strip():
                # only the file's first line can carry a BOM
                text = line.decode(self.text_encoding if at == 0 else self.window_encoding)
                # a record's k-th row is indexed at + k: unique, as a row takes 2 bytes at least ("{}")
                for k, row in enumerate(flatten_rows(self._record(text, f"the line at byte {at}"))):
                    records[at + k] = row
                    seen.update(dict.fromkeys(row))
        frame = self._frame(list(records.values()), list(seen))
        frame.index = pd.Index(list(records), name="byte_offset", dtype="int64")
        log.info(
            "sampled %s from %d rows in %d windows of %d bytes", self.path, len(frame), len(starts), window
        )
        return sampling.sample_rows([frame], n, seed), list(seen)


class JsonSource(_JsonBase):
    """A top-level array of objects, or an object holding exactly one array of objects
    ({"records": [...], "exported_at": ...}; its other, non-array members are metadata).

    Records are streamed (json_items.py). JSON has no record boundaries to seek to, so a large
    document is sampled from its first records; large exports should be JSON Lines.
    """

    format = "json"
    suffixes = (".json",)

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        super().__init__(path, encoding)
        self._document_shape: str | None = None

    def _records(self) -> Iterator[dict[str, Any]]:
        shape = self.shape()
        with open_text(self.path, self.text_encoding) as f:
            try:
                if shape == "values":
                    yield from iter_values(f)
                elif shape == "object":  # the document is the record; its arrays of objects are rows
                    yield json.load(f)
                elif shape == "mapped":  # one record, its maps of records arrays (read by Python only)
                    yield maps_as_arrays(json.load(f))
                elif shape in ("keyed", "columns", "pairs"):
                    yield from map_records(json.load(f), shape)
                else:
                    yield from iter_records(f)
            except JsonShapeError as e:
                raise self.unreadable(str(e)) from None

    def shape(self) -> str:
        """json_items.document_shape, once, for a document a sample reads whole anyway; "unknown"
        for a larger one, which is read as an array or an object holding one array of records
        (telling more would read all of it just to sample it), and fails on anything else."""
        if self._document_shape is None and not sampling.read_whole(self.path.stat().st_size, self.compressed):
            self._document_shape = "unknown"
        if self._document_shape is None:
            with open_text(self.path, self.text_encoding) as f:
                try:
                    self._document_shape = document_shape(f)
                except JsonShapeError as e:
                    raise self.unreadable(str(e)) from None
            if self._document_shape == "object" and self.path.stat().st_size > WHOLE_DOCUMENT_BYTES:
                raise self.unreadable(
                    f"one JSON object of more than {WHOLE_DOCUMENT_BYTES >> 20} MB without a single array of "
                    "records is read whole; export it as JSON Lines (one record per line)"
                )
            if self._document_shape == "object":
                with open_text(self.path, self.text_encoding) as f:
                    self._document_shape = map_shape(json.load(f)) or "object"
        return self._document_shape

    def _read_whole(self, n: int) -> bool:
        # the size budget only: a document's lines say nothing about its records' length
        return sampling.read_whole(self.path.stat().st_size, self.compressed)

    def _sample_part(self, n: int, seed: int) -> tuple[pd.DataFrame, list[str]]:
        return self._sample_head(n, seed, "a JSON document has no record boundaries to seek to")
