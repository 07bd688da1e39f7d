"""The streaming JSON reader gives the records json.loads would, and the same errors, in chunks."""

from __future__ import annotations

import io
import json
import re
from itertools import islice

import pytest

import outbound.scanners.json_items as json_items
from outbound.scanners.json_items import JsonShapeError, iter_records

RECORDS = [
    {
        "id": f"{i:04d}",
        "n": i * 7919,
        "x": -1.5e-3 * i,
        "ok": i % 2 == 0,
        "none": None,
        "s": '名"\\\n' * (i % 3),
        "guest": {"name": f"测试{i}", "tags": ["a", {"b": i}]},
    }
    for i in range(200)
]
SHAPES = {
    "array": RECORDS,
    "wrapped-meta-first": {"exported_at": "2025-01-01", "meta": {"n": 200, "ok": True}, "records": RECORDS},
    "wrapped-meta-after": {"records": RECORDS, "count": 200, "source": {"system": "x"}},
}


@pytest.fixture(params=[7, 64, 1 << 16], ids=["chunk-7", "chunk-64", "chunk-64k"])
def chunk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Tiny chunks put every token across a chunk boundary somewhere."""
    monkeypatch.setattr(json_items, "CHUNK_CHARS", request.param)
    return int(request.param)


@pytest.mark.parametrize("indent", [None, 2], ids=["one-line", "pretty"])
@pytest.mark.parametrize("shape", list(SHAPES), ids=list(SHAPES))
def test_when_a_document_is_streamed_then_records_equal_json_loads(
    chunk: int, shape: str, indent: int | None
) -> None:
    text = json.dumps(SHAPES[shape], ensure_ascii=False, indent=indent)
    assert list(iter_records(io.StringIO(text))) == RECORDS


def test_when_only_the_head_is_wanted_then_the_rest_is_not_read(chunk: int) -> None:
    text = json.dumps(RECORDS * 50, ensure_ascii=False)  # ~1.4 MB: many chunks of every size
    stream = io.StringIO(text)
    assert list(islice(iter_records(stream), 3)) == RECORDS[:3]
    assert stream.tell() < len(text) / 10


@pytest.mark.parametrize(
    "text",
    [
        '[{"a": 1},',
        '[{"a": 1} {"a": 2}]',
        '[{"a": 1}]\n\n  x',
        '{"records": [{"a": 1}], "n": }',
        '[{"a": "unterminated}]',
        '[{"a": tru}]',
        '\n\n   [{"a": 1},\n  {"a": 1.}]',
        "",
    ],
    ids=[
        "truncated",
        "missing-comma",
        "extra-data",
        "bad-member",
        "unterminated",
        "bad-literal",
        "bad-number",
        "empty",
    ],
)
def test_when_a_document_is_broken_then_line_and_column_match_json(chunk: int, text: str) -> None:
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(JsonShapeError) as caught:
        list(iter_records(io.StringIO(text)))
    e = expected.value
    assert str(caught.value).startswith(f"not valid JSON at line {e.lineno} column {e.colno}: ")


@pytest.mark.parametrize(
    ("doc", "words"),
    [
        (42, "found a JSON int"),
        ("text", "found a JSON str"),
        ({"a": [], "b": [{"x": 1}]}, "holds 2 arrays (a, b)"),
        ({"n": 1}, "holds 0 arrays"),
        ({}, "holds 0 arrays"),
        ({"rows": [{"a": 1}, [2]]}, "rows[1] is a JSON list, not an object"),
        ([{"a": 1}, None], "item[1] is a JSON NoneType, not an object"),
    ],
    ids=["scalar", "string", "two-arrays", "no-array", "empty-object", "item-list", "item-null"],
)
def test_when_a_document_is_not_records_then_the_error_says_what_it_is(doc: object, words: str) -> None:
    with pytest.raises(JsonShapeError, match=re.escape(words)):
        list(iter_records(io.StringIO(json.dumps(doc))))


def test_when_the_array_is_empty_then_there_are_no_records() -> None:
    assert list(iter_records(io.StringIO('{"records": [ ], "n": 0}'))) == []
    assert list(iter_records(io.StringIO("[]"))) == []


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ('[{"a": 1}]', "array"),
        ('{"records": [{"a": 1}], "n": 2}', "member"),
        ('{"code": 0, "data": {"list": [{"a": 1}]}}', "object"),
        ('{"passengers": [{"a": 1}], "crew": [{"a": 2}]}', "object"),
        ('{"a": 1}', "object"),
        ('{"a": 1}\n{"a": 2}\n', "values"),
        ("42", "scalar"),
    ],
)
def test_when_a_document_is_walked_then_its_shape_is_named(text: str, shape: str) -> None:
    from outbound.scanners.json_items import document_shape

    assert document_shape(io.StringIO(text)) == shape


def test_when_top_level_values_follow_each_other_then_each_object_is_a_record() -> None:
    from outbound.scanners.json_items import iter_values

    assert list(iter_values(io.StringIO('{"a": 1}\n\n{"a": 2} {"a": 3}'))) == [{"a": 1}, {"a": 2}, {"a": 3}]
    with pytest.raises(JsonShapeError, match="top-level value 1 is a JSON list"):
        list(iter_values(io.StringIO('{"a": 1}\n[1]')))
