"""A column the sample holds too few cells of is looked at again by the full pass: a health note on
one row in a thousand is still sensitive personal information, and its persons count as such."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from outbound.classifiers import classify_source
from outbound.demo.identifiers import make_mobile
from outbound.pipeline import flow
from outbound.scanners import open_source

ROWS, NOTED = 20_000, range(5_000, 20_000, 600)  # 25 rows with a health note


def _export(tmp_path: Path, suffix: str = ".csv") -> Path:
    rng = random.Random(4)
    rows = [(f"SO{i:06d}", make_mobile(rng), "高血压" if i in NOTED else None) for i in range(ROWS)]
    path = tmp_path / f"2026-05-01_orders{suffix}"
    if suffix == ".parquet":
        columns = {name: [r[k] for r in rows] for k, name in enumerate(["订单号", "手机号", "健康状况"])}
        pq.write_table(pa.table(columns), path)
    else:
        lines = ["订单号,手机号,健康状况", *(f"{o},{m},{h or ''}" for o, m, h in rows)]
        path.write_text("\n".join(lines) + "\n", encoding="gb18030" if suffix == ".gbk.csv" else "utf-8")
    return path


# GB18030 is read through pyarrow and the Arrow stream, UTF-8 CSV and Parquet by DuckDB itself
@pytest.mark.parametrize("suffix", [".csv", ".gbk.csv", ".parquet"])
def test_when_a_sensitive_column_is_sparse_then_the_full_pass_labels_it_and_counts_its_persons(tmp_path: Path, suffix: str):
    path = _export(tmp_path, suffix)
    sampled = classify_source(open_source(path), sample_rows=100, seed=0, on=dt.date(2026, 5, 1))
    assert "健康状况" in sampled.sparse and not {c.column for c in sampled.labelled} & {"健康状况"}
    wh = tmp_path / "w.duckdb"
    (outcome,) = flow.scan([path], processor="p", warehouse=wh, sample_rows=100)
    assert outcome.status == "recorded", outcome.error
    assert {c.column: c.entity for c in outcome.labels}["健康状况"] == "HEALTH_INFO"
    counts, _ = flow.persons(wh, "p", 2026)
    assert (counts.persons, counts.sensitive_persons) == (ROWS, len(NOTED))


def test_when_the_sample_is_the_whole_file_then_no_column_is_sparse(tmp_path: Path):
    path = _export(tmp_path)
    sampled = classify_source(open_source(path), sample_rows=ROWS + 1, seed=0, on=dt.date(2026, 5, 1))
    assert sampled.sparse == ()


def test_when_dates_of_birth_are_zoned_timestamps_then_children_are_found(tmp_path: Path):
    """A Parquet column of tz-aware timestamps (UTC midnight): Arrow spells …000Z for the sample,
    DuckDB …+00 in the full pass; both read as the date."""
    rng = random.Random(6)
    births = [dt.datetime(2016 if i < 12 else 1975, 1 + i % 12, 1 + i % 28) for i in range(30)]
    table = pa.table({"name": ["王伟"] * 30, "mobile": [make_mobile(rng) for _ in births],
                      "birth_date": pa.array(births, pa.timestamp("ms", tz="UTC"))})  # fmt: skip
    path = tmp_path / "2026-05-01_members.parquet"
    pq.write_table(table, path)
    wh = tmp_path / "w.duckdb"
    (outcome,) = flow.scan([path], processor="p", warehouse=wh)
    assert {c.column: c.entity for c in outcome.labels}["birth_date"] == "DATE_OF_BIRTH"
    counts, _ = flow.persons(wh, "p", 2026)
    assert (counts.persons, counts.sensitive_persons) == (30, 12)


def test_when_a_column_empty_at_the_start_fills_the_rest_of_a_gzip_then_the_top_up_labels_it(tmp_path: Path):
    """The top-up keeps the cells of the smallest hashes (bounded however many the file holds), so
    a column empty in the first rows, as a head sample of a large .csv.gz sees it, is labelled."""
    import gzip

    import duckdb

    from outbound.classifiers import SPARSE_TOP_UP
    from outbound.classifiers.vote import classify_column
    from outbound.common.records import ColumnLabel
    from outbound.fullpass import TopUp, top_up_sparse
    from outbound.regulation import rules
    from outbound.scanners import streamed

    rng = random.Random(9)
    lines = ["订单号,手机号,健康状况"] + [f"SO{i:06d},{make_mobile(rng)}," for i in range(6000)]
    lines += [f"SO{i:06d},{make_mobile(rng)},{rng.choice(['高血压', '糖尿病', '哮喘', '色弱'])}" for i in range(6000, 40000)]
    path = tmp_path / "2026-05-01_orders.csv.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    unlabelled = tuple(ColumnLabel(c, None, None, 0.0, 0.0) for c in ("订单号", "手机号", "健康状况"))
    on = dt.date(2026, 5, 1)
    top_up = TopUp(("健康状况",), SPARSE_TOP_UP, lambda column, values: classify_column(
        column, values, on=on, entity_rules=rules.entities(on), header_rules=rules.headers(on)))
    labels = top_up_sparse(duckdb.connect(), streamed(open_source(path)), unlabelled, top_up)
    assert [c.entity for c in labels] == [None, None, "HEALTH_INFO"]
