"""Full pass over a file's labelled PI columns → keyed person identifiers, in a DuckDB of its own.

This is the step where raw values are last seen: what leaves it is keyed hashes, booleans and
counts (`PersonKeys`: `ids`, each keyed identifier once with whether a row carrying it was
sensitive; `edges`, pairs of identifiers seen on one row), which `Warehouse.record_export` records.
`person_keys_apart` runs it in a forked child on an in-memory database (`full_pass_connection`):
raw cells never pass through the DuckDB of the process that writes the warehouse file, whose
unused block space DuckDB would write out as it finds it (see `outbound.fullpass.apart`).

One pass over the file groups the rows by their raw identifier cells (and date-of-birth cells);
everything after that works on those group rows, in chunks: DuckDB normalises each cell and checks
its shape and, for a resident ID, the under-14 birth date; the keyed hash (AES-CMAC,
`identifiers.keyed_hashes`) keys a whole chunk's column at once; SQL then groups the hashes into the
identifiers and the row links. A second pass over the other PI columns (names, addresses) runs
only when some rows have no identifier at all: such a row counts as one person when any PI cell of
it has content.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from outbound.identifiers.birthdates import birth_date_from_resident_id, is_minor, parse_birth_date
from outbound import identifiers
from outbound.fullpass.apart import run_apart
from outbound.identifiers import has_content, has_content_sql
from outbound.common.records import Category, ColumnLabel
from outbound.regulation.rules import EntityFile
from outbound.scanners import Source
from outbound.scanners.nesting import unit_of
from outbound.fullpass.stream import Stream, count_records, open_fallback, open_stream
from outbound.warehouse.store import bound_memory

PI = (Category.PERSONAL, Category.SENSITIVE)


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
class Roles:
    ids: tuple[tuple[str, str], ...]  # (column, entity) of identifier columns
    sensitive: tuple[str, ...]  # other columns whose content makes the row sensitive
    sensitive_ids: frozenset[str]  # identifier columns whose content is itself sensitive
    births: tuple[str, ...]  # DATE_OF_BIRTH columns
    others: tuple[str, ...]  # remaining PI columns: their content only makes a row carry PI
    listed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # column → entities its list cells may hold

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
        listed = {  # the column's own entity first, then others the sample found in it, then the strict shapes
            lab.column: tuple(e for e in dict.fromkeys((lab.entity, *lab.entities, *identifiers.STRICT_SHAPES))
                              if e in spec and spec[e].identifier)
            for lab in pi if lab.column in id_cols
        }  # fmt: skip
        return cls(ids, sensitive, sensitive_ids, births, others, listed)


def _has(col: str, column: str) -> str:
    return has_content_sql(col, column)


def _any(parts: Sequence[str]) -> str:
    return "(" + " OR ".join(parts) + ")" if parts else "false"


def _run(con: duckdb.DuckDBPyConnection, source: Source, columns: Sequence[str], sql: str) -> None:
    """Run `sql` over a stream of `columns` ({src}); a file DuckDB rejects is read through pandas."""
    try:
        stream: Stream = open_stream(con, source, columns)
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
    stream = open_fallback(con, source, columns)  # raises UnreadableExport naming the problem
    try:
        con.execute(sql.replace("{src}", stream.sql))
    finally:
        stream.close()


def person_keys(
    con: duckdb.DuckDBPyConnection, source: Source, labels: Sequence[ColumnLabel], *, key: bytes, on: dt.date,
    entities: EntityFile, sparse: Sequence[str] = (),
) -> PersonKeys:
    """The keyed identifiers of every row of `source`, read with `con`; see the module docstring.

    `sparse`: columns the sample held too few cells of to label (FileClassification.sparse); up to
    SPARSE_TOP_UP of their non-empty cells in the whole file are classified first."""
    labels = top_up_sparse(con, source, labels, sparse, on=on) if sparse else tuple(labels)
    r = Roles.of(labels, entities)
    if not (r.ids or r.births or r.sensitive or r.others):
        return PersonKeys(_count_rows(con, source), 0, 0, identifiers.keyed_ids_schema().empty_table(),
                          identifiers.keyed_edges_schema().empty_table(), labels)  # fmt: skip
    pass1 = [c for c, _ in r.ids] + list(r.births) + list(r.sensitive)
    alias = {c: f"c{i}" for i, c in enumerate(pass1)}
    keys = [f"{alias[c]} AS i{j}" for j, (c, _) in enumerate(r.ids)]
    keys += [f"{alias[c]} AS b{m}" for m, c in enumerate(r.births)]
    sens_row = _any([_has(alias[c], c) for c in r.sensitive])
    if pass1:
        _run(con, source, pass1, (
            f"CREATE OR REPLACE TEMP TABLE x_groups AS SELECT {', '.join([*keys, ''])}count(*) AS n, "
            f"count(*) FILTER (WHERE {sens_row}) AS n_s FROM {{src}} GROUP BY ALL"
        ))  # fmt: skip
    else:  # names or addresses only: the rows of one of them, for the second pass to look at
        _run(con, source, r.others[:1], "CREATE OR REPLACE TEMP TABLE x_groups AS SELECT count(*) AS n, 0 AS n_s FROM {src}")
    for m, _ in enumerate(r.births):
        _births(con, m, on, entities.minor_age_below, r.births[m])
    keyed = _KeyedRows(con, r, key, on, entities.minor_age_below)
    ids, edges = keyed.run()
    unlinked = keyed.unlinked
    # The second pass also reads the rows pass 1 never saw: those of an array whose objects hold no
    # identifier, birth or sensitive column (a booking's guests named beside its customer's e-mail).
    unseen = {unit_of(c)[0] for c in r.others} - {unit_of(c)[0] for c in pass1}
    if r.others and (keyed.rest or (pass1 and unseen)):
        unlinked += _no_identifier_rows(con, source, r)
    for table in ["x_groups", *(f"x_b{m}" for m in range(len(r.births)))]:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    # the objects of a JSON array are rows of their own (two guests of a booking are two persons), and
    # a workbook's sheets without PI are not read: the export's size is its records all the same
    total = keyed.total if source.rows_are_records([*pass1, *r.others]) else count_records(con, source)
    return PersonKeys(total, unlinked, keyed.unlinked_sensitive, ids, edges, labels)


def top_up_sparse(
    con: duckdb.DuckDBPyConnection, source: Source, labels: Sequence[ColumnLabel], sparse: Sequence[str], *, on: dt.date
) -> tuple[ColumnLabel, ...]:
    """`labels`, each column of `sparse` classified again on up to SPARSE_TOP_UP of its non-empty
    cells in the whole file: one more read of those columns (all of them at once), which the
    scan's full pass makes anyway; an empty column costs that read and nothing else. The cells
    kept are those of the smallest hashes (a top-N aggregate: bounded memory even when a column
    empty in a head sample fills the rest of the file), a spread over the file, not its start."""
    from outbound.classifiers import SPARSE_TOP_UP
    from outbound.classifiers.vote import classify_column
    from outbound.regulation import rules

    cells = ", ".join(f"arg_min(c{i}, hash(c{i}), {SPARSE_TOP_UP}) FILTER (WHERE c{i} IS NOT NULL) AS v{i}"
                      for i in range(len(sparse)))  # fmt: skip
    _run(con, source, list(sparse), f"CREATE OR REPLACE TEMP TABLE x_sparse AS SELECT {cells} FROM {{src}}")
    found = con.execute("SELECT * FROM x_sparse").fetchall()[0]
    con.execute("DROP TABLE x_sparse")
    relabelled = {}
    for column, values in zip(sparse, found, strict=True):
        if values:
            label = classify_column(column, values, on=on, entity_rules=rules.entities(on), header_rules=rules.headers(on))
            if label.entity:
                relabelled[column] = label
    return tuple(relabelled.get(lab.column, lab) for lab in labels)


def full_pass_connection(spill: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for the full pass: bounded memory, spilling into `spill` (private)."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # DuckDB would draw it on our stdout in a long pass
    bound_memory(con, spill)
    return con


def person_keys_apart(
    source: Source, labels: Sequence[ColumnLabel], *, key: bytes, on: dt.date, entities: EntityFile,
    workdir: Path, meanwhile: Callable[[], None] | None = None, sparse: Sequence[str] = (),
) -> PersonKeys:
    """`person_keys` in a forked child on its own in-memory DuckDB (see the module docstring).

    `workdir`: a private directory for the child's spill files and the two tables it hands back
    (Arrow IPC files of keyed hashes, memory-mapped here). `meanwhile` runs here while it works.
    """

    def work() -> tuple[int, int, int, tuple[ColumnLabel, ...]]:
        con = full_pass_connection(workdir)
        try:
            keys = person_keys(con, source, labels, key=key, on=on, entities=entities, sparse=sparse)
        finally:
            con.close()
        for name, table in (("ids", keys.ids), ("edges", keys.edges)):
            with pa.ipc.new_file(workdir / f"{name}.arrow", table.schema) as out:
                out.write_table(table)
        return keys.total_rows, keys.unlinked, keys.unlinked_sensitive, keys.labels  # labels hold no cell

    total, unlinked, unlinked_sensitive, used = run_apart(work, what=f"full pass over {source.path}", meanwhile=meanwhile)
    ids, edges = (pa.ipc.open_file(pa.memory_map(str(workdir / f"{n}.arrow"))).read_all() for n in ("ids", "edges"))
    return PersonKeys(total, unlinked, unlinked_sensitive, ids, edges, used)


def _count_rows(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    if source.format in ("csv", "parquet"):
        stream = open_stream(con, source, source.columns()[:1])
        try:
            return int(con.execute(f"SELECT count(*) FROM {stream.sql}").fetchall()[0][0])
        finally:
            stream.close()
    return source.count_rows()


def _births(con: duckdb.DuckDBPyConnection, m: int, on: dt.date, age: int, column: str) -> None:
    """x_b{m}: each distinct date-of-birth cell → content?, under the age line on the export date?"""
    values = [row[0] for row in con.execute(f"SELECT DISTINCT b{m} FROM x_groups WHERE b{m} IS NOT NULL").fetchall()]
    minors = []
    for v in values:
        born = parse_birth_date(v)
        minors.append(born is not None and is_minor(born, on, age))
    table = pa.table({"raw": pa.array(values, pa.string()), "minor": pa.array(minors, pa.bool_()),
                      "content": pa.array([has_content(v, column) for v in values], pa.bool_())})
    con.register("x_births", table)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE x_b{m} AS SELECT * FROM x_births")
    finally:
        con.unregister("x_births")


CHUNK_ROWS = 1 << 19  # group rows keyed per round trip: bounds the memory of one chunk


class _KeyedRows:
    """x_groups → staged keyed identifiers, a chunk of group rows at a time.

    SQL normalises each identifier cell (ASCII cells; the rare others take Python's exact
    `identifiers.normalise`), checks its shape and flags content and a minor's birth date; the keyed
    hash (`identifiers.keyed_hashes`, a whole column per call) and the staging happen on the Arrow
    chunk. Per group row that gives each cell's hash when it links, and whether the row carries PI
    and is sensitive; rows with no linking identifier are only counted (`unlinked`, and `rest`:
    rows whose PI, if any, is in other columns and needs the second pass).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, r: Roles, key: bytes, on: dt.date, age: int) -> None:
        self.con, self.r, self.key, self.on, self.age = con, r, key, on, age
        self.total = self.unlinked = self.unlinked_sensitive = self.rest = 0
        self.list_links: list[pa.Table] = []  # x_listed rows of the chunk keyed last (see `_chunk`)

    def run(self) -> tuple[pa.Table, pa.Table]:
        """(ids, edges): see `PersonKeys`."""
        con, k = self.con, len(self.r.ids)
        columns = ", ".join([*(f"h{j} UUID" for j in range(k)), "s BOOLEAN"])
        con.execute(f"CREATE OR REPLACE TEMP TABLE x_keyed ({columns})")
        con.execute("CREATE OR REPLACE TEMP TABLE x_listed (a UUID, b UUID, s BOOLEAN)")
        groups = con.execute("SELECT count(*) FROM x_groups").fetchall()[0][0]
        query = self._sql()

        def fetch(lo: int) -> pa.Table:
            return con.sql(query.replace("{lo}", str(lo)).replace("{hi}", str(lo + CHUNK_ROWS))).to_arrow_table()

        # DuckDB normalises chunk k+1 (releasing the GIL) while this thread keys chunk k; the
        # connection is used by one thread at a time: the insert waits for the next fetch.
        with ThreadPoolExecutor(1, thread_name_prefix="full-pass") as pool:
            chunk = fetch(0) if groups else None
            for lo in range(0, groups, CHUNK_ROWS):
                ahead = pool.submit(fetch, lo + CHUNK_ROWS) if lo + CHUNK_ROWS < groups else None
                keyed = self._chunk(chunk)
                chunk = ahead.result() if ahead else None
                if keyed is not None:
                    self._insert("x_keyed", keyed)
                if self.list_links:
                    self._insert("x_listed", pa.concat_tables(self.list_links))
                    self.list_links.clear()
        ids, edges = identifiers.keyed_ids_schema().empty_table(), identifiers.keyed_edges_schema().empty_table()
        listed = con.execute("SELECT count(*) FROM x_listed").fetchall()[0][0]
        if k:
            parts = [f"SELECT h{j} AS h, s FROM x_keyed WHERE h{j} IS NOT NULL" for j in range(k)]
            parts += ["SELECT b AS h, s FROM x_listed"] if listed else []
            ids = _arrow(con, f"SELECT h, bool_or(s) AS sensitive FROM ({' UNION ALL '.join(parts)}) GROUP BY h",
                         identifiers.keyed_ids_schema())  # fmt: skip
        if k > 1 or listed:  # a star from the row's first identifier to each other one
            stars = [
                f"SELECT coalesce({', '.join(f'h{i}' for i in range(j))}) AS a, h{j} AS b FROM x_keyed "
                f"WHERE h{j} IS NOT NULL AND coalesce({', '.join(f'h{i}' for i in range(j))}) IS NOT NULL"
                for j in range(1, k)
            ]
            stars += ["SELECT a, b FROM x_listed"] if listed else []  # a cell's first identifier to its others
            edges = _arrow(con, f"SELECT DISTINCT a, b FROM ({' UNION ALL '.join(stars)}) WHERE a <> b",
                           identifiers.keyed_edges_schema())  # fmt: skip
        con.execute("DROP TABLE x_keyed")
        con.execute("DROP TABLE x_listed")
        return ids, edges

    def _sql(self) -> str:
        """One SELECT over a rowid range of x_groups ({lo}, {hi}); see the class docstring."""
        ids, births = self.r.ids, self.r.births
        cutoff = f"{self.on.year - self.age:04d}{self.on.month:02d}{self.on.day:02d}"
        first, second, third, out = ["g.n", "g.n_s"], ["*"], ["*"], ["n", "n_s"]
        for j, (_, entity) in enumerate(ids):
            # Most cells are written canonically already (an ID in upper case without separators):
            # for them normalising is the identity, so the regex replace runs only on the others.
            canonical = identifiers.canonical_sql(entity, f"g.i{j}")
            first += [f"g.i{j} AS raw{j}", f"{identifiers.is_ascii_sql(f'g.i{j}')} AS asc{j}",
                      f"coalesce({identifiers.is_ascii_sql(f'g.i{j}')} AND {canonical}, false) AS can{j}"]
            second.append(f"CASE WHEN can{j} THEN raw{j} WHEN asc{j} THEN {identifiers.normalise_sql(entity, f'raw{j}')} END AS nn{j}")
            third.append(f"CASE WHEN can{j} THEN true WHEN asc{j} THEN coalesce({identifiers.linkable_sql(entity, f'nn{j}')}, false) "
                         f"ELSE false END AS lk{j}")
            minor = "false"
            if entity == "CN_RESIDENT_ID":  # under the age line by the birth date inside the ID (yyyymmdd at 7-14)
                minor = (f"CASE WHEN lk{j} AND length(nn{j}) = 18 AND substr(nn{j}, 7, 8) > '{cutoff}' THEN "
                         f"try_strptime(substr(nn{j}, 7, 8), '%Y%m%d') IS NOT NULL ELSE false END")
            # whether a cell that links no one has content is asked in Python (`has_content`): in
            # SQL DuckDB evaluated it for every cell, linking or not (0.6 s for 4 M cells, measured)
            out += [f"CASE WHEN lk{j} THEN nn{j} END AS n{j}", f"CASE WHEN asc{j} AND NOT lk{j} THEN raw{j} END AS u{j}",
                    f"{minor} AS m{j}", f"CASE WHEN NOT asc{j} THEN raw{j} END AS r{j}"]  # fmt: skip
        for m in range(len(births)):
            first += [f"coalesce(d{m}.content, false) AS bc{m}", f"coalesce(d{m}.minor, false) AS bm{m}"]
            out += [f"bc{m}", f"bm{m}"]
        joins = " ".join(f"LEFT JOIN x_b{m} d{m} ON g.b{m} = d{m}.raw" for m in range(len(births)))
        inner = f"SELECT {', '.join(first)} FROM x_groups g {joins} WHERE g.rowid >= {{lo}} AND g.rowid < {{hi}}"
        return (f"SELECT {', '.join(out)} FROM (SELECT {', '.join(third)} FROM "
                f"(SELECT {', '.join(second)} FROM ({inner})))")

    def _chunk(self, t: pa.Table) -> pa.Table | None:
        """Key one chunk and count its unlinked rows; the keyed rows to append to x_keyed."""
        size = t.num_rows
        n, n_s = (t[c].to_numpy().astype(np.int64) for c in ("n", "n_s"))
        self.total += int(n.sum())
        content = np.zeros(size, bool)
        key_sens = np.zeros(size, bool)
        hashes: list[np.ndarray] = []
        present: list[np.ndarray] = []
        lists: list[tuple[int, bytes, bytes]] = []  # (row, first, other) of cells listing identifiers
        for j, (column, entity) in enumerate(self.r.ids):
            h, has, c, minor = self._keyed_column(t, j, entity, lists)
            hashes.append(h)
            present.append(has)
            content |= c
            key_sens |= c & ((column in self.r.sensitive_ids) | minor)
        birth_content = np.zeros(size, bool)
        for m in range(len(self.r.births)):
            birth_content |= _flags(t[f"bc{m}"])
            key_sens |= _flags(t[f"bm{m}"])
        # Rows without a linking identifier: a group whose identifier cells have content (or a birth
        # date) carries PI on every row; otherwise its rows with sensitive content do, and the rest
        # (`rest`) may carry PI only in other columns, which the second pass looks at.
        linked = np.logical_or.reduce(present) if present else np.zeros(size, bool)
        pi = (content | birth_content)[~linked]
        n_free, s_free = n[~linked], n_s[~linked]
        self.unlinked += int(np.where(pi, n_free, s_free).sum())
        self.unlinked_sensitive += int(np.where(key_sens[~linked] & pi, n_free, s_free).sum())
        self.rest += int(np.where(pi, 0, n_free - s_free).sum())
        if not hashes:
            return None
        sensitive = key_sens | (n_s > 0)
        if lists:
            rows = np.array([row for row, _, _ in lists], np.int64)
            first = np.frombuffer(b"".join(a for _, a, _ in lists), np.uint8).reshape(-1, 16)
            other = np.frombuffer(b"".join(b for _, _, b in lists), np.uint8).reshape(-1, 16)
            self.list_links.append(pa.table({"a": identifiers.uuid_column(first), "b": identifiers.uuid_column(other),
                                         "s": sensitive[rows]}))  # fmt: skip
        columns = {f"h{j}": identifiers.uuid_column(h, p) for j, (h, p) in enumerate(zip(hashes, present, strict=True))}
        return pa.table({**columns, "s": sensitive})  # hash per identifier (null: no link), sensitive

    def _keyed_column(
        self, t: pa.Table, j: int, entity: str, lists: list[tuple[int, bytes, bytes]]
    ) -> tuple[np.ndarray, ...]:
        """Hash (n, 2 uint64), links?, content?, minor? of identifier column j of a chunk. A cell
        listing several identifiers (`identifiers.split_mixed`: of the column's entity, others the
        sample found in it, or strictly shaped ones) links by its first one and adds
        (row, first, other) to `lists` for each other one."""
        column = self.r.ids[j][0]
        norm = t[f"n{j}"].combine_chunks()
        has = norm.is_valid().to_numpy(zero_copy_only=False)
        content, minor = has.copy(), _flags(t[f"m{j}"])  # a cell that links has content
        unlinking = t[f"u{j}"].combine_chunks()
        split: dict[int, list[tuple[str, str]]] = {}  # row → the (entity, identifier) its cell lists
        kinds = self.r.listed.get(column, (entity,))
        for i in np.flatnonzero(unlinking.is_valid().to_numpy(zero_copy_only=False)):
            raw = unlinking[int(i)].as_py()
            content[i] = has_content(raw, column)
            if content[i] and (parts := identifiers.split_mixed(raw, kinds)):
                split[int(i)] = parts
        if entity == "CN_RESIDENT_ID":  # the check character and birth date (identifiers.linkable)
            valid = identifiers.valid_resident_ids(norm)
            minor &= valid  # a birth date inside an ID that is none says nothing
            for i in np.flatnonzero(has & ~valid):  # well-shaped, but no ID: 000000000000000000 is no content
                content[i] = has_content(norm[int(i)].as_py(), column)
            has &= valid
            norm = pc.if_else(pa.array(has), norm, pa.scalar(None, norm.type))
        h = identifiers.keyed_hashes(self.key, entity, norm).view(np.uint64)  # zero where norm is null
        rare = t[f"r{j}"].combine_chunks()
        for i in np.flatnonzero(rare.is_valid().to_numpy(zero_copy_only=False)):
            # a value with a non-ASCII character: Python's exact normalisation (full-width digits,
            # ideographic spaces, placeholders in Chinese), rare enough to take one by one
            raw = rare[int(i)].as_py()
            content[i] = has_content(raw, column)
            if identifiers.linkable(entity, identifiers.normalise(entity, raw)):
                has[i] = True
                h[i] = np.frombuffer(bytes.fromhex(identifiers.keyed_hash(self.key, entity, raw)), np.uint64)
                born = birth_date_from_resident_id(raw) if entity == "CN_RESIDENT_ID" else None
                minor[i] = born is not None and is_minor(born, self.on, self.age)
            elif content[i] and (parts := identifiers.split_mixed(raw, kinds)):
                split[int(i)] = parts
        for row, parts in split.items():
            keyed = [identifiers.keyed_normalised(self.key, e, v) for e, v in parts]
            has[row] = True
            h[row] = np.frombuffer(keyed[0], np.uint64)
            lists.extend((row, keyed[0], other) for other in keyed[1:])
            # a child among the IDs listed makes the row sensitive
            minor[row] = any(e == "CN_RESIDENT_ID" and (born := birth_date_from_resident_id(v)) is not None
                             and is_minor(born, self.on, self.age) for e, v in parts)  # fmt: skip
        return h, has, content, minor

    def _insert(self, table: str, rows: pa.Table) -> None:
        self.con.register("x_chunk", rows)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM x_chunk")
        finally:
            self.con.unregister("x_chunk")


def _arrow(con: duckdb.DuckDBPyConnection, query: str, schema: pa.Schema) -> pa.Table:
    """A query's result as `schema`: UUIDs as Arrow's uuid type, booleans as plain booleans."""
    con.execute("SET arrow_lossless_conversion = true")  # UUIDs leave DuckDB as 16 bytes, not text
    try:
        table = con.sql(query).to_arrow_table()
    finally:
        con.execute("RESET arrow_lossless_conversion")
    columns = []
    for f, col in zip(schema, table.columns, strict=True):
        if pa.types.is_boolean(f.type) and isinstance(col.type, pa.ExtensionType):  # DuckDB's bool8
            col = pc.not_equal(pa.chunked_array([c.storage for c in col.chunks], col.type.storage_type), 0)
        columns.append(col)
    return pa.Table.from_arrays(columns, schema=schema)


def _flags(column: pa.ChunkedArray) -> np.ndarray:
    """A nullable boolean column as a numpy bool array, null as False."""
    return pc.fill_null(column, False).to_numpy(zero_copy_only=False).astype(bool)


def _no_identifier_rows(con: duckdb.DuckDBPyConnection, source: Source, r: Roles) -> int:
    """Second pass: rows with no content in identifier, birth or sensitive cells, but in another PI cell."""
    cols = [c for c, _ in r.ids] + list(r.births) + list(r.sensitive) + list(r.others)
    alias = {c: f"c{i}" for i, c in enumerate(cols)}
    empty = " AND ".join(f"NOT {_has(alias[c], c)}" for c in [*(c for c, _ in r.ids), *r.births, *r.sensitive]) or "true"
    other = _any([_has(alias[c], c) for c in r.others])
    _run(con, source, cols, f"CREATE OR REPLACE TEMP TABLE x_pass2 AS SELECT count(*) AS n FROM {{src}} WHERE {empty} AND {other}")
    n = con.execute("SELECT n FROM x_pass2").fetchall()[0][0]
    con.execute("DROP TABLE x_pass2")
    return int(n)
