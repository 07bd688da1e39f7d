"""Samples are reproducible and uniform; streaming sees every row once, in order."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from scanner_fixtures import Writer, numbered_rows

import outbound.scanners.base as base
from outbound.scanners import open_source
from outbound.scanners.sampling import sample_rows

NAMES = ["s.csv", "s.csv.gz", "s.jsonl", "s.json", "s.parquet", "s.xlsx"]


@pytest.fixture(scope="module")
def thousand() -> list[dict[str, str | None]]:
    return numbered_rows(1000)


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_when_sampled_twice_with_one_seed_then_frames_are_equal(write_export: Writer, thousand, name) -> None:
    path = write_export(name, thousand)
    first = open_source(path).sample(50, seed=7)
    again = open_source(path).sample(50, seed=7)
    pd.testing.assert_frame_equal(first, again)
    assert len(first) == 50
    assert first.index.is_monotonic_increasing and first.index.is_unique
    assert first["row"].tolist() == [f"{i:05d}" for i in first.index]


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_when_seeds_differ_then_rows_differ(write_export: Writer, thousand, name) -> None:
    source = open_source(write_export(name, thousand))
    assert source.sample(50, seed=7)["row"].tolist() != source.sample(50, seed=8)["row"].tolist()


def test_when_formats_differ_then_one_seed_picks_the_same_rows(write_export: Writer, thousand) -> None:
    picked = {
        name: open_source(write_export(name, thousand)).sample(30, 11)["row"].tolist() for name in NAMES
    }
    assert len({tuple(rows) for rows in picked.values()}) == 1


def test_when_file_is_longer_than_a_batch_then_the_sample_does_not_change(
    write_export: Writer, thousand, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = open_source(write_export("s.csv", thousand))
    whole = source.sample(40, 5)
    monkeypatch.setattr(base, "SAMPLE_BATCH_ROWS", 64)  # 16 batches: the reservoir path
    pd.testing.assert_frame_equal(source.sample(40, 5), whole)


@pytest.mark.parametrize("n", [1000, 5000], ids=["n-equals-rows", "n-above-rows"])
def test_when_n_is_at_least_the_row_count_then_all_rows_come_back_in_order(
    write_export: Writer, thousand, n: int
) -> None:
    sample = open_source(write_export("s.csv", thousand)).sample(n, seed=3)
    assert sample.to_dict("records") == thousand


def test_when_n_is_zero_then_the_sample_is_empty_with_columns(write_export: Writer, thousand) -> None:
    sample = open_source(write_export("s.jsonl", thousand)).sample(0, seed=3)
    assert sample.empty and list(sample.columns) == ["row", "code", "name"]


def test_when_sampling_many_seeds_then_every_row_is_equally_likely() -> None:
    frame = pd.DataFrame({"v": range(10)})
    counts = Counter(
        v for seed in range(2000) for v in sample_rows([frame.iloc[:4], frame.iloc[4:]], 5, seed)["v"]
    )
    assert all(abs(c / 2000 - 0.5) < 0.05 for c in counts.values()) and len(counts) == 10


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_when_streaming_in_small_batches_then_every_row_comes_once_in_order(
    write_export: Writer, thousand, name
) -> None:
    source = open_source(write_export(name, thousand))
    frames = list(source.iter_columns(["code", "row"], batch_rows=128))
    assert len(frames) == 8
    assert all(list(f.columns) == ["code", "row"] and len(f) <= 128 for f in frames)
    streamed = pd.concat(frames)
    assert streamed["row"].tolist() == [r["row"] for r in thousand]
    assert streamed["code"].tolist() == [r["code"] for r in thousand]
    assert streamed.index.tolist() == list(range(1000))
    assert source.count_rows() == 1000
