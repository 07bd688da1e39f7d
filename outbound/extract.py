"""Full pass over a file's labelled PI columns → keyed person identifiers, inside DuckDB.

This is the step where raw values are last seen: what leaves it is keyed hashes, booleans and
counts, staged as two temporary tables of the warehouse connection (`STAGED_IDS`: h UUID,
sensitive BOOLEAN; `STAGED_EDGES`: a, b UUID) that `Warehouse.record_export` consumes.

One pass over the file groups the rows by their raw identifier cells (and date-of-birth cells);
everything after that works on distinct values: normalising and HMAC-hashing (the costly part)
once per distinct value, the shape check, the under-14 check from the birth date in a resident ID.
A second pass over the other PI columns (names, addresses) runs only when some rows have no
identifier at all: such a row counts as one person when any PI cell of it has content.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from outbound.classifiers import birth_date_from_resident_id, is_minor, parse_birth_date
from outbound.common import hashing
from outbound.common.records import Category, ColumnLabel
from outbound.common.rules import EntityFile
from outbound.scanners import Source
from outbound.scanners.stream import Stream, open_fallback, open_stream

PI = (Category.PERSONAL, Category.SENSITIVE)
STAGED_IDS, STAGED_EDGES = "staged_ids", "staged_edges"
CONTENT = r"[0-9A-Za-z\x{3400}-\x{9fff}]"  # a cell "has content": a letter, digit or Han character
_CONTENT_PY = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")


@dataclass(frozen=True)
class PersonKeys:
    total_rows: int
    unlinked: int  # rows with PI but no identifier: one person each
    unlinked_sensitive: int
    identifiers: int  # distinct keyed identifiers staged


@dataclass(frozen=True)
class Roles:
    ids: tuple[tuple[str, str], ...]  # (column, entity) of identifier columns
    sensitive: tuple[str, ...]  # other columns whose content makes the row sensitive
    sensitive_ids: frozenset[str]  # identifier columns whose content is itself sensitive
    births: tuple[str, ...]  # DATE_OF_BIRTH columns
    others: tuple[str, ...]  # remaining PI columns: their content only makes a row carry PI

    @classmethod
    def of(cls, labels: Sequence[ColumnLabel], entities: EntityFile) -> Roles:
        pi = [lab for lab in labels if lab.entity and lab.category in PI]
        spec = entities.entities
        ids = tuple((lab.column, lab.entity) for lab in pi if lab.entity in spec and spec[lab.entity].identifier)
        id_cols = {c for c, _ in ids}
        births = tuple(lab.column for lab in pi if lab.entity == "DATE_OF_BIRTH" and lab.column not in id_cols)
        sensitive = tuple(
            lab.column for lab in pi
            if lab.category is Category.SENSITIVE and lab.column not in id_cols and lab.column not in births
        )  # fmt: skip
        others = tuple(lab.column for lab in pi if lab.column not in {*id_cols, *births, *sensitive})
        sensitive_ids = frozenset(lab.column for lab in pi if lab.column in id_cols and lab.category is Category.SENSITIVE)
        return cls(ids, sensitive, sensitive_ids, births, others)


def _has(col: str) -> str:
    return f"({col} IS NOT NULL AND regexp_matches({col}, '{CONTENT}'))"


def _any(parts: Sequence[str]) -> str:
    return "(" + " OR ".join(parts) + ")" if parts else "false"


def _run(con: duckdb.DuckDBPyConnection, source: Source, columns: Sequence[str], sql: str) -> None:
    """Run `sql` over a stream of `columns` ({src}); a file DuckDB rejects is read through pandas."""
    stream: Stream = open_stream(con, source, columns)
    try:
        con.execute(sql.replace("{src}", stream.sql))
        return
    except duckdb.Error:
        if not stream.native:
            raise source.unreadable("the full pass could not read it") from None
    finally:
        stream.close()
    stream = open_fallback(con, source, columns)  # raises UnreadableExport naming the problem
    try:
        con.execute(sql.replace("{src}", stream.sql))
    finally:
        stream.close()


def person_keys(
    con: duckdb.DuckDBPyConnection, source: Source, labels: Sequence[ColumnLabel], *, key: bytes, on: dt.date,
    entities: EntityFile,
) -> PersonKeys:
    """Stage the keyed identifiers of every row of `source` in `con`; see the module docstring."""
    r = Roles.of(labels, entities)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGED_IDS} (h UUID, sensitive BOOLEAN)")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGED_EDGES} (a UUID, b UUID)")
    if not (r.ids or r.births or r.sensitive or r.others):
        return PersonKeys(_count_rows(con, source), 0, 0, 0)
    pass1 = [c for c, _ in r.ids] + list(r.births) + list(r.sensitive)
    alias = {c: f"c{i}" for i, c in enumerate(pass1)}
    keys = [f"{alias[c]} AS i{j}" for j, (c, _) in enumerate(r.ids)]
    keys += [f"{alias[c]} AS b{m}" for m, c in enumerate(r.births)]
    sens_row = _any([_has(alias[c]) for c in r.sensitive])
    _run(con, source, pass1, (
        f"CREATE OR REPLACE TEMP TABLE x_groups AS SELECT {', '.join([*keys, ''])}count(*) AS n, "
        f"count(*) FILTER (WHERE {sens_row}) AS n_s FROM {{src}} GROUP BY ALL"
    ) if pass1 else "CREATE OR REPLACE TEMP TABLE x_groups AS SELECT count(*) AS n, 0 AS n_s FROM {src}")
    cutoff = f"{on.year - entities.minor_age_below:04d}{on.month:02d}{on.day:02d}"
    for j, (column, entity) in enumerate(r.ids):
        _values(con, j, entity, column in r.sensitive_ids, key, on, entities.minor_age_below, cutoff)
    for m, _ in enumerate(r.births):
        _births(con, m, on, entities.minor_age_below)
    _assemble(con, len(r.ids), len(r.births))
    unlinked, unlinked_sensitive, rest = con.execute(_UNLINKED).fetchall()[0]
    if rest and r.others:
        unlinked += _no_identifier_rows(con, source, r)
    total, identifiers = con.execute(
        f"SELECT (SELECT sum(n) FROM x_groups), (SELECT count(*) FROM {STAGED_IDS})"
    ).fetchall()[0]
    for table in ["x_groups", "x_rows", *(f"x_v{j}" for j in range(len(r.ids))), *(f"x_b{m}" for m in range(len(r.births)))]:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return PersonKeys(int(total or 0), int(unlinked or 0), int(unlinked_sensitive or 0), int(identifiers or 0))


def _count_rows(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    if source.format in ("csv", "parquet"):
        stream = open_stream(con, source, source.columns()[:1])
        try:
            return int(con.execute(f"SELECT count(*) FROM {stream.sql}").fetchall()[0][0])
        finally:
            stream.close()
    return source.count_rows()


def _values(
    con: duckdb.DuckDBPyConnection, j: int, entity: str, sensitive: bool, key: bytes, on: dt.date, age: int,
    cutoff: str,
) -> None:
    """x_v{j}: each distinct raw cell of identifier column j → content?, keyed hash if it links, sensitive?"""
    shape = hashing.LINK_SHAPES.get(entity, hashing.DEFAULT_LINK_SHAPE)
    # Most cells are written canonically already (an ID in upper case without separators): for
    # them normalising is the identity, so the regex replace runs only on the others.
    canonical = "false" if entity == "EMAIL_ADDRESS" else f"(length(raw) >= 5 AND regexp_full_match(raw, '{shape}'))"
    norm = f"CASE WHEN canonical THEN raw ELSE {hashing.normalise_sql(entity, 'raw')} END"
    link = f"CASE WHEN canonical THEN true ELSE {hashing.linkable_sql(entity, 'n')} END"
    minor = "false"
    if entity == "CN_RESIDENT_ID":  # under the age line by the birth date inside the ID (yyyymmdd at 7-14)
        minor = (f"CASE WHEN link AND length(n) = 18 AND substr(n, 7, 8) > '{cutoff}' THEN "
                 f"try_strptime(substr(n, 7, 8), '%Y%m%d') IS NOT NULL ELSE false END")
    content = f"CASE WHEN link THEN true ELSE regexp_matches(raw, '{CONTENT}') END"
    ipad, opad = hashing.hmac_pads(key)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE x_v{j} AS SELECT raw, {content} AS content, "
        f"CASE WHEN link THEN {hashing.keyed_hash_sql(entity, 'n')} END AS h, "
        f"{content} AND ({'true' if sensitive else 'false'} OR {minor}) AS sens "
        f"FROM (SELECT raw, n, {link} AS link FROM (SELECT raw, canonical, {norm} AS n FROM "
        f"(SELECT raw, {canonical} AS canonical FROM (SELECT DISTINCT i{j} AS raw FROM x_groups WHERE i{j} IS NOT NULL) "
        f"WHERE {hashing.is_ascii_sql('raw')})))",
        {"ipad": ipad, "opad": opad},
    )
    # Values with a non-ASCII character take Python's exact normalisation (rare: full-width
    # digits, ideographic spaces, placeholders in Chinese).
    rare = [row[0] for row in con.execute(
        f"SELECT DISTINCT i{j} FROM x_groups WHERE i{j} IS NOT NULL AND NOT {hashing.is_ascii_sql(f'i{j}')}"
    ).fetchall()]  # fmt: skip
    if not rare:
        return
    rows = []
    for raw in rare:
        has_content = _CONTENT_PY.search(raw) is not None
        links = hashing.linkable(entity, hashing.normalise(entity, raw))
        born = birth_date_from_resident_id(raw) if entity == "CN_RESIDENT_ID" else None
        minor_py = born is not None and is_minor(born, on, age)
        h = hashing.keyed_hash(key, entity, raw) if links else None
        rows.append((raw, has_content, h, has_content and (sensitive or minor_py)))
    table = pa.table(dict(zip(("raw", "content", "h", "sens"), map(list, zip(*rows, strict=True)), strict=True)))
    con.register("x_rare", table)
    try:
        con.execute(f"INSERT INTO x_v{j} SELECT raw, content, CAST(h AS UUID), sens FROM x_rare")
    finally:
        con.unregister("x_rare")


def _births(con: duckdb.DuckDBPyConnection, m: int, on: dt.date, age: int) -> None:
    """x_b{m}: each distinct date-of-birth cell → content?, under the age line on the export date?"""
    values = [row[0] for row in con.execute(f"SELECT DISTINCT b{m} FROM x_groups WHERE b{m} IS NOT NULL").fetchall()]
    minors = []
    for v in values:
        born = parse_birth_date(v)
        minors.append(born is not None and is_minor(born, on, age))
    table = pa.table({"raw": pa.array(values, pa.string()), "minor": pa.array(minors, pa.bool_()),
                      "content": pa.array([_CONTENT_PY.search(v) is not None for v in values], pa.bool_())})
    con.register("x_births", table)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE x_b{m} AS SELECT * FROM x_births")
    finally:
        con.unregister("x_births")


def _assemble(con: duckdb.DuckDBPyConnection, k: int, births: int) -> None:
    hs = [f"v{j}.h AS h{j}" for j in range(k)]
    content = _any([f"coalesce(v{j}.content, false)" for j in range(k)])
    birth_content = _any([f"coalesce(d{m}.content, false)" for m in range(births)])
    key_sens = _any([f"coalesce(v{j}.sens, false)" for j in range(k)] + [f"coalesce(d{m}.minor, false)" for m in range(births)])
    joins = [f"LEFT JOIN x_v{j} v{j} ON g.i{j} = v{j}.raw" for j in range(k)]
    joins += [f"LEFT JOIN x_b{m} d{m} ON g.b{m} = d{m}.raw" for m in range(births)]
    linked = _any([f"h{j} IS NOT NULL" for j in range(k)])
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE x_rows AS SELECT *, {linked} AS linked FROM (SELECT {', '.join([*hs, ''])}"
        f"{content} AS content, {birth_content} AS birth_content, {key_sens} AS key_sens, g.n, g.n_s "
        f"FROM x_groups g {' '.join(joins)})"
    )
    if k:
        parts = " UNION ALL ".join(f"SELECT h{j} AS h, key_sens OR n_s > 0 AS s FROM x_rows WHERE h{j} IS NOT NULL" for j in range(k))
        con.execute(f"INSERT INTO {STAGED_IDS} SELECT h, bool_or(s) FROM ({parts}) GROUP BY h")
    if k > 1:  # a star from the row's first identifier to each other one
        stars = " UNION ALL ".join(
            f"SELECT coalesce({', '.join(f'h{i}' for i in range(j))}) AS a, h{j} AS b FROM x_rows "
            f"WHERE h{j} IS NOT NULL AND coalesce({', '.join(f'h{i}' for i in range(j))}) IS NOT NULL"
            for j in range(1, k)
        )
        con.execute(f"INSERT INTO {STAGED_EDGES} SELECT DISTINCT a, b FROM ({stars}) WHERE a <> b")


# Rows without an identifier: a group whose identifier cells have content (or a birth date) carries
# PI on every row; otherwise its rows with sensitive content do, and the rest need the second pass.
_UNLINKED = """
SELECT
  coalesce(sum(CASE WHEN content OR birth_content THEN n ELSE n_s END), 0),
  coalesce(sum(CASE WHEN key_sens AND (content OR birth_content) THEN n ELSE n_s END), 0),
  coalesce(sum(CASE WHEN content OR birth_content THEN 0 ELSE n - n_s END), 0)
FROM x_rows WHERE NOT linked
"""


def _no_identifier_rows(con: duckdb.DuckDBPyConnection, source: Source, r: Roles) -> int:
    """Second pass: rows with no content in identifier, birth or sensitive cells, but in another PI cell."""
    cols = [c for c, _ in r.ids] + list(r.births) + list(r.sensitive) + list(r.others)
    alias = {c: f"c{i}" for i, c in enumerate(cols)}
    empty = " AND ".join(f"NOT {_has(alias[c])}" for c in [*(c for c, _ in r.ids), *r.births, *r.sensitive]) or "true"
    other = _any([_has(alias[c]) for c in r.others])
    _run(con, source, cols, f"CREATE OR REPLACE TEMP TABLE x_pass2 AS SELECT count(*) AS n FROM {{src}} WHERE {empty} AND {other}")
    n = con.execute("SELECT n FROM x_pass2").fetchall()[0][0]
    con.execute("DROP TABLE x_pass2")
    return int(n)
