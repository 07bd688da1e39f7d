"""The year's linking state, kept in the warehouse so that a night's work follows its export.

A person is a connected component of keyed identifiers over a processor-year's exports. Counting
the year from scratch re-links every identifier of the year each night, so a nightly scan grew
with the year (docs/performance.md). Instead the state (tables `year_*` in schema.sql: each
identifier's person, each person's size and sensitivity, the groups each person appears in, the
counts) is merged with the exports a transaction records, in that transaction (`merge_exports`:
one export, or the many small files of a batch at once): their identifiers are looked up, the
persons they reach are united (scipy over those persons only), and only those persons' rows and
the counts of their groups change.

`year_links.stamp` names the exports the state holds. Merging needs the state to hold exactly the
year's other exports; otherwise (an export deleted: the year's stamp changes under the state; a
warehouse from before these tables) it is left stale and rebuilt from the year's export_nodes and
export_edges (`rebuild`: a full recount, connected components over the whole year) when the year
is next counted by a writing connection. A scan killed mid-way rolls back with its export, state
included.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb

from outbound.common.records import ExportRecord
from outbound.warehouse.sqlfiles import sql

if TYPE_CHECKING:
    import numpy as np

STATE_TABLES = ("year_links", "year_nodes", "year_persons", "year_groups", "year_tally")
EMPTY = "0:0:0"  # the stamp of a year without exports
CROWDED_OVER = 10  # persons.CROWDED_IDENTIFIERS is this (see there why)


def script(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> None:
    """Run the statements of sql/`name`.sql in order; DuckDB binds parameters one statement at a time."""
    text = "\n".join(line for line in sql(name).splitlines() if not line.lstrip().startswith("--"))
    for statement in filter(str.strip, text.split(";")):
        con.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})


def _one(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> Any:
    rows = con.execute(sql(name), params).fetchall()
    return rows[0][0] if rows else None


def year_stamp(con: duckdb.DuckDBPyConnection, processor: str, year: int, *, but: Sequence[int] = ()) -> str:
    """Which exports of the processor-year are recorded (all but the exports `but`)."""
    return str(_one(con, "year_stamp", {"processor": processor, "year": year, "except": list(but)}))


def fresh(con: duckdb.DuckDBPyConnection, processor: str, year: int) -> bool:
    """Whether the stored state holds exactly the year's recorded exports (a warehouse from before
    the state, opened read-only, has no such tables: not fresh)."""
    try:
        state = _one(con, "year_state_stamp", {"processor": processor, "year": year})
    except duckdb.CatalogException:
        return False
    return state is not None and state == year_stamp(con, processor, year)


@dataclass(frozen=True)
class Merged:
    """One just-recorded export as its year's state takes it: its groups and its rows without an
    identifier (`unlinked`, of them `unlinked_sensitive`)."""

    export_id: int
    export: ExportRecord
    scenario: str | None
    unlinked: int
    unlinked_sensitive: int

    def keys(self) -> dict[str, str]:
        return {"recipient": self.export.recipient or "", "month": f"{self.export.exported_on:%Y-%m}",
                "scenario": self.scenario or ""}  # fmt: skip


def merge_exports(con: duckdb.DuckDBPyConnection, processor: str, year: int, merged: Sequence[Merged]) -> bool:
    """Merge just-recorded exports of one processor-year into its state at once (one, or a batch of
    small files: the same state as merging them one by one); False (state left stale) when the
    state does not hold exactly the year's other exports."""
    import numpy as np
    import pyarrow as pa

    where = {"processor": processor, "year": year}
    ids = [m.export_id for m in merged]
    state, others = _one(con, "year_state_stamp", where), year_stamp(con, processor, year, but=ids)
    if state is None and others == EMPTY:  # the year's first exports: its state starts empty
        con.execute("INSERT INTO year_links VALUES ($processor, $year, $stamp, 0, 0)", {**where, "stamp": EMPTY})
    elif state != others:
        return False
    span = {"lo": min(ids), "hi": max(ids)}
    keys = [(m.export_id, dim, key, m.unlinked, m.unlinked_sensitive) for m in merged for dim, key in m.keys().items()]
    con.register("ekeys", pa.table(dict(zip(("export_id", "dim", "key", "unlinked", "unlinked_sensitive"),
                                            map(list, zip(*keys, strict=True)), strict=True))))  # fmt: skip
    try:
        found = con.execute(sql("year_export_roots"), {**where, **span}).fetchnumpy()
        edges = con.execute(sql("year_export_edges"), span).fetchnumpy()
        node = found["node"].astype(np.int64)
        known = ~np.ma.getmaskarray(found["root"])
        before = np.where(known, np.ma.getdata(found["root"]).astype(np.int64), node)
        old_root, new_root = _unite(node, before, edges["a"].astype(np.int64), edges["b"].astype(np.int64))
        after = new_root[np.searchsorted(old_root, before)]
        con.register("touch", pa.table({"old_root": old_root.astype(np.int32), "new_root": new_root.astype(np.int32)}))
        con.register("enodes", pa.table({"node": node.astype(np.int32), "sensitive": found["sensitive"].astype(bool),
                                         "root": after.astype(np.int32), "fresh": ~known}))  # fmt: skip
        script(con, "year_merge", {**where, **span, "unlinked": sum(m.unlinked for m in merged),
                                   "unlinked_sensitive": sum(m.unlinked_sensitive for m in merged),
                                   "crowded_over": CROWDED_OVER, "stamp": year_stamp(con, processor, year)})  # fmt: skip
        if np.isin(old_root[old_root != new_root], before[known]).any():  # known persons joined
            script(con, "year_relabel", where)
    finally:
        with contextlib.suppress(duckdb.Error):  # after a failure the transaction only rolls back
            for name in ("touch", "enodes", "ekeys"):
                con.unregister(name)
            for name in ("old_persons", "new_persons", "old_groups", "new_groups", "gone", "egroups"):
                con.execute(f"DROP TABLE IF EXISTS {name}")
    return True


def _unite(node: np.ndarray, root: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The persons an export reaches (`root` of each of its identifiers `node`; its row links a-b,
    as nodes) → (old_root sorted, new_root): persons linked by the export become one, named by
    the smallest root among them. Connected components over the reached persons only (scipy)."""
    import numpy as np

    from outbound.warehouse.components import labels

    order = np.argsort(node)
    to_root = root[order]
    ra, rb = to_root[np.searchsorted(node[order], a)], to_root[np.searchsorted(node[order], b)]
    old_root, inverse = np.unique(np.concatenate([root, ra, rb]), return_inverse=True)
    n = len(root)
    label = labels(len(old_root), inverse[n:n + len(a)], inverse[n + len(a):])
    smallest = np.full(int(label.max()) + 1 if len(label) else 0, np.iinfo(np.int64).max)
    np.minimum.at(smallest, label, old_root)
    return old_root, smallest[label]


def rebuild(con: duckdb.DuckDBPyConnection, processor: str, year: int, window: dict[str, Any]) -> None:
    """Replace the processor-year's state by a full recount of `window` (`Warehouse.window` of the
    year): connected components over all its identifiers, then the tables by SQL."""
    import numpy as np
    import pyarrow as pa

    from outbound.warehouse.components import labels

    node = np.unique(window["nodes"]["node"].astype(np.int64))
    edges = window["edges"]
    size = int(node.max()) + 1 if len(node) else 0
    label = labels(size, edges["a"].astype(np.int64), edges["b"].astype(np.int64))[node]
    components, first = np.unique(label, return_index=True)  # `node` is sorted: first is smallest
    smallest = np.zeros(size, dtype=np.int64)
    smallest[components] = node[first]
    where = {"processor": processor, "year": year}
    script(con, "year_clear", where)
    con.register("roots", pa.table({"node": node.astype(np.int32), "root": smallest[label].astype(np.int32)}))
    try:
        script(con, "year_rebuild", {**where, "stamp": year_stamp(con, processor, year), "crowded_over": CROWDED_OVER})
    finally:
        con.unregister("roots")


def tally_rows(con: duckdb.DuckDBPyConnection, processor: str, year: int) -> list[tuple[Any, ...]]:
    """(dim, key, persons, sensitive, unlinked, unlinked_sensitive, crowded, largest) per group."""
    return con.execute(sql("year_tally"), {"processor": processor, "year": year}).fetchall()
