"""What each labelled PI column does in the full pass: links persons, dates a birth, makes a row
sensitive, or only says the row carries PI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from outbound import identifiers
from outbound.common.records import Category, ColumnLabel
from outbound.regulation.rules import EntityFile

PI = (Category.PERSONAL, Category.SENSITIVE)


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

    @property
    def first_pass(self) -> list[str]:
        """The columns the first pass groups the rows by: identifiers, births, sensitive ones."""
        return [c for c, _ in self.ids] + list(self.births) + list(self.sensitive)

    @property
    def any(self) -> bool:
        return bool(self.ids or self.births or self.sensitive or self.others)
