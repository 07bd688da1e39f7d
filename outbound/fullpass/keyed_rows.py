"""The chunk keyer: x_groups (the rows grouped by their raw identifier cells) → keyed identifiers.

SQL normalises each identifier cell (ASCII cells; the rare others take Python's exact
`identifiers.normalise`), checks its shape and flags content and a minor's birth date; the keyed
hash (`identifiers.keyed_hashes`, a whole column per call) and the staging happen on the Arrow
chunk. Per group row that gives each cell's hash when it links, and whether the row carries PI and
is sensitive; rows with no linking identifier are only counted (`unlinked`, and `rest`: rows whose
PI, if any, is in other columns and needs the second pass).

Columns of the generated SQL, for identifier column j and date-of-birth column m:

    x_groups     id_{j}, birth_{m}        the raw cells the rows were grouped by
                 rows, sensitive_rows     the group's rows, and those with sensitive content
    x_birth_{m}  raw, content, minor      each distinct birth cell: has content? under the age line?
    chunk        raw_{j}                  the raw identifier cell
                 is_ascii_{j}             it is ASCII (SQL normalises it; others take Python)
                 is_canonical_{j}         it is ASCII and written canonically: normalising is the identity
                 normalised_{j}           the normalised ASCII cell
                 links_{j}                it has the entity's shape: it links a person
                 linking_{j}              the normalised cell, where it links
                 unlinking_{j}            the raw ASCII cell, where it links no one (content? a list?)
                 minor_{j}                a resident ID whose birth date is under the age line
                 non_ascii_{j}            the raw cell, where it is not ASCII
                 birth_content_{m}        the birth cell has content
                 birth_minor_{m}          the birth date is under the age line
    x_keyed      hash_{j}, sensitive      each identifier's keyed hash (null: no link), and the row's
    x_listed     a, b, sensitive          a cell listing identifiers: its first one, each other one
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from outbound import identifiers
from outbound.fullpass.cells import ListedCells, flags, key_column
from outbound.fullpass.roles import Roles

CHUNK_ROWS = 1 << 19  # group rows keyed per round trip: bounds the memory of one chunk


class ChunkKeyer:
    """Chunks (the columns of `chunk_sql`'s SELECT, module docstring) → rows of x_keyed and
    x_listed, counting the rows and the unlinked ones. Holds no connection: the full pass of a
    file read whole in memory (`outbound.fullpass.rows`) makes its chunk without DuckDB."""

    def __init__(self, r: Roles, key: bytes, on: dt.date, age: int) -> None:
        self.r, self.key, self.on, self.age = r, key, on, age
        self.total = self.unlinked = self.unlinked_sensitive = self.rest = 0

    def key_chunk(self, t: pa.Table) -> tuple[pa.Table | None, pa.Table | None]:
        """Key one chunk and count its unlinked rows: the rows to append to x_keyed and x_listed."""
        size = t.num_rows
        rows, sensitive_rows = (t[c].to_numpy().astype(np.int64) for c in ("rows", "sensitive_rows"))
        self.total += int(rows.sum())
        content, key_sens = np.zeros(size, bool), np.zeros(size, bool)
        hashes: list[np.ndarray] = []
        present: list[np.ndarray] = []
        lists = ListedCells()
        for j, (column, entity) in enumerate(self.r.ids):
            kinds = self.r.listed.get(column, (entity,))
            h, has, c, minor = key_column(t, j, column, entity, kinds, key=self.key, on=self.on, age=self.age, lists=lists)
            hashes.append(h)
            present.append(has)
            content |= c
            key_sens |= c & ((column in self.r.sensitive_ids) | minor)
        birth_content = np.zeros(size, bool)
        for m in range(len(self.r.births)):
            birth_content |= flags(t[f"birth_content_{m}"])
            key_sens |= flags(t[f"birth_minor_{m}"])
        linked = np.logical_or.reduce(present) if present else np.zeros(size, bool)
        self._count_unlinked(linked, content | birth_content, key_sens, rows, sensitive_rows)
        if not hashes:
            return None, None
        sensitive = key_sens | (sensitive_rows > 0)
        columns = {f"hash_{j}": identifiers.uuid_column(h, p) for j, (h, p) in enumerate(zip(hashes, present, strict=True))}
        return pa.table({**columns, "sensitive": sensitive}), lists.table(sensitive)

    def _count_unlinked(
        self, linked: np.ndarray, pi: np.ndarray, key_sens: np.ndarray, rows: np.ndarray, sensitive_rows: np.ndarray
    ) -> None:
        """Rows without a linking identifier: a group whose identifier cells have content (or a
        birth date) carries PI on every row; otherwise its rows with sensitive content do, and the
        rest (`rest`) may carry PI only in other columns, which the second pass looks at."""
        pi = pi[~linked]
        n_free, s_free = rows[~linked], sensitive_rows[~linked]
        self.unlinked += int(np.where(pi, n_free, s_free).sum())
        self.unlinked_sensitive += int(np.where(key_sens[~linked] & pi, n_free, s_free).sum())
        self.rest += int(np.where(pi, 0, n_free - s_free).sum())


class KeyedRows(ChunkKeyer):
    """x_groups → staged keyed identifiers, a chunk of group rows at a time (see the module docstring)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, r: Roles, key: bytes, on: dt.date, age: int) -> None:
        super().__init__(r, key, on, age)
        self.con = con

    def run(self) -> tuple[pa.Table, pa.Table]:
        """(ids, edges): see `PersonKeys`."""
        columns = ", ".join([*(f"hash_{j} UUID" for j in range(len(self.r.ids))), "sensitive BOOLEAN"])
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE x_keyed ({columns})")
        self.con.execute("CREATE OR REPLACE TEMP TABLE x_listed (a UUID, b UUID, sensitive BOOLEAN)")
        self._key_chunks()
        try:
            return self._ids(), self._edges()
        finally:
            self.con.execute("DROP TABLE x_keyed")
            self.con.execute("DROP TABLE x_listed")

    def _key_chunks(self) -> None:
        con = self.con
        groups = con.execute("SELECT count(*) FROM x_groups").fetchall()[0][0]
        query = chunk_sql(self.r, self.on, self.age)

        def fetch(lo: int) -> pa.Table:
            return con.sql(query.replace("{lo}", str(lo)).replace("{hi}", str(lo + CHUNK_ROWS))).to_arrow_table()

        # DuckDB normalises chunk k+1 (releasing the GIL) while this thread keys chunk k; the
        # connection is used by one thread at a time: the insert waits for the next fetch.
        with ThreadPoolExecutor(1, thread_name_prefix="full-pass") as pool:
            chunk = fetch(0) if groups else None
            for lo in range(0, groups, CHUNK_ROWS):
                ahead = pool.submit(fetch, lo + CHUNK_ROWS) if lo + CHUNK_ROWS < groups else None
                keyed, listed = self.key_chunk(chunk)
                chunk = ahead.result() if ahead else None
                if keyed is not None:
                    self._insert("x_keyed", keyed)
                if listed is not None:
                    self._insert("x_listed", listed)

    def _ids(self) -> pa.Table:
        k = len(self.r.ids)
        if not k:
            return identifiers.keyed_ids_schema().empty_table()
        parts = [f"SELECT hash_{j} AS h, sensitive FROM x_keyed WHERE hash_{j} IS NOT NULL" for j in range(k)]
        parts += ["SELECT b AS h, sensitive FROM x_listed"] if self._listed() else []
        query = f"SELECT h, bool_or(sensitive) AS sensitive FROM ({' UNION ALL '.join(parts)}) GROUP BY h"
        return _arrow(self.con, query, identifiers.keyed_ids_schema())

    def _edges(self) -> pa.Table:
        """A star from the row's first identifier to each other one, and a cell's first to its others."""
        k, listed = len(self.r.ids), self._listed()
        if not (k > 1 or listed):
            return identifiers.keyed_edges_schema().empty_table()
        stars = []
        for j in range(1, k):
            first = f"coalesce({', '.join(f'hash_{i}' for i in range(j))})"
            stars.append(f"SELECT {first} AS a, hash_{j} AS b FROM x_keyed WHERE hash_{j} IS NOT NULL AND {first} IS NOT NULL")
        stars += ["SELECT a, b FROM x_listed"] if listed else []
        query = f"SELECT DISTINCT a, b FROM ({' UNION ALL '.join(stars)}) WHERE a <> b"
        return _arrow(self.con, query, identifiers.keyed_edges_schema())

    def _listed(self) -> bool:
        return bool(self.con.execute("SELECT count(*) FROM x_listed").fetchall()[0][0])

    def _insert(self, table: str, rows: pa.Table) -> None:
        self.con.register("x_chunk", rows)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM x_chunk")
        finally:
            self.con.unregister("x_chunk")


def chunk_sql(r: Roles, on: dt.date, age: int) -> str:
    """One SELECT over a rowid range of x_groups ({lo}, {hi}); its columns: the module docstring."""
    cutoff = f"{on.year - age:04d}{on.month:02d}{on.day:02d}"
    first, second, third, out = ["g.rows", "g.sensitive_rows"], ["*"], ["*"], ["rows", "sensitive_rows"]
    for j, (_, entity) in enumerate(r.ids):
        ascii_ = identifiers.is_ascii_sql(f"g.id_{j}")
        # Most cells are written canonically already (an ID in upper case without separators):
        # for them normalising is the identity, so the regex replace runs only on the others.
        canonical = identifiers.canonical_sql(entity, f"g.id_{j}")
        first += [f"g.id_{j} AS raw_{j}", f"{ascii_} AS is_ascii_{j}", f"coalesce({ascii_} AND {canonical}, false) AS is_canonical_{j}"]
        second.append(f"CASE WHEN is_canonical_{j} THEN raw_{j} WHEN is_ascii_{j} THEN "
                      f"{identifiers.normalise_sql(entity, f'raw_{j}')} END AS normalised_{j}")  # fmt: skip
        third.append(f"CASE WHEN is_canonical_{j} THEN true WHEN is_ascii_{j} THEN "
                     f"coalesce({identifiers.linkable_sql(entity, f'normalised_{j}')}, false) ELSE false END AS links_{j}")  # fmt: skip
        minor = "false"
        if entity == "CN_RESIDENT_ID":  # under the age line by the birth date inside the ID (yyyymmdd at 7-14)
            minor = (f"CASE WHEN links_{j} AND length(normalised_{j}) = 18 AND substr(normalised_{j}, 7, 8) > '{cutoff}' "
                     f"THEN try_strptime(substr(normalised_{j}, 7, 8), '%Y%m%d') IS NOT NULL ELSE false END")  # fmt: skip
        # whether a cell that links no one has content is asked in Python (`has_content`): in
        # SQL DuckDB evaluated it for every cell, linking or not (0.6 s for 4 M cells, measured)
        out += [f"CASE WHEN links_{j} THEN normalised_{j} END AS linking_{j}",
                f"CASE WHEN is_ascii_{j} AND NOT links_{j} THEN raw_{j} END AS unlinking_{j}",
                f"{minor} AS minor_{j}", f"CASE WHEN NOT is_ascii_{j} THEN raw_{j} END AS non_ascii_{j}"]  # fmt: skip
    for m in range(len(r.births)):
        first += [f"coalesce(d{m}.content, false) AS birth_content_{m}", f"coalesce(d{m}.minor, false) AS birth_minor_{m}"]
        out += [f"birth_content_{m}", f"birth_minor_{m}"]
    joins = " ".join(f"LEFT JOIN x_birth_{m} d{m} ON g.birth_{m} = d{m}.raw" for m in range(len(r.births)))
    inner = f"SELECT {', '.join(first)} FROM x_groups g {joins} WHERE g.rowid >= {{lo}} AND g.rowid < {{hi}}"
    return f"SELECT {', '.join(out)} FROM (SELECT {', '.join(third)} FROM (SELECT {', '.join(second)} FROM ({inner})))"


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

