"""Compiling a filing: one builder per filed property, each expectation's meta pointing back."""

from __future__ import annotations

import re
from typing import Any

import pytest

from outbound.demo.filings import filing_for
from outbound.demo.zone import PROCESSORS
from outbound.expectations.builders import compile_filing
from outbound.expectations.filing import Filing, parse_filing
from outbound.expectations.policy import CHECKS, load_policy
from tests.expectations.cases import base_filing

STEP = re.compile(r"([a-z_]+)(?:\[(\d+|\*)\])?")


def _resolve(data: Any, ref: str) -> bool:
    """Does the dotted/indexed path `ref` name something in the filing's data?"""
    nodes = [data]
    for part in ref.split("."):
        m = STEP.fullmatch(part)
        assert m, f"malformed filing_ref {ref!r}"
        key, index = m.groups()
        nxt = []
        for node in nodes:
            if not isinstance(node, dict) or key not in node:
                return False
            value = node[key]
            if index == "*":
                nxt += list(value)
            elif index is not None:
                if int(index) >= len(value):
                    return False
                nxt.append(value[int(index)])
            else:
                nxt.append(value)
        nodes = nxt
    return True


def _filings():
    yield pytest.param(parse_filing(base_filing(), "base"), id="base")
    for pid, spec in PROCESSORS.items():
        yield pytest.param(parse_filing(filing_for(spec.profile()), pid), id=pid)


@pytest.mark.parametrize("filing", _filings())
def test_when_a_filing_is_compiled_then_every_expectation_points_to_an_existing_entry(filing: Filing):
    specs = compile_filing(filing, load_policy())
    data = filing.model_dump(mode="json")
    for spec in specs:
        assert spec.meta["filing_ref"] == spec.filing_ref and _resolve(data, spec.filing_ref), spec.filing_ref
        assert spec.meta["check"] in CHECKS and "Art. 16" in spec.meta["rule"]
    n_fields = sum(len(d.fields) for d in filing.datasets)
    by_check = {c: sum(s.check == c for s in specs) for c in CHECKS}
    assert by_check["undeclared_entity"] == by_check["undeclared_category"] == n_fields
    assert by_check["masked_in_clear"] == sum(f.masked for d in filing.datasets for f in d.fields)


def test_when_a_field_is_masked_then_its_value_check_uses_the_policy_shape_of_its_entity():
    specs = compile_filing(parse_filing(base_filing(), "base"), load_policy())
    masked = [s for s in specs if s.check == "masked_in_clear"]
    assert len(masked) == 1 and masked[0].frame == "values"
    assert masked[0].kwargs["regex_list"] == [load_policy().clear_shapes["BANK_CARD"]]
    assert masked[0].kwargs["row_condition"] == 'field_ref=="datasets[0].fields[3]"'


def test_when_records_are_not_declared_then_no_records_expectation_is_built():
    data = base_filing()
    data["scale"].pop("records")
    checks = {s.check for s in compile_filing(parse_filing(data, "base"), load_policy())}
    assert "scale_persons" in checks and "scale_records" not in checks
