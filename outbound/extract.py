"""Full pass over a file's labelled PI columns → per-row keyed hashes and sensitive flags.

This is the step where raw values are last seen: what leaves it is row numbers, entity names,
keyed hashes and booleans. Hashing is done once per distinct value (an HMAC costs more than reading).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from outbound.classifiers import birth_date_from_resident_id, is_minor, parse_birth_date
from outbound.common import hashing
from outbound.common.records import Category, ColumnLabel
from outbound.common.rules import EntityFile
from outbound.scanners import Source

PI = (Category.PERSONAL, Category.SENSITIVE)


@dataclass(frozen=True)
class PersonFrames:
    rows: pd.DataFrame  # row_no, sensitive — one per row carrying any PI
    ids: pd.DataFrame  # row_no, entity, id_hash — identifiers on those rows
    total_rows: int


def _has_content(series: pd.Series) -> pd.Series:
    return series.notna() & series.astype("string").str.contains(r"[0-9A-Za-z\u3400-\u9fff]", regex=True).fillna(
        False
    )


def person_frames(
    source: Source, labels: tuple[ColumnLabel, ...], *, key: bytes, on: dt.date, entities: EntityFile
) -> PersonFrames:
    pi = [lab for lab in labels if lab.entity and lab.category in PI]
    empty_rows = pd.DataFrame({"row_no": pd.Series(dtype="int64"), "sensitive": pd.Series(dtype="bool")})
    empty_ids = pd.DataFrame(
        {"row_no": pd.Series(dtype="int64"), "entity": pd.Series(dtype="str"), "id_hash": pd.Series(dtype="str")}
    )
    if not pi:
        return PersonFrames(empty_rows, empty_ids, source.count_rows())

    id_cols = [(lab.column, lab.entity) for lab in pi if lab.entity and entities.entities[lab.entity].identifier]
    sensitive_cols = [lab.column for lab in pi if lab.category is Category.SENSITIVE]
    birth_cols = [
        (lab.column, birth_date_from_resident_id if lab.entity == "CN_RESIDENT_ID" else parse_birth_date)
        for lab in pi
        if lab.entity in ("CN_RESIDENT_ID", "DATE_OF_BIRTH")
    ]
    hash_cache: dict[tuple[str, str], str] = {}
    minor_cache: dict[tuple[str, str], bool] = {}

    def keyed(entity: str, value: str) -> str:
        k = (entity, value)
        if k not in hash_cache:
            hash_cache[k] = hashing.keyed_hash(key, entity, value)
        return hash_cache[k]

    def minor(column: str, value: str, parse) -> bool:  # type: ignore[no-untyped-def]
        k = (column, value)
        if k not in minor_cache:
            born = parse(value)
            minor_cache[k] = born is not None and is_minor(born, on, entities.minor_age_below)
        return minor_cache[k]

    row_parts, id_parts, offset = [], [], 0
    for batch in source.iter_columns([lab.column for lab in pi]):
        row_no = pd.RangeIndex(offset, offset + len(batch))
        batch.index = row_no
        offset += len(batch)
        present = pd.DataFrame({lab.column: _has_content(batch[lab.column]) for lab in pi})
        carries_pi = present.any(axis=1)
        sensitive = present[sensitive_cols].any(axis=1) if sensitive_cols else pd.Series(False, index=row_no)
        for column, parse in birth_cols:
            values = batch[column][present[column]]
            sensitive |= values.map(lambda v, c=column, p=parse: minor(c, v, p)).reindex(row_no, fill_value=False)
        row_parts.append(pd.DataFrame({"row_no": row_no[carries_pi], "sensitive": sensitive[carries_pi].to_numpy()}))
        for column, entity in id_cols:
            values = batch[column][present[column]]
            id_parts.append(
                pd.DataFrame(
                    {
                        "row_no": values.index,
                        "entity": entity,
                        "id_hash": [keyed(entity, v) for v in values],
                    }
                )
            )
    rows = pd.concat(row_parts, ignore_index=True) if row_parts else empty_rows
    ids = pd.concat(id_parts, ignore_index=True) if id_parts else empty_ids
    # one identifier of a kind per row: two ID columns on one row must not collide on the key
    ids = ids.drop_duplicates(["row_no", "entity"], keep="first")
    return PersonFrames(rows.astype({"row_no": "int64", "sensitive": "bool"}), ids, offset)
