"""The passes over a file's rows: group them by their raw identifier cells, key the groups, and
look at the other PI columns only when some rows have no identifier.

One pass over the file groups the rows by their raw identifier cells (and date-of-birth cells)
into x_groups; everything after that works on those group rows, in chunks (`keyed_rows`). A second
pass over the other PI columns (names, addresses) runs only when some rows have no identifier at
all: such a row counts as one person when any PI cell of it has content. The stream's columns are
c0, c1, … in the order asked (`reading.Stream`); the SQL's other names: `keyed_rows`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from outbound import identifiers
from outbound.common.naming import unit_of
from outbound.common.records import ColumnLabel
from outbound.fullpass.keyed_rows import KeyedRows
from outbound.fullpass.reading import Readable, Stream
from outbound.fullpass.roles import Roles
from outbound.identifiers import has_content, has_content_sql
from outbound.identifiers.birthdates import is_minor, parse_birth_date
from outbound.regulation.rules import EntityFile


@dataclass(frozen=True)
class PersonKeys:
    total_rows: int
    unlinked: int  # rows with PI but no identifier: one person each
    unlinked_sensitive: int
    ids: pa.Table  # identifiers.keyed_ids_schema(): each keyed identifier once, sensitive if a row carrying it was
    edges: pa.Table  # identifiers.keyed_edges_schema(): identifiers seen on one row (a star from its first one)
    labels: tuple[ColumnLabel, ...] = ()  # the labels the pass counted by (sparse columns looked at again)

    @property
    def identifiers(self) -> int:
        return self.ids.num_rows


@dataclass(frozen=True)
class TopUp:
    """Columns the sample held too few cells of to label (FileClassification.sparse), classified
    again on up to `cells` of their non-empty cells in the whole file by `classify`."""

    columns: tuple[str, ...]
    cells: int
    classify: Callable[[str, list[str]], ColumnLabel]  # a column's name and cells → its label


def person_keys(
    con: duckdb.DuckDBPyConnection, source: Readable, labels: Sequence[ColumnLabel], *, key: bytes, on: dt.date,
    entities: EntityFile, top_up: TopUp | None = None,
) -> PersonKeys:
    """The keyed identifiers of every row of `source`, read with `con`; see the module docstring.
    `top_up`: sparse columns, classified first (`top_up_sparse`)."""
    labels = top_up_sparse(con, source, labels, top_up) if top_up and top_up.columns else tuple(labels)
    r = Roles.of(labels, entities)
    if not r.any:
        return PersonKeys(source.count_rows(con), 0, 0, identifiers.keyed_ids_schema().empty_table(),
                          identifiers.keyed_edges_schema().empty_table(), labels)  # fmt: skip
    _group_rows(con, source, r)
    for m, column in enumerate(r.births):
        _births(con, m, on, entities.minor_age_below, column)
    keyed = KeyedRows(con, r, key, on, entities.minor_age_below)
    ids, edges = keyed.run()
    unlinked = keyed.unlinked
    # The second pass also reads the rows pass 1 never saw: those of an array whose objects hold no
    # identifier, birth or sensitive column (a booking's guests named beside its customer's e-mail).
    pass1 = r.first_pass
    unseen = {unit_of(c)[0] for c in r.others} - {unit_of(c)[0] for c in pass1}
    if r.others and (keyed.rest or (pass1 and unseen)):
        unlinked += _no_identifier_rows(con, source, r)
    for table in ["x_groups", *(f"x_birth_{m}" for m in range(len(r.births)))]:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    # the objects of a JSON array are rows of their own (two guests of a booking are two persons), and
    # a workbook's sheets without PI are not read: the export's size is its records all the same
    total = keyed.total if source.rows_are_records([*pass1, *r.others]) else source.count_records(con)
    return PersonKeys(total, unlinked, keyed.unlinked_sensitive, ids, edges, labels)


def _group_rows(con: duckdb.DuckDBPyConnection, source: Readable, r: Roles) -> None:
    """Pass 1 → x_groups: the rows grouped by their identifier and birth cells, with how many
    there are and how many have sensitive content."""
    pass1 = r.first_pass
    if not pass1:  # names or addresses only: the rows of one of them, for the second pass to look at
        _run(con, source, r.others[:1],
             "CREATE OR REPLACE TEMP TABLE x_groups AS SELECT count(*) AS rows, 0 AS sensitive_rows FROM {src}")  # fmt: skip
        return
    alias = {c: f"c{i}" for i, c in enumerate(pass1)}
    keys = [f"{alias[c]} AS id_{j}" for j, (c, _) in enumerate(r.ids)]
    keys += [f"{alias[c]} AS birth_{m}" for m, c in enumerate(r.births)]
    sensitive = _any([has_content_sql(alias[c], c) for c in r.sensitive])
    _run(con, source, pass1, (
        f"CREATE OR REPLACE TEMP TABLE x_groups AS SELECT {', '.join([*keys, ''])}count(*) AS rows, "
        f"count(*) FILTER (WHERE {sensitive}) AS sensitive_rows FROM {{src}} GROUP BY ALL"
    ))  # fmt: skip


def _any(parts: Sequence[str]) -> str:
    return "(" + " OR ".join(parts) + ")" if parts else "false"


def _run(con: duckdb.DuckDBPyConnection, source: Readable, columns: Sequence[str], sql: str) -> None:
    """Run `sql` over a stream of `columns` ({src}); a file DuckDB rejects is read through pandas."""
    try:
        stream: Stream = source.open(con, columns)
    except (duckdb.Error, pa.ArrowInvalid):  # DuckDB's or pyarrow's reader refused the file at its start
        pass
    else:
        try:
            con.execute(sql.replace("{src}", stream.sql))
            return
        except (duckdb.Error, pa.ArrowInvalid):
            if not (stream.native or stream.retry):
                raise source.unreadable("the full pass could not read it") from None
        finally:
            stream.close()
    stream = source.open_fallback(con, columns)  # raises UnreadableExport naming the problem
    try:
        con.execute(sql.replace("{src}", stream.sql))
    finally:
        stream.close()


def top_up_sparse(
    con: duckdb.DuckDBPyConnection, source: Readable, labels: Sequence[ColumnLabel], top_up: TopUp
) -> tuple[ColumnLabel, ...]:
    """`labels`, each column of `top_up` classified again on up to `top_up.cells` of its non-empty
    cells in the whole file: one more read of those columns (all of them at once), which the
    scan's full pass makes anyway; an empty column costs that read and nothing else. The cells
    kept are those of the smallest hashes (a top-N aggregate: bounded memory even when a column
    empty in a head sample fills the rest of the file), a spread over the file, not its start."""
    sparse = top_up.columns
    cells = ", ".join(f"arg_min(c{i}, hash(c{i}), {top_up.cells}) FILTER (WHERE c{i} IS NOT NULL) AS v{i}"
                      for i in range(len(sparse)))  # fmt: skip
    _run(con, source, list(sparse), f"CREATE OR REPLACE TEMP TABLE x_sparse AS SELECT {cells} FROM {{src}}")
    found = con.execute("SELECT * FROM x_sparse").fetchall()[0]
    con.execute("DROP TABLE x_sparse")
    relabelled = {}
    for column, values in zip(sparse, found, strict=True):
        if values:
            label = top_up.classify(column, values)
            if label.entity:
                relabelled[column] = label
    return tuple(relabelled.get(lab.column, lab) for lab in labels)


def _births(con: duckdb.DuckDBPyConnection, m: int, on: dt.date, age: int, column: str) -> None:
    """x_birth_{m}: each distinct date-of-birth cell → content?, under the age line on the export date?"""
    query = f"SELECT DISTINCT birth_{m} FROM x_groups WHERE birth_{m} IS NOT NULL"
    values = [row[0] for row in con.execute(query).fetchall()]
    minors = []
    for v in values:
        born = parse_birth_date(v)
        minors.append(born is not None and is_minor(born, on, age))
    table = pa.table({"raw": pa.array(values, pa.string()), "minor": pa.array(minors, pa.bool_()),
                      "content": pa.array([has_content(v, column) for v in values], pa.bool_())})
    con.register("x_births", table)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE x_birth_{m} AS SELECT * FROM x_births")
    finally:
        con.unregister("x_births")


def _no_identifier_rows(con: duckdb.DuckDBPyConnection, source: Readable, r: Roles) -> int:
    """Second pass: rows with no content in identifier, birth or sensitive cells, but in another PI cell."""
    cols = [*r.first_pass, *r.others]
    alias = {c: f"c{i}" for i, c in enumerate(cols)}
    empty = " AND ".join(f"NOT {has_content_sql(alias[c], c)}" for c in r.first_pass) or "true"
    other = _any([has_content_sql(alias[c], c) for c in r.others])
    _run(con, source, cols, f"CREATE OR REPLACE TEMP TABLE x_pass2 AS SELECT count(*) AS n FROM {{src}} WHERE {empty} AND {other}")
    n = con.execute("SELECT n FROM x_pass2").fetchall()[0][0]
    con.execute("DROP TABLE x_pass2")
    return int(n)
