"""Vectorized text building for the generator: numbers as text from lookup tables.

What belongs here: helpers that turn integer arrays into object arrays of str without a
per-value Python call (a table of str(i) for small non-negative integers, two-digit
cents), used where millions of case numbers, day counts and amounts are written. The
results equal `str(i)` exactly; values outside a table fall back to numpy's conversion.
Nothing about what the numbers mean.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

TABLE_SIZE = 100_000


@lru_cache(maxsize=1)
def _small_ints() -> np.ndarray:
    return np.array([str(i) for i in range(TABLE_SIZE)], dtype=object)


@lru_cache(maxsize=1)
def _dot_cents() -> np.ndarray:
    return np.array([f".{i:02d}" for i in range(100)], dtype=object)


def int_text(values) -> np.ndarray:
    """str(v) of every integer, as an object array."""
    v = np.asarray(values, dtype=np.int64)
    if len(v) == 0:
        return np.array([], dtype=object)
    table = _small_ints()
    outside = (v < 0) | (v >= TABLE_SIZE)
    out = table[np.where(outside, 0, v)]
    if outside.any():
        out[outside] = v[outside].astype(str).astype(object)
    return out


def cents_text(cents) -> np.ndarray:
    """Non-negative amounts in cents as "123.45" (two decimals always)."""
    c = np.asarray(cents, dtype=np.int64)
    return int_text(c // 100) + _dot_cents()[c % 100]
