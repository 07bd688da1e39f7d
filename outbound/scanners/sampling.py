"""How much of a file a sample reads, and the seeded choice of rows among what was read.

**Budget.** A file at most `WHOLE_FILE_BYTES` on disk (an eighth of that when compressed: .gz,
.xlsx) is read whole, as is a file whose sample would need about half of it anyway. Anything
larger is read only in part, so that the bytes and rows read for `sample(n)` depend on `n` and
the row width, never on the file's length (beyond a format's metadata: a Parquet footer):

- plain CSV and JSON Lines: the first rows plus windows at seeded byte offsets (`windows.py`);
- Parquet: the first rows of seeded row groups (their row counts come from the footer);
- .gz, .xlsx and single-document JSON, which cannot seek: the first `CANDIDATES_PER_ROW * n` rows.

Either way about `CANDIDATES_PER_ROW * n` candidate rows are read (memory holds those, no more),
and `sample_rows` picks `n`. Windows are short (`ROWS_PER_WINDOW` rows) and many, because rows in
one window are neighbours; a row's chance to fall in a window depends on the window's size, not
on its own length, so the candidates are close to uniform over the file's rows. For a large file
the formats read different rows, so only files read whole give the same rows in every format.

**The pick** is a bottom-k reservoir: every candidate gets a random key drawn, in row order,
from one generator seeded with `seed`; the `n` rows with the smallest keys are the sample. That
is uniform without replacement among the candidates, needs only `n` rows plus one batch in memory,
and — because numpy's generator yields the same stream whether asked for 3+2 or 5 numbers — does
not depend on how the rows are cut into batches. So a file read whole gives the same rows in
every format. Where windows go is drawn from a second stream of the same seed (`window_rng`),
so placing windows does not shift the keys.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

WHOLE_FILE_BYTES = 4 << 20  # below this, reading everything costs about 0.1 s
COMPRESSION_FACTOR = 8  # .gz and .xlsx hold several times their size in text
CANDIDATES_PER_ROW = 4  # rows read per sampled row when a file is read in part
ROWS_PER_WINDOW = 16  # short windows, many of them: the sample is spread, not a few clumps
MIN_WINDOW_BYTES = 512
MAX_WINDOWS = 1024  # beyond this, more rows per sample make windows longer, not more numerous
MAX_ROW_GROUPS = 8  # Parquet: each chosen group costs one page per column


def candidate_rows(n: int) -> int:
    """Rows to read when a file is read in part; at least a few, so a 0-row sample has columns."""
    return CANDIDATES_PER_ROW * max(n, 1)


def read_whole(size: int, compressed: bool, wanted_bytes: float = 0.0) -> bool:
    """Whether a file of `size` bytes on disk is read whole for a sample needing `wanted_bytes`
    (of uncompressed content)."""
    content = size * COMPRESSION_FACTOR if compressed else size
    return content <= max(WHOLE_FILE_BYTES, 2 * wanted_bytes)


def window_rng(seed: int) -> np.random.Generator:
    """The stream that places windows or picks row groups; independent of `sample_rows`' keys."""
    return np.random.default_rng([seed, 1])


def window_plan(
    rng: np.random.Generator, start: int, end: int, rows: int, line_bytes: float
) -> tuple[list[int], int]:
    """Window offsets in [start, end) and the window size in bytes, for about `rows` lines of
    `line_bytes` each: the head window at `start` first, then seeded uniform offsets."""
    wanted = rows * line_bytes
    size = math.ceil(max(MIN_WINDOW_BYTES, ROWS_PER_WINDOW * line_bytes, wanted / MAX_WINDOWS))
    count = min(MAX_WINDOWS, math.ceil(wanted / size))
    offsets = rng.integers(start, max(end, start + 1), size=count).tolist()
    return [start, *sorted(offsets)], size


def sample_rows(frames: Iterable[pd.DataFrame], n: int, seed: int) -> pd.DataFrame:
    """The `n` sampled rows of the stream, sorted by index (their position in the file).

    Frames must carry a unique index across the stream. All rows come back when there are at
    most `n`. `seed` must be a non-negative int (numpy's rule).
    """
    if n < 0:
        raise ValueError(f"sample size must be >= 0, got {n}")
    rng = np.random.default_rng(seed)
    kept: pd.DataFrame | None = None
    kept_keys = np.empty(0)
    for frame in frames:
        keys = rng.random(len(frame))
        if n == 0 or len(frame) == 0:
            continue
        if kept is not None and len(kept) >= n:
            # Only rows that beat the current worst key can enter; skip the concat otherwise.
            better = keys < kept_keys.max()
            if not better.any():
                continue
            frame, keys = frame[better], keys[better]
        if kept is None:
            kept, kept_keys = frame, keys
        else:
            kept = pd.concat([kept, frame])
            kept_keys = np.concatenate([kept_keys, keys])
        if len(kept) > n:
            best = np.argpartition(kept_keys, n - 1)[:n]
            kept, kept_keys = kept.iloc[best], kept_keys[best]
    if kept is None:
        return pd.DataFrame()
    return kept.sort_index()
