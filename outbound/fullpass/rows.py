"""The full pass of a file whose every row is already in memory: the sample of a small file is
the whole file, so its rows are keyed from the cells the sample read, without DuckDB.

Why: a one-row CSV cost the reader about 25 ms in DuckDB (a dozen statements: grouping, the
chunk's normalising SQL, the keyed tables; measured on 280 files), more than everything else a
small file costs. Here the same steps run in Python over the cells: the rows grouped by their
identifier and birth cells (x_groups), each cell of the chunk made by the Python form of the SQL
of `keyed_rows.chunk_sql` (`identifiers.normalise`, the link shapes, `has_content`: the forms the
property tests pin to the SQL ones), then keyed by the same `ChunkKeyer` as the DuckDB pass, and
the identifiers and links gathered as `KeyedRows._ids` / `_edges` gather them. The result equals
`passes.person_keys` on the same cells (tests/fullpass/test_rows.py) but for the order of rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa

from outbound import identifiers
from outbound.common.naming import unit_of
from outbound.common.records import ColumnLabel
from outbound.fullpass.keyed_rows import ChunkKeyer
from outbound.fullpass.passes import PersonKeys
from outbound.fullpass.roles import Roles
from outbound.identifiers import has_content
from outbound.identifiers.birthdates import is_minor, parse_birth_date
from outbound.regulation.rules import EntityFile

Cells = Sequence[str | None]  # one column's cells, row by row: text, or None where empty
_RESIDENT_ID = "CN_RESIDENT_ID"


def person_keys_of_rows(
    columns: Mapping[str, Cells], labels: Sequence[ColumnLabel], *, key: bytes, on: dt.date, entities: EntityFile
) -> PersonKeys:
    """`passes.person_keys` of a file whose rows are `columns` (every column the labels name, all of
    the same length; cells as a sample holds them). No top-up: a sample that is the whole file
    leaves no column sparse."""
    labels = tuple(labels)
    r = Roles.of(labels, entities)
    n = len(next(iter(columns.values()))) if columns else 0
    if not r.any:
        return PersonKeys(n, 0, 0, identifiers.keyed_ids_schema().empty_table(),
                          identifiers.keyed_edges_schema().empty_table(), labels)  # fmt: skip
    keyer = ChunkKeyer(r, key, on, entities.minor_age_below)
    keyed, listed = keyer.key_chunk(_chunk(columns, r, on, entities.minor_age_below, n))
    unlinked = keyer.unlinked
    pass1 = r.first_pass
    unseen = {unit_of(c)[0] for c in r.others} - {unit_of(c)[0] for c in pass1}
    if r.others and (keyer.rest or (pass1 and unseen)):
        unlinked += _no_identifier_rows(columns, r, n)
    return PersonKeys(keyer.total, unlinked, keyer.unlinked_sensitive, *_ids_and_edges(keyed, listed, len(r.ids)),
                      labels)  # fmt: skip


def _groups(columns: Mapping[str, Cells], r: Roles, n: int) -> dict[tuple[str | None, ...], list[int]]:
    """x_groups: the rows by their identifier and birth cells → [rows, rows with sensitive content]."""
    if not r.first_pass:  # names or addresses only: one group of all rows, for the second pass
        return {(): [n, 0]}
    by = [columns[c] for c, _ in r.ids] + [columns[c] for c in r.births]
    sensitive = [(columns[c], c) for c in r.sensitive]
    groups: dict[tuple[str | None, ...], list[int]] = {}
    for i in range(n):
        group = groups.setdefault(tuple(cells[i] for cells in by), [0, 0])
        group[0] += 1
        group[1] += any(_content(cells[i], c) for cells, c in sensitive)
    return groups


def _content(cell: str | None, column: str) -> bool:
    return cell is not None and has_content(cell, column)


def _chunk(columns: Mapping[str, Cells], r: Roles, on: dt.date, age: int, n: int) -> pa.Table:
    """The one chunk of this file: the columns `keyed_rows.chunk_sql` selects, made in Python."""
    groups = _groups(columns, r, n)
    keys = list(groups)
    out: dict[str, pa.Array] = {
        "rows": pa.array([g[0] for g in groups.values()], pa.int64()),
        "sensitive_rows": pa.array([g[1] for g in groups.values()], pa.int64()),
    }
    cutoff = f"{on.year - age:04d}{on.month:02d}{on.day:02d}"
    for j, (_, entity) in enumerate(r.ids):
        made = [_cell(k[j], entity, cutoff) for k in keys]
        for m, name in enumerate(("linking", "unlinking", "minor", "non_ascii")):
            out[f"{name}_{j}"] = pa.array([c[m] for c in made], pa.bool_() if name == "minor" else pa.string())
    for m, column in enumerate(r.births):
        cells = [k[len(r.ids) + m] for k in keys]
        births = {v: _birth(v, on, age, column) for v in set(cells) if v is not None}  # x_birth_{m}
        out[f"birth_content_{m}"] = pa.array([v is not None and births[v][0] for v in cells], pa.bool_())
        out[f"birth_minor_{m}"] = pa.array([v is not None and births[v][1] for v in cells], pa.bool_())
    return pa.table(out)


def _cell(raw: str | None, entity: str, cutoff: str) -> tuple[str | None, str | None, bool, str | None]:
    """(linking, unlinking, minor, non_ascii) of one identifier cell, as `chunk_sql` computes them."""
    if raw is None:
        return None, None, False, None
    if not raw.isascii():  # `is_ascii_sql`: the rare others take Python's exact path in `cells`
        return None, None, False, raw
    normalised = identifiers.normalise(entity, raw)
    if not _links(entity, normalised):
        return None, raw, False, None
    minor = (entity == _RESIDENT_ID and len(normalised) == 18 and normalised[6:14] > cutoff
             and _is_date(normalised[6:14]))  # fmt: skip
    return normalised, None, minor, None


def _links(entity: str, normalised: str) -> bool:
    """`identifiers.linkable_sql`: the shape only; a resident ID's check character and birth date
    are checked on the chunk (`identifiers.valid_resident_ids`), as in the DuckDB pass."""
    if entity == _RESIDENT_ID:
        return re.fullmatch(identifiers.LINK_SHAPES[_RESIDENT_ID], normalised) is not None
    return identifiers.linkable(entity, normalised)


def _is_date(yyyymmdd: str) -> bool:
    """DuckDB's `try_strptime(x, '%Y%m%d') IS NOT NULL` for eight digits."""
    try:
        dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return True


def _birth(value: str, on: dt.date, age: int, column: str) -> tuple[bool, bool]:
    """(content?, under the age line?) of a date-of-birth cell, as `passes._births` has them."""
    born = parse_birth_date(value)
    return has_content(value, column), born is not None and is_minor(born, on, age)


def _no_identifier_rows(columns: Mapping[str, Cells], r: Roles, n: int) -> int:
    """`passes._no_identifier_rows`: rows with no content in the first pass's cells but in another PI cell."""
    first = [(columns[c], c) for c in r.first_pass]
    others = [(columns[c], c) for c in r.others]
    return sum(1 for i in range(n) if not any(_content(cells[i], c) for cells, c in first)
               and any(_content(cells[i], c) for cells, c in others))  # fmt: skip


def _ids_and_edges(keyed: pa.Table | None, listed: pa.Table | None, k: int) -> tuple[pa.Table, pa.Table]:
    """`KeyedRows._ids` and `_edges`: each identifier once (sensitive if any row of it is), and
    a star from each row's first identifier to its others, and a listing cell's first to its others."""
    ids: dict[bytes, bool] = {}
    edges: dict[tuple[bytes, bytes], None] = {}
    if keyed is not None:
        hashes = [keyed[f"hash_{j}"].combine_chunks().storage.to_pylist() for j in range(k)]
        for i, sensitive in enumerate(keyed["sensitive"].to_pylist()):
            first = None
            for h in (column[i] for column in hashes):
                if h is None:
                    continue
                ids[h] = ids.get(h, False) or bool(sensitive)
                if first is None:
                    first = h
                elif first != h:
                    edges[(first, h)] = None
    if listed is not None:
        a, b = (listed[c].combine_chunks().storage.to_pylist() for c in ("a", "b"))
        for first, other, sensitive in zip(a, b, listed["sensitive"].to_pylist(), strict=True):
            ids[other] = ids.get(other, False) or bool(sensitive)
            if first != other:
                edges[(first, other)] = None
    return _table(ids, edges)


def _table(ids: dict[bytes, bool], edges: dict[tuple[bytes, bytes], None]) -> tuple[pa.Table, pa.Table]:
    def column(values: list[bytes]) -> pa.Array:
        return identifiers.uuid_column(np.frombuffer(b"".join(values), np.uint8).reshape(-1, 16))

    id_table = pa.table([column(list(ids)), pa.array(list(ids.values()), pa.bool_())],
                        schema=identifiers.keyed_ids_schema())  # fmt: skip
    edge_table = pa.table([column([a for a, _ in edges]), column([b for _, b in edges])],
                          schema=identifiers.keyed_edges_schema())  # fmt: skip
    return id_table, edge_table
