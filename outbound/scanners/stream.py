"""The full pass: every row of a few columns of an export, as a DuckDB relation of text.

Counting persons reads every row of the identifier columns, so it must run at DuckDB's speed and
in bounded memory. DuckDB reads Parquet, UTF-8 CSV and JSON (also gzipped) itself, in parallel
and streaming. What it cannot read — CSV in GB18030/GBK (no `encodings` extension here) and
Excel — is streamed in batches through pyarrow.csv or the source's own reader as an Arrow
RecordBatchReader, which DuckDB consumes as it goes. Anything the native readers reject falls
back to the source's own `iter_columns` (pandas), slower but the same cells the classifier saw.

`open_stream` registers what it needs on the connection and returns a `Stream`: SQL text for a
FROM clause whose columns are `c0, c1, …` (VARCHAR, empty text as NULL) in the order asked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from outbound.scanners.base import Source

BATCH_ROWS = 1 << 16
NATIVE_CSV_ENCODINGS = ("utf-8", "utf-8-sig", "ascii")
_JSON_MAX_OBJECT = 1 << 30  # a JSON document wrapping its records is one object to DuckDB


@dataclass
class Stream:
    sql: str  # a parenthesised SELECT usable in FROM; columns c0..cN are the asked columns
    columns: tuple[str, ...]
    native: bool  # False: read through Python (pyarrow, openpyxl or the source itself)
    _con: duckdb.DuckDBPyConnection | None = None
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


def open_stream(con: duckdb.DuckDBPyConnection, source: Source, columns: Sequence[str]) -> Stream:
    """`columns` of every row of `source`, readable in `con` (see the module docstring)."""
    opener = _OPENERS.get(source.format)
    if opener is None:
        return open_fallback(con, source, columns)
    return opener(con, source, list(columns))


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
    return Stream(_select(aliases(len(names)), view), tuple(names), False, con, [view])


# --- Parquet ------------------------------------------------------------------------------------


def _parquet(con: duckdb.DuckDBPyConnection, source: Source, names: list[str]) -> Stream:
    import pyarrow.parquet as pq

    paths: dict[str, list[str]] = {}

    def walk(f: pa.Field, prefix: list[str]) -> None:
        route = [*prefix, f.name]
        if pa.types.is_struct(f.type):
            for child in f.type:
                walk(child, route)
        else:
            paths.setdefault(".".join(route), route)

    for f in pq.read_schema(source.path):
        walk(f, [])
    exprs = []
    for name in names:
        root, *rest = paths[name]
        expr = _ident(root)
        for part in rest:
            expr = f"struct_extract({expr}, {_literal(part)})"
        exprs.append(expr)
    relation = f"read_parquet({_literal(str(source.path))})"
    return Stream(_select(exprs, relation), tuple(names), True)


# --- CSV ------------------------------------------------------------------------------------------


def _csv(con: duckdb.DuckDBPyConnection, source: Source, names: list[str]) -> Stream:
    header = source.columns()
    positions = [header.index(n) for n in names]
    delimiter = getattr(source, "delimiter", ",")
    encoding = getattr(source, "text_encoding", "utf-8")
    if encoding not in NATIVE_CSV_ENCODINGS:
        return _csv_arrow(con, source, names, header, positions, delimiter, encoding)
    typed = ", ".join(f"{_literal(f'h{i}')}: 'VARCHAR'" for i in range(len(header)))
    relation = (
        f"read_csv({_literal(str(source.path))}, header=true, delim={_literal(delimiter)}, quote='\"', "
        f"escape='\"', columns={{{typed}}}, auto_detect=false, compression='auto')"
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
            encoding=encoding, column_names=[f"h{i}" for i in range(len(header))], skip_rows=1, block_size=8 << 20
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
    return _arrow(con, renamed, names)


# --- JSON Lines and JSON ----------------------------------------------------------------------------


def _json_paths(names: list[str]) -> list[str]:
    """Dotted names as JSON paths: "guest.id_no" is $."guest"."id_no" (nested, as flattened)."""
    return ["$." + ".".join('"' + part.replace('"', '\\"') + '"' for part in n.split(".")) for n in names]


def _json_select(names: list[str], objects: str) -> str:
    paths = ", ".join(_literal(p) for p in _json_paths(names))
    exprs = [f"v[{i + 1}]" for i in range(len(names))]
    return _select(exprs, f"(SELECT json_extract_string(json, [{paths}]) AS v FROM {objects})")


def _jsonl(con: duckdb.DuckDBPyConnection, source: Source, names: list[str]) -> Stream:
    objects = f"read_json_objects({_literal(str(source.path))}, format='newline_delimited', compression='auto')"
    return Stream(_json_select(names, objects), tuple(names), True)


def _json(con: duckdb.DuckDBPyConnection, source: Source, names: list[str]) -> Stream:
    path = _literal(str(source.path))
    doc = f"read_json_objects({path}, format='unstructured', compression='auto', maximum_object_size={_JSON_MAX_OBJECT})"
    kind = con.execute(f"SELECT json_type(json) FROM {doc}").fetchall()
    if kind and kind[0][0] == "OBJECT":
        keys = con.execute(
            f"SELECT k FROM (SELECT unnest(json_keys(json)) AS k, json FROM {doc}) "
            "WHERE json_type(json, '$.\"' || replace(k, '\"', '\\\"') || '\"') = 'ARRAY'"
        ).fetchall()
        if len(keys) != 1:
            return open_fallback(con, source, names)  # the source names the problem
        member = _json_paths([keys[0][0]])[0]
        objects = f"(SELECT unnest(json_extract(json, {_literal(member + '[*]')})) AS json FROM {doc})"
    else:
        objects = f"(SELECT unnest(json_extract(json, '$[*]')) AS json FROM {doc})"
    return Stream(_json_select(names, objects), tuple(names), True)


# Excel has no native reader in DuckDB: it takes `open_fallback`, the Excel source's own reader
# (calamine, or openpyxl streaming for a big sheet), so the full pass sees the cells the sample saw.
_OPENERS = {"parquet": _parquet, "csv": _csv, "jsonl": _jsonl, "json": _json}
