"""One identifier column of a chunk keyed: the cells SQL normalised, keyed a column at a time; the
rare others (non-ASCII, lists of identifiers) one by one in Python. Column names: `keyed_rows`."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from outbound import identifiers
from outbound.identifiers import has_content
from outbound.identifiers.birthdates import birth_date_from_resident_id, is_minor


class ListedCells:
    """Cells listing several identifiers (`identifiers.split_mixed`): each links by its first one,
    and (row, first, other) is kept for each other one, to link them."""

    def __init__(self) -> None:
        self.links: list[tuple[int, bytes, bytes]] = []

    def table(self, sensitive: np.ndarray) -> pa.Table | None:
        """x_listed rows: (first, other) hashes and whether the row is sensitive; None: no list."""
        if not self.links:
            return None
        rows = np.array([row for row, _, _ in self.links], np.int64)
        first = np.frombuffer(b"".join(a for _, a, _ in self.links), np.uint8).reshape(-1, 16)
        other = np.frombuffer(b"".join(b for _, _, b in self.links), np.uint8).reshape(-1, 16)
        return pa.table({"a": identifiers.uuid_column(first), "b": identifiers.uuid_column(other),
                         "sensitive": sensitive[rows]})  # fmt: skip


def key_column(
    t: pa.Table, j: int, column: str, entity: str, kinds: tuple[str, ...], *, key: bytes, on: dt.date, age: int,
    lists: ListedCells,
) -> tuple[np.ndarray, ...]:
    """Hash (n, 2 uint64), links?, content?, minor? of identifier column j of a chunk. A cell
    listing several identifiers (of the column's entity, others the sample found in it, or
    strictly shaped ones: `kinds`) links by its first one and is added to `lists`."""
    norm = t[f"linking_{j}"].combine_chunks()
    has = norm.is_valid().to_numpy(zero_copy_only=False)
    content, minor = has.copy(), flags(t[f"minor_{j}"])  # a cell that links has content
    split: dict[int, list[tuple[str, str]]] = {}  # row → the (entity, identifier) its cell lists
    unlinking = t[f"unlinking_{j}"].combine_chunks()
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
    h = identifiers.keyed_hashes(key, entity, norm).view(np.uint64)  # zero where norm is null
    cells = (h, has, content, minor)
    _non_ascii(t[f"non_ascii_{j}"].combine_chunks(), column, entity, kinds, cells, split, key=key, on=on, age=age)
    for row, parts in split.items():
        keyed = [identifiers.keyed_normalised(key, e, v) for e, v in parts]
        has[row] = True
        h[row] = np.frombuffer(keyed[0], np.uint64)
        lists.links.extend((row, keyed[0], other) for other in keyed[1:])
        # a child among the IDs listed makes the row sensitive
        minor[row] = any(e == "CN_RESIDENT_ID" and (born := birth_date_from_resident_id(v)) is not None
                         and is_minor(born, on, age) for e, v in parts)  # fmt: skip
    return cells


def _non_ascii(
    rare: pa.Array, column: str, entity: str, kinds: tuple[str, ...], cells: tuple[np.ndarray, ...],
    split: dict[int, list[tuple[str, str]]], *, key: bytes, on: dt.date, age: int,
) -> None:
    """The cells with a non-ASCII character, through Python's exact normalisation (full-width
    digits, ideographic spaces, placeholders in Chinese): rare enough to take one by one."""
    h, has, content, minor = cells
    for i in np.flatnonzero(rare.is_valid().to_numpy(zero_copy_only=False)):
        raw = rare[int(i)].as_py()
        content[i] = has_content(raw, column)
        if identifiers.linkable(entity, identifiers.normalise(entity, raw)):
            has[i] = True
            h[i] = np.frombuffer(bytes.fromhex(identifiers.keyed_hash(key, entity, raw)), np.uint64)
            born = birth_date_from_resident_id(raw) if entity == "CN_RESIDENT_ID" else None
            minor[i] = born is not None and is_minor(born, on, age)
        elif content[i] and (parts := identifiers.split_mixed(raw, kinds)):
            split[int(i)] = parts


def flags(column: pa.ChunkedArray) -> np.ndarray:
    """A nullable boolean column as a numpy bool array, null as False."""
    return pc.fill_null(column, False).to_numpy(zero_copy_only=False).astype(bool)
