"""Compile a filing into expectations: one small builder per filed property.

A `Spec` is a GX 1.x expectation described as plain data (class name, keyword arguments, the
frame it validates) plus `meta` pointing back to the filing entry it checks and the rule it
cites. `gx_run.py` turns specs into GX objects; tests read specs without importing GX. Frames
are those of `observed.frames()`: labels, counts and value shapes, never raw values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from outbound.expectations.filing import CATEGORY_RANK, Filing
from outbound.expectations.observed import NONE, UNKNOWN
from outbound.expectations.policy import SpotCheckPolicy


@dataclass(frozen=True)
class Spec:
    frame: str  # files | columns | values | list_hits | volumes
    check: str  # a key of the policy's drift table
    expectation: str  # GX class name in great_expectations.expectations
    kwargs: dict[str, Any]
    filing_ref: str
    rule: str
    label: str

    @property
    def meta(self) -> dict[str, Any]:
        return {"filing_ref": self.filing_ref, "check": self.check, "rule": self.rule, "label": self.label}


def _lit(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a valid Python string literal for pandas .query


def _where(**equal: str) -> dict[str, str]:
    cond = " and ".join(f"{col}=={_lit(v)}" for col, v in equal.items())
    return {"row_condition": cond, "condition_parser": "pandas"}


class Compiler:
    def __init__(self, filing: Filing, policy: SpotCheckPolicy) -> None:
        self.filing, self.policy = filing, policy
        b = policy.basis
        self._art16 = f"{b.procedures} Art. {b.spot_check_article}"
        self._art11 = f"Art. {b.filing_contents_article}"

    def rule(self, check: str) -> str:
        return f"{self._art16} (一致性抽验); {self._art11} {self.policy.drift[check].filing_item}"

    def spec(self, frame: str, check: str, expectation: str, ref: str, label: str, **kwargs: Any) -> Spec:
        return Spec(frame, check, expectation, kwargs, ref, self.rule(check), label)

    # --- the builders, one per filed property -------------------------------------------------

    def datasets(self) -> Iterator[Spec]:
        refs = [f"datasets[{i}]" for i in range(len(self.filing.datasets))]
        yield self.spec("files", "undeclared_dataset", "ExpectColumnValuesToBeInSet", "datasets",
                        "every exported file belongs to a filed dataset", column="dataset_ref", value_set=refs)

    def dataset_fields(self, i: int) -> Iterator[Spec]:
        d = self.filing.datasets[i]
        refs = [self.filing.field_ref(i, j) for j in range(len(d.fields))]
        yield self.spec("columns", "undeclared_field", "ExpectColumnValuesToBeInSet", f"datasets[{i}].fields",
                        f"{d.name}: every column is a filed field", column="field_ref", value_set=refs,
                        **_where(dataset_ref=f"datasets[{i}]"))

    def field_entities(self, i: int, j: int) -> Iterator[Spec]:
        f, ref = self.filing.datasets[i].fields[j], self.filing.field_ref(i, j)
        yield self.spec("columns", "undeclared_entity", "ExpectColumnValuesToBeInSet", f"{ref}.entities",
                        f"{f.name}: only the filed entities {f.entities or '(none)'}", column="entity",
                        value_set=[*f.entities, NONE], **_where(field_ref=ref))

    def field_category(self, i: int, j: int) -> Iterator[Spec]:
        f, ref = self.filing.datasets[i].fields[j], self.filing.field_ref(i, j)
        # personal PI in a field filed as "none" is the entity check's finding; this one is about
        # a more sensitive category than filed (sensitive, important)
        ceiling = max(CATEGORY_RANK[f.category], CATEGORY_RANK["personal"])
        allowed = [c for c, r in CATEGORY_RANK.items() if 0 < r <= ceiling]
        yield self.spec("columns", "undeclared_category", "ExpectColumnValuesToBeInSet", f"{ref}.category",
                        f"{f.name}: no category more sensitive than {f.category}", column="category",
                        value_set=[*allowed, NONE], **_where(field_ref=ref))

    def field_masking(self, i: int, j: int) -> Iterator[Spec]:
        f, ref = self.filing.datasets[i].fields[j], self.filing.field_ref(i, j)
        if not f.masked:
            return
        shapes = [self.policy.clear_shapes[e] for e in f.entities if e in self.policy.clear_shapes]
        if shapes:
            yield self.spec("values", "masked_in_clear", "ExpectColumnValuesToNotMatchRegexList", f"{ref}.masked",
                            f"{f.name}: filed masked ({f.masking}); no complete {'/'.join(f.entities)} in clear",
                            column="shape", regex_list=shapes, **_where(field_ref=ref))
        else:  # no shape for these entities: the classifier validating the values means they are clear
            yield self.spec("columns", "masked_in_clear", "ExpectColumnValuesToNotBeInSet", f"{ref}.masked",
                            f"{f.name}: filed masked ({f.masking}); values must not validate as "
                            f"{'/'.join(f.entities) or 'an entity'}", column="entity",
                            value_set=list(f.entities), **_where(field_ref=ref))

    def recipients(self) -> Iterator[Spec]:
        names = [r.name for r in self.filing.recipients]
        yield self.spec("files", "recipient_not_filed", "ExpectColumnValuesToBeInSet", "recipients",
                        "every recipient is filed", column="recipient", value_set=names,
                        row_condition=f"recipient!={_lit(UNKNOWN)}", condition_parser="pandas")
        filed = ", ".join(_lit(n) for n in names)
        yield self.spec("files", "recipient_country", "ExpectColumnValuesToBeInSet", "recipients",
                        "each filed recipient is in its filed country or region", column="recipient_country",
                        value_set=[f"{r.name}|{r.country}" for r in self.filing.recipients],
                        row_condition=f"country!={_lit(UNKNOWN)} and recipient in [{filed}]",
                        condition_parser="pandas")

    def dataset_recipients(self, i: int) -> Iterator[Spec]:
        d = self.filing.datasets[i]
        if not d.recipients:
            return
        yield self.spec("files", "recipient_not_filed", "ExpectColumnValuesToBeInSet", f"datasets[{i}].recipients",
                        f"{d.name}: sent only to {', '.join(d.recipients)}", column="recipient",
                        value_set=list(d.recipients), condition_parser="pandas",
                        row_condition=f"dataset_ref=={_lit(f'datasets[{i}]')} and recipient!={_lit(UNKNOWN)}")

    def scale(self, counter: str) -> Iterator[Spec]:
        declared = getattr(self.filing.scale, counter)
        if declared is None:
            return
        yield self.spec("volumes", f"scale_{counter}", "ExpectColumnValuesToBeBetween", f"scale.{counter}",
                        f"{counter} this year at most the declared {declared:,}", column="measured",
                        min_value=0, max_value=declared, **_where(counter=counter))

    def scenarios(self) -> Iterator[Spec]:
        yield self.spec("files", "scenario_not_filed", "ExpectColumnValuesToBeInSet", "scenarios",
                        "every export belongs to a filed scenario", column="scenario",
                        value_set=[s.id for s in self.filing.scenarios],
                        row_condition=f"scenario!={_lit(UNKNOWN)}", condition_parser="pandas")

    def list_subcategories(self, k: int) -> Iterator[Spec]:
        s = self.filing.scenarios[k]
        covered = list(s.uses_list.subcategories) if s.uses_list else []
        ref = f"scenarios[{k}].uses_list.subcategories" if s.uses_list else f"scenarios[{k}]"
        yield self.spec("list_hits", "list_subcategory", "ExpectColumnValuesToBeInSet", ref,
                        f"{s.id}: list entries hit only within {covered or '(none filed)'}", column="entry",
                        value_set=covered, condition_parser="pandas",
                        row_condition=f"scenario=={_lit(s.id)} and verified==True and applies==True")

    def important_data(self) -> Iterator[Spec]:
        refs = [self.filing.field_ref(i, j) for i, d in enumerate(self.filing.datasets)
                for j, f in enumerate(d.fields) if f.category == "important"]
        yield self.spec("columns", "important_data", "ExpectColumnValuesToBeInSet", "datasets[*].fields[*].category",
                        "important data only in fields filed as important", column="field_ref", value_set=refs,
                        **_where(category="important"))

    # --- the whole filing -----------------------------------------------------------------------

    def compile(self) -> list[Spec]:
        f = self.filing
        specs = [*self.datasets(), *self.recipients(), *self.scenarios(), *self.important_data()]
        for i, d in enumerate(f.datasets):
            specs += [*self.dataset_fields(i), *self.dataset_recipients(i)]
            for j in range(len(d.fields)):
                specs += [*self.field_entities(i, j), *self.field_category(i, j), *self.field_masking(i, j)]
        for counter in ("persons", "sensitive_persons", "records"):
            specs += self.scale(counter)
        for k in range(len(f.scenarios)):
            specs += self.list_subcategories(k)
        return specs


def compile_filing(filing: Filing, policy: SpotCheckPolicy) -> list[Spec]:
    return Compiler(filing, policy).compile()
