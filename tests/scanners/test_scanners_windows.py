"""Byte windows give back whole lines, named by the offset where each starts, whatever the cut."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from outbound.scanners import sampling
from outbound.scanners.windows import read_windows

TEXT = "".join(
    f"{i},{'名' * (i % 7)}{'x' * (i % 13)}\r\n" if i % 5 == 0 else f"{i},{'y' * (i % 31)}\n"
    for i in range(400)
)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("final_newline", [True, False], ids=["ends-with-newline", "no-final-newline"])
@pytest.mark.parametrize("size", [1, 7, 64, 1000])
def test_when_windows_fall_anywhere_then_every_line_is_whole_and_at_its_offset(
    tmp_path: Path, encoding: str, final_newline: bool, size: int
) -> None:
    data = (TEXT if final_newline else TEXT.rstrip("\n")).encode(encoding)
    path = tmp_path / "lines.txt"
    path.write_bytes(data)
    starts = np.random.default_rng(size).integers(0, len(data), 60).tolist() + [0, len(data) - 1]
    every_line = {}
    at = 0
    for line in data.splitlines(keepends=True):
        every_line[at] = line
        at += len(line)

    lines = read_windows(path, starts, size)

    assert lines and list(lines) == sorted(lines)
    assert all(every_line[offset] == line for offset, line in lines.items())
    assert all(line.decode(encoding) for line in lines.values())  # whole characters
    assert 0 in lines  # a start of 0 keeps the first line
    for start in starts:  # each window yields the first line starting at or after it
        first = min((o for o in every_line if o >= start), default=None)
        assert first is None or first in lines


def test_when_a_line_is_longer_than_the_window_then_the_window_grows_to_hold_it(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"a\n" + b"z" * 5000 + b"\nb\n")
    assert read_windows(path, [1], 16)[2] == b"z" * 5000 + b"\n"


def test_when_a_window_starts_inside_the_last_line_then_it_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "end.txt"
    path.write_bytes(b"a\nbbbb")
    assert read_windows(path, [3], 2) == {}
    assert read_windows(path, [2], 2) == {2: b"bbbb"}


def test_when_planning_windows_then_the_head_comes_first_and_the_rest_are_seeded() -> None:
    starts, size = sampling.window_plan(sampling.window_rng(3), 100, 10**9, rows=4000, line_bytes=60)
    again, _ = sampling.window_plan(sampling.window_rng(3), 100, 10**9, rows=4000, line_bytes=60)
    other, _ = sampling.window_plan(sampling.window_rng(4), 100, 10**9, rows=4000, line_bytes=60)
    assert starts[0] == 100 and starts == again and starts != other
    assert all(100 <= s < 10**9 for s in starts)
    assert (len(starts) - 1) * size >= 4000 * 60  # enough bytes for the rows asked
    assert size >= sampling.ROWS_PER_WINDOW * 60


def test_when_many_rows_are_asked_then_windows_grow_rather_than_multiply() -> None:
    starts, size = sampling.window_plan(sampling.window_rng(0), 0, 10**12, rows=10**7, line_bytes=100)
    assert len(starts) == sampling.MAX_WINDOWS + 1
    assert size * sampling.MAX_WINDOWS >= 10**9
