"""JSON Lines (.jsonl/.ndjson) and JSON (.json), with .gz: records flattened to dotted columns.

Exports nest the person inside the booking ({"guest": {"id_no": ...}}); a classifier needs one
column per leaf, so nested objects become "guest.id_no". Lists stay one column holding their JSON
text: exploding them would multiply rows and break person counts.
Columns are the union of keys over all records, in order of first appearance, so listing them
reads the whole file once (cached; `sample` fills the cache on its own pass).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from outbound.scanners.base import TextSource, cell_text, text_frame
from outbound.scanners.encoding import open_text

Record = dict[str, str | None]


def flatten(obj: dict[str, Any], prefix: str = "", out: Record | None = None) -> Record:
    """{"a": {"b": 1}, "c": [1, 2]} -> {"a.b": "1", "c": "[1, 2]"}; every value text or None."""
    out = {} if out is None else out
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flatten(value, f"{name}.", out)
        elif isinstance(value, dict | list):
            out[name] = json.dumps(value, ensure_ascii=False) if value else None
        else:
            out[name] = cell_text(value)
    return out


class _JsonBase(TextSource):
    """Shared batching; a subclass says how to walk its records."""

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        super().__init__(path, encoding)
        self._columns: list[str] | None = None

    def _records(self) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def _flat_records(self) -> Iterator[Record]:
        return (flatten(r) for r in self._records())

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
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    raise self.unreadable(f"line {number} is not valid JSON: {e.msg}") from None
                if not isinstance(record, dict):
                    raise self.unreadable(f"line {number} is a JSON {type(record).__name__}, not an object")
                yield record


class JsonSource(_JsonBase):
    """A top-level array of objects, or an object holding exactly one array of objects
    ({"records": [...], "exported_at": ...}; its other, non-array members are metadata).

    The whole document is parsed into memory on each pass: JSON has no record boundaries to
    stream on. Large exports should be JSON Lines.
    """

    format = "json"
    suffixes = (".json",)

    def _records(self) -> Iterator[dict[str, Any]]:
        with open_text(self.path, self.text_encoding) as f:
            try:
                doc = json.load(f)
            except json.JSONDecodeError as e:
                raise self.unreadable(
                    f"not valid JSON at line {e.lineno} column {e.colno}: {e.msg}"
                ) from None
        items, where = self._items(doc)
        for number, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.unreadable(f"{where}[{number}] is a JSON {type(item).__name__}, not an object")
            yield item

    def _items(self, doc: Any) -> tuple[list[Any], str]:
        if isinstance(doc, list):
            return doc, "item"
        if isinstance(doc, dict):
            arrays = [k for k, v in doc.items() if isinstance(v, list)]
            if len(arrays) == 1:
                return doc[arrays[0]], arrays[0]
            found = f"it holds {len(arrays)} arrays" + (f" ({', '.join(arrays[:10])})" if arrays else "")
            raise self.unreadable(f"expected an array of objects or an object holding exactly one; {found}")
        raise self.unreadable(f"expected an array of objects, found a JSON {type(doc).__name__}")
