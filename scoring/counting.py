"""The bootstrap's innermost loop, compiled: generator words to per-resample counts.

In numpy the same mapping takes about seven passes over memory per draw (the product, the
shift, the resample offsets, a bincount into int64, a conversion to the float weights);
here it is one pass that zeroes a resample's weights and adds 1 straight into them, in the
CPU cache. numba compiles it on first use and caches the machine code beside this file, so
only the first run on a machine pays the compilation. This module is imported only when an
interval is computed: numba costs about 70 MB of memory, which a bot that never bootstraps
should not carry.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import numpy.typing as npt

_LOW = np.uint64(0xFFFFFFFF)
_HIGH = np.uint64(32)


@numba.njit(nogil=True, cache=True)
def count_into(
    words: npt.NDArray[np.uint32],
    n: int,
    threshold: np.uint32,
    out: npt.NDArray[np.floating[Any]],
    filled: int,
) -> tuple[int, int]:
    """Count numpy's draws in [0, n) from ``words`` into the flat ``out`` (resamples × n),
    draw number ``filled`` onwards: draw d of resample r adds 1 at r · n + d, and a
    resample's n counts are zeroed as it starts (then they are in the cache when counted).

    A word maps by Lemire's multiply-shift, (word · n) >> 32, and is dropped when the low
    half of the product is below ``threshold`` (2³² mod n), exactly as numpy's ``integers``
    rejects it. Stops at the end of ``out`` or of ``words``; returns (words used, filled).
    """
    size = out.shape[0]
    available = words.shape[0]
    scale = np.uint64(n)
    row = (filled // n) * n
    column = filled - row
    used = 0
    while row < size:  # a resample at a time: the loop the compiler makes tightest
        if column == 0:
            out[row : row + n] = 0
        while column < n:
            if used == available:
                return used, row + column
            product = np.uint64(words[used]) * scale
            used += 1
            if np.uint32(product & _LOW) >= threshold:
                out[row + np.int64(product >> _HIGH)] += 1
                column += 1
        column = 0
        row += n
    return used, row
