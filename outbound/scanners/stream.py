"""The full pass: every row of a few columns of an export, as a DuckDB relation of text.

Counting persons reads every row of the identifier columns, so it must run at DuckDB's speed and
in bounded memory. DuckDB reads Parquet, UTF-8 CSV and JSON (also gzipped) itself, in parallel
and streaming. What it cannot read — CSV in GB18030/GBK (no `encodings` extension here) and
Excel — is streamed in batches through pyarrow.csv or the source's own reader as an Arrow
RecordBatchReader, which DuckDB consumes as it goes. Anything the native readers reject falls
back to the source's own `iter_columns` (pandas), slower but the same cells the classifier saw.

Each format's opener (`parquet_stream`, `csv_stream`, `json_stream`) is listed beside its source
class in the one format registry, `outbound.scanners.FORMATS`; a format without one (Excel) takes
`open_fallback`. An opener registers what it needs on the connection and returns a `Stream`: SQL
text for a FROM clause whose columns are `c0, c1, …` (VARCHAR, empty text as NULL) in the order
asked. `Streamed` is what the full pass is handed: a source with its opener.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from outbound.common import limits
from outbound.common.errors import UnreadableExport
from outbound.common.naming import UNITS, unit_of
from outbound.scanners.base import Source
from outbound.scanners.json_source import READ_BY_PYTHON

BATCH_ROWS = 1 << 16
NATIVE_CSV_ENCODINGS = ("utf-8", "utf-8-sig", "ascii")
_JSON_MAX_OBJECT = 1 << 30  # a JSON document wrapping its records is one object to DuckDB


@dataclass
class Stream:
    sql: str  # a parenthesised SELECT usable in FROM; columns c0..cN are the asked columns
    columns: tuple[str, ...]
    native: bool  # False: read through Python (pyarrow, openpyxl or the source itself)
    _con: duckdb.DuckDBPyConnection | None = None
    retry: bool = False  # a failure is worth a second read through the source's own (pandas) reader
    _views: list[str] = field(default_factory=list)

    def close(self) -> None:
        for view in self._views:
            if self._con is not None:
                self._con.unregister(view)
        self._views.clear()


def aliases(n: int) -> list[str]:
    return [f"c{i}" for i in range(n)]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select(exprs: Sequence[str], relation: str) -> str:
    cols = ", ".join(f"NULLIF(CAST({e} AS VARCHAR), '') AS c{i}" for i, e in enumerate(exprs))
    return f"(SELECT {cols} FROM {relation})"


Opener = Callable[[duckdb.DuckDBPyConnection, Source, list[str]], Stream]


@dataclass(frozen=True)
class Streamed:
    """A source as the full pass reads it: every row of a few columns at DuckDB's speed (`open`),
    through the source's own reader when DuckDB's refuses the file (`open_fallback`), and its size."""

    source: Source
    opener: Opener | None  # the format's, from FORMATS; None: the source's own reader

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def format(self) -> str:
        return self.source.format

    def open(self, con: duckdb.DuckDBPyConnection, columns: Sequence[str]) -> Stream:
        """`columns` of every row, readable in `con` (see the module docstring)."""
        if self.opener is None:
            return open_fallback(con, self.source, columns)
        return self.opener(con, self.source, list(columns))

    def open_fallback(self, con: duckdb.DuckDBPyConnection, columns: Sequence[str]) -> Stream:
        return open_fallback(con, self.source, columns)

    def count_rows(self, con: duckdb.DuckDBPyConnection) -> int:
        """The file's rows, counted by DuckDB where it reads the format itself."""
        if self.format in ("csv", "parquet"):
            stream = self.open(con, self.source.columns()[:1])
            try:
                return int(con.execute(f"SELECT count(*) FROM {stream.sql}").fetchall()[0][0])
            finally:
                stream.close()
        return self.source.count_rows()

    def count_records(self, con: duckdb.DuckDBPyConnection) -> int:
        return count_records(con, self.source)

    def rows_are_records(self, columns: Sequence[str]) -> bool:
        return self.source.rows_are_records(columns)

    def unreadable(self, reason: str) -> UnreadableExport:
        return self.source.unreadable(reason)


def open_fallback(con: duckdb.DuckDBPyConnection, source: Source, columns: Sequence[str]) -> Stream:
    """Through the source's own pandas reader: any format, the cells exactly as sampled."""
    names = list(columns)
    schema = pa.schema([(a, pa.string()) for a in aliases(len(names))])

    def batches() -> Iterator[pa.RecordBatch]:
        for frame in source.iter_columns(names, BATCH_ROWS):
            yield pa.record_batch([pa.array(frame[c].tolist(), pa.string()) for c in names], schema=schema)

    return _arrow(con, pa.RecordBatchReader.from_batches(schema, batches()), names)


def _arrow(con: duckdb.DuckDBPyConnection, reader: pa.RecordBatchReader, names: list[str]) -> Stream:
    view = f"stream_{id(reader)}"
    con.register(view, reader)
    return Stream(_select(aliases(len(names)), view), tuple(names), False, con, _views=[view])


# --- Parquet ------------------------------------------------------------------------------------


def parquet_stream(con: duckdb.DuckDBPyConnection, source: Source, names: list[str]) -> Stream:
    import pyarrow.parquet as pq

    from outbound.scanners.parquet_source import struct_of_list

    paths: dict[str, list[str]] = {}

    def walk(f: pa.Field, prefix: list[str]) -> None:
        route = [*prefix, f.name]
        kind = f.type
        if pa.types.is_struct(kind):
            for child in kind:
                walk(child, route)
        elif (struct := struct_of_list(kind)) is not None:  # one row per struct ("guests[].id_no")
            for child in struct:
                walk(child, [*prefix, f.name + UNITS])
        else:
            paths.setdefault(".".join(route), route)

    for f in pq.read_schema(source.path):
        walk(f, [])
    relation = f"read_parquet({_literal(str(source.path))})"
    units: dict[tuple[str, ...], tuple[str, dict[int, str]]] = {}
    for i, name in enumerate(names):
        route = paths[name]
        cut = max((k + 1 for k, part in enumerate(route) if part.endswith(UNITS)), default=0)
        unit = tuple(route[:cut])
        if unit not in units:
            units[unit] = (_unnested(relation, unit), {})
        units[unit][1][i] = _field("e" if unit else None, route[cut:])
    return Stream(_by_unit(len(names), units.values()), tuple(names), True)


def _field(base: str | None, route: Sequence[str]) -> str:
    """SQL for a struct field: `route` from the relation's columns (base None) or from `base`."""
    first, *rest = route
    expr = _ident(first) if base is None else f"struct_extract({base}, {_literal(first)})"
    for part in rest:
        expr = f"struct_extract({expr}, {_literal(part)})"
    return expr


def _unnested(relation: str, unit: Sequence[str]) -> str:
    """The rows of a list of structs, one struct per row as column `e`, at any depth."""
    rows, base, route = relation, None, []
    for part in unit:
        if not part.endswith(UNITS):
            route.append(part)
            continue
        route.append(part[: -len(UNITS)])
        rows = f"(SELECT unnest({_field(base, route)}) AS e FROM {rows})"
        base, route = "e", []
    return rows


def _by_unit(n: int, units: Iterable[tuple[str, dict[int, str]]]) -> str:
    """One SELECT per row kind (a record's own row, each array's objects: nesting.py) over its
    relation, the asked columns in order and NULL where another kind of row holds the column."""
    parts = [_select([exprs.get(i, "NULL") for i in range(n)], rows)[1:-1] for rows, exprs in units]
    return "(" + " UNION ALL ".join(parts) + ")"


# --- CSV ------------------------------------------------------------------------------------------


def csv_stream(con: duckdb.DuckDBPyConnection, source: Source, names: list[str]) -> Stream:
    header = source.columns()
    has_header = getattr(source, "has_header", True)  # known once columns() has looked
    skip = getattr(source, "skip_lines", 0)  # a title above the header
    positions = [header.index(n) for n in names]
    delimiter = getattr(source, "delimiter", ",")
    encoding = getattr(source, "text_encoding", "utf-8")
    if getattr(source, "bad_bytes", "strict") != "strict":  # bad bytes read as U+FFFD: as the sample read them
        return open_fallback(con, source, names)
    if encoding not in NATIVE_CSV_ENCODINGS:
        return _csv_arrow(con, source, names, header, positions, delimiter, encoding)
    typed = ", ".join(f"{_literal(f'h{i}')}: 'VARCHAR'" for i in range(len(header)))
    relation = (
        f"read_csv({_literal(str(source.path))}, header={str(has_header).lower()}, skip={skip}, delim={_literal(delimiter)}, quote='\"', "
        f"escape='\"', columns={{{typed}}}, auto_detect=false, compression='auto', "
        f"max_line_size={limits.current().max_line_bytes})"
    )
    return Stream(_select([f"h{p}" for p in positions], relation), tuple(names), True)


def _csv_arrow(
    con: duckdb.DuckDBPyConnection, source: Source, names: list[str], header: list[str],
    positions: list[int], delimiter: str, encoding: str,
) -> Stream:
    """pyarrow.csv decodes any Python codec while streaming; DuckDB reads the batches."""
    import pyarrow.csv as pacsv

    wanted = [f"h{p}" for p in positions]
    stream = pa.input_stream(str(source.path), compression="detect")
    reader = pacsv.open_csv(
        stream,
        read_options=pacsv.ReadOptions(
            encoding=encoding, column_names=[f"h{i}" for i in range(len(header))],
            skip_rows=getattr(source, "skip_lines", 0) + (1 if getattr(source, "has_header", True) else 0),
            block_size=8 << 20,
        ),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            include_columns=wanted, column_types={w: pa.string() for w in wanted}, strings_can_be_null=False
        ),
    )
    schema = pa.schema([(a, pa.string()) for a in aliases(len(names))])
    renamed = pa.RecordBatchReader.from_batches(
        schema, (pa.record_batch(b.select(wanted).columns, schema=schema) for b in reader)
    )
    stream = _arrow(con, renamed, names)
    stream.retry = True  # pyarrow refuses lines pandas reads (a short line: its missing fields empty)
    return stream


# --- JSON Lines and JSON ----------------------------------------------------------------------------


def _json_paths(names: list[str]) -> list[str]:
    """Dotted names as JSON paths: "guest.id_no" is $."guest"."id_no" (nested, as flattened);
    "guests[]" is $."guests"[*], every object of the array."""

    def step(part: str) -> str:
        many = part.endswith(UNITS)
        key = part[: -len(UNITS)] if many else part
        return '"' + key.replace('"', '\\"') + '"' + ("[*]" if many else "")

    return ["$." + ".".join(step(part) for part in n.split(".")) for n in names]


def _json_select(names: list[str], objects: str) -> str:
    """The rows json_source reads (a record's own row, one per object of its arrays of objects),
    the columns not in a row's kind NULL. A record's own row is there even when it is empty."""
    units: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        units.setdefault(unit_of(name)[0], []).append(i)
    kinds = []
    for unit, members in units.items():
        rows = objects
        if unit:
            each = _literal(_json_paths([unit])[0])
            rows = f"(SELECT e AS json FROM (SELECT unnest(json_extract(json, {each})) AS e FROM {objects}) WHERE json_type(e) = 'OBJECT')"
        paths = ", ".join(_literal(p) for p in _json_paths([unit_of(names[i])[1] for i in members]))
        values = f"(SELECT json_extract_string(json, [{paths}]) AS v FROM {rows})"
        kinds.append((values, {i: f"v[{k + 1}]" for k, i in enumerate(members)}))
    return _by_unit(len(names), kinds)


def count_records(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    """The records of a JSON source (its rows, without the rows of its arrays' objects)."""
    if source.format in ("jsonl", "json"):
        try:
            objects = _json_objects(con, source)
            if objects is not None:
                return int(con.execute(f"SELECT count(*) FROM {objects}").fetchall()[0][0])
        except duckdb.Error:
            pass  # the source's own reader names the problem
    return source.count_rows()


def _json_objects(con: duckdb.DuckDBPyConnection, source: Source) -> str | None:
    """SQL for the records of a JSON Lines file or JSON document, one JSON value per row; None
    when the document's shape is one only the source's own reader explains."""
    path = _literal(str(source.path))
    if source.format == "jsonl":
        return f"read_json_objects({path}, format='newline_delimited', compression='auto')"
    doc = f"read_json_objects({path}, format='unstructured', compression='auto', maximum_object_size={_object_size(source)})"
    shape = source.shape()  # type: ignore[attr-defined]  # JsonSource: the records' shape, as it reads them
    if shape in ("object", "values"):  # the object itself is the record, or each top-level object is one
        return doc
    if shape in READ_BY_PYTHON:  # maps of records: the source's reader turns them into records
        return None
    kind = con.execute(f"SELECT json_type(json) FROM {doc}").fetchall()
    if kind and kind[0][0] == "OBJECT":
        keys = con.execute(
            f"SELECT k FROM (SELECT unnest(json_keys(json)) AS k, json FROM {doc}) "
            "WHERE json_type(json, '$.\"' || replace(k, '\"', '\\\"') || '\"') = 'ARRAY'"
        ).fetchall()
        if len(keys) != 1:
            return None  # a large document of another shape: the source's reader names the problem
        member = _json_paths([keys[0][0]])[0]
        return f"(SELECT unnest(json_extract(json, {_literal(member + '[*]')})) AS json FROM {doc})"
    return f"(SELECT unnest(json_extract(json, '$[*]')) AS json FROM {doc})"


def _object_size(source: Source) -> int:
    """DuckDB's `maximum_object_size` for a JSON document: its own size, not a fixed bound (DuckDB
    allocates twice the bound up front, beyond the full pass's memory limit); a gzipped one's
    from the gzip trailer (its size modulo 4 GiB: too small a bound only makes DuckDB refuse it,
    and the document is then read through json_items)."""
    size = source.path.stat().st_size
    if source.path.suffix.lower() == ".gz" and size >= 18:
        with source.path.open("rb") as fh:
            fh.seek(-4, 2)
            size = int.from_bytes(fh.read(4), "little")
    return max(1 << 16, min(size + 1, _JSON_MAX_OBJECT))


def json_stream(con: duckdb.DuckDBPyConnection, source: Source, names: list[str]) -> Stream:
    objects = _json_objects(con, source)
    if objects is None:
        return open_fallback(con, source, names)  # the source names the problem
    return Stream(_json_select(names, objects), tuple(names), True)
