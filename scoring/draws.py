"""Uniform draws for the bootstrap, in bulk: exactly the numbers numpy's ``integers`` gives.

``np.random.default_rng(seed).integers(0, n, size)`` is the reference: it is what the
intervals of stored snapshots were drawn with, and what ``tests/interval/test_bootstrap_pinned.py``
pins. For a range below 2³² numpy takes the generator's 32-bit words in order (the low half of
each 64-bit output, then the high half) and maps each by Lemire's multiply-shift,
``(word · n) >> 32``, rejecting a word whose low 32 bits of the product fall below
``2³² mod n`` and going on with the next word. It does that one element at a time in C, which
costs several times the generation itself. Here the words come from ``random_raw`` in bulk,
and since the bootstrap needs only how often each questionnaire is drawn in each resample,
``count_into`` maps them straight to those counts, in the weights the bootstrap multiplies
by, in one compiled pass (``scoring.counting``): the same numbers, in the same order, the
same words consumed, in a fraction of the time.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["UniformDraws"]

IntArray = npt.NDArray[np.int64]
Counts = npt.NDArray[np.floating[Any]]
_NO_WORDS = np.zeros(0, dtype=np.uint32)
_LIMIT = 1 << 32


class UniformDraws:
    """The integers in [0, n) ``np.random.default_rng(seed).integers`` draws, as counts."""

    def __init__(self, seed: int, n: int) -> None:
        _check_range(n)
        self._bits = np.random.PCG64(seed)  # what default_rng(seed) wraps
        self._n = n
        self._words = _NO_WORDS  # drawn and not yet used: numpy would draw them next

    def counts(self, resamples: int) -> IntArray:
        """The next ``resamples × n`` draws as counts: (resamples, n), how often each of the
        n items was drawn in each resample."""
        found = np.empty((resamples, self._n))
        self.count_into(found)
        return found.astype(np.int64)

    def count_into(self, out: Counts) -> None:
        """The next ``out.size`` draws as counts in ``out`` (resamples × n, C-contiguous
        float), overwritten: ``out[r, i]`` is how often resample r drew item i."""
        if out.ndim != 2 or out.shape[1] != self._n or not out.flags.c_contiguous:
            raise ValueError(f"out must be a C-contiguous (resamples, {self._n}) array")
        if self._n == 1:  # numpy consumes no word for a range of one value
            out[:] = 1
            return
        flat, needed, filled = out.reshape(-1), out.size, 0
        threshold = np.uint32(_LIMIT % self._n)
        words = self._words
        while filled < needed:
            # Each rejected word (p ≤ n / 2³²) leaves one draw short: then more words.
            words = self._more(words, needed - filled)
            used, filled = _kernel()(words, self._n, threshold, flat, filled)
            words = words[used:]
        self._words = words

    def _more(self, words: npt.NDArray[np.uint32], count: int) -> npt.NDArray[np.uint32]:
        """``words`` extended from the generator to at least ``count``."""
        missing = count - len(words)
        if missing <= 0:
            return words
        fresh = self._bits.random_raw((missing + 1) // 2).view(np.uint32)
        return np.concatenate([words, fresh]) if len(words) else fresh


def _check_range(n: int) -> None:
    if not 0 < n < _LIMIT:
        raise ValueError(f"n must be in 1 .. 2**32 - 1, got {n}")


@cache
def _kernel() -> Any:
    """The compiled counting loop, imported (and numba with it) on the first interval."""
    from scoring.counting import count_into

    return count_into
