"""Uniform draws for the bootstrap, in bulk: exactly the numbers numpy's ``integers`` gives.

``np.random.default_rng(seed).integers(0, n, size)`` is the reference: it is what the
intervals of stored snapshots were drawn with, and what ``tests/interval/test_bootstrap_pinned.py``
pins. For a range below 2³² numpy takes the generator's 32-bit words in order (the low half of
each 64-bit output, then the high half) and maps each by Lemire's multiply-shift,
``(word · n) >> 32``, rejecting a word whose low 32 bits of the product fall below
``2³² mod n`` and going on with the next word. It does that one element at a time in C, which
costs several times the generation itself. Here the words come from ``random_raw`` in one call
and the mapping and the rejections are array operations: the same numbers, in the same order,
the same words consumed, in a fraction of the time.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["UniformDraws", "draw_many"]

IntArray = npt.NDArray[np.int64]
_NO_WORDS = np.zeros(0, dtype=np.uint32)
_LIMIT = 1 << 32


class UniformDraws:
    """Integers in [0, n) from ``np.random.default_rng(seed)``, as its ``integers`` draws them."""

    def __init__(self, seed: int, n: int) -> None:
        if not 0 < n < _LIMIT:
            raise ValueError(f"n must be in 1 .. 2**32 - 1, got {n}")
        self._bits = np.random.PCG64(seed)  # what default_rng(seed) wraps
        self._n = n
        self._threshold = _LIMIT % n  # a product's low half below this: the word is rejected
        self._words = _NO_WORDS  # drawn and not yet used: numpy would draw them next

    def take(self, count: int) -> IntArray:
        """The next ``count`` draws."""
        if self._n == 1:  # numpy consumes no word for a range of one value
            return np.zeros(count, dtype=np.int64)
        words = self._more(self._words, count)
        while True:
            if self._threshold:
                low = words * np.uint32(self._n)  # the product's low half (uint32 wraps)
                rejected = low < self._threshold
                if rejected.any():
                    kept = np.flatnonzero(~rejected)
                    if len(kept) < count:  # so rare (p ≤ n / 2³² a word) that a redo is fine
                        words = self._more(words, len(words) + count - len(kept))
                        continue
                    self._words = words[kept[count - 1] + 1 :]
                    return _scale(words[kept[:count]], self._n)
            self._words = words[count:]
            return _scale(words[:count], self._n)

    def _more(self, words: npt.NDArray[np.uint32], count: int) -> npt.NDArray[np.uint32]:
        """``words`` extended from the generator to at least ``count``."""
        missing = count - len(words)
        if missing <= 0:
            return words
        fresh = self._bits.random_raw((missing + 1) // 2).view(np.uint32)
        return np.concatenate([words, fresh]) if len(words) else fresh


def _scale(words: npt.NDArray[np.uint32], n: int) -> IntArray:
    """Lemire's multiply-shift: the high half of word · n, a draw in [0, n)."""
    product = words.astype(np.uint64)
    product *= np.uint64(n)
    product >>= np.uint64(32)
    result: IntArray = product.view(np.int64)
    return result


def draw_many(seeds: list[int], n: int, count: int) -> IntArray:
    """``UniformDraws(seed, n).take(count)`` for each seed, as one (seeds, count) array.

    For the thousands of tiny levels (a centre's employers) the per-call overhead of ``take``
    is most of its cost; here each generator makes one call and the mapping is done for all
    of them at once. A row with a rejected word (p ≤ n · count / 2³²) is redone one by one.
    """
    if n == 1 or count == 0 or not seeds:
        return np.zeros((len(seeds), count), dtype=np.int64)
    if not 0 < n < _LIMIT:
        raise ValueError(f"n must be in 1 .. 2**32 - 1, got {n}")
    half = (count + 1) // 2
    words = np.empty((len(seeds), 2 * half), dtype=np.uint32)
    for j, seed in enumerate(seeds):
        words[j] = np.random.PCG64(seed).random_raw(half).view(np.uint32)
    used = words[:, :count]
    out = _scale(used, n)
    threshold = _LIMIT % n
    rejected = (used * np.uint32(n) < threshold).any(axis=1) if threshold else None
    if rejected is not None:
        for j in np.flatnonzero(rejected).tolist():
            out[j] = UniformDraws(seeds[j], n).take(count)
    return out
