"""Seeded, single-pass, bounded-memory row sampling (a bottom-k reservoir).

Every row gets a random key drawn, in row order, from one generator seeded with `seed`; the `n`
rows with the smallest keys are the sample. That is a uniform sample without replacement, it needs
only `n` rows plus one batch in memory however long the file is, and — because numpy's generator
yields the same stream whether asked for 3+2 or 5 numbers — it does not depend on how the file is
cut into batches. So the same file, `n` and `seed` pick the same rows in every format and batch
size, and small and large files go through the same code.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


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
