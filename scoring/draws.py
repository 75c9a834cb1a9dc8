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

The bootstrap needs only how often each questionnaire is drawn in each resample, so
``counts`` and ``count_many`` map the words straight to those counts, with the resample's
offset folded into the same product (``_counts``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = ["UniformDraws", "count_many"]

IntArray = npt.NDArray[np.int64]
_NO_WORDS = np.zeros(0, dtype=np.uint32)
_LIMIT = 1 << 32


class UniformDraws:
    """Integers in [0, n) from ``np.random.default_rng(seed)``, as its ``integers`` draws them."""

    def __init__(self, seed: int, n: int) -> None:
        _check_range(n)
        self._bits = np.random.PCG64(seed)  # what default_rng(seed) wraps
        self._n = n
        self._words = _NO_WORDS  # drawn and not yet used: numpy would draw them next

    def take(self, count: int) -> IntArray:
        """The next ``count`` draws."""
        if self._n == 1:  # numpy consumes no word for a range of one value
            return np.zeros(count, dtype=np.int64)
        return _scale(self._accepted(count), self._n)

    def counts(self, resamples: int) -> IntArray:
        """The next ``resamples × n`` draws as counts: (resamples, n), how often each of the
        n items was drawn in each resample (what the bootstrap weighs the rows by)."""
        if self._n == 1:
            return np.ones((resamples, 1), dtype=np.int64)
        found: IntArray = _counts(self._accepted(resamples * self._n)[None], self._n)[0]
        return found

    def _accepted(self, count: int) -> npt.NDArray[np.uint32]:
        """The next ``count`` words numpy keeps: a rejected word is dropped, the next one
        taken in its place (p ≤ n / 2³² a word)."""
        words = self._more(self._words, count)
        while (rejected := _rejected(words[:count], self._n)) is not None:
            words = self._more(np.concatenate([words[:count][~rejected], words[count:]]), count)
        self._words = words[count:]
        return words[:count]

    def _more(self, words: npt.NDArray[np.uint32], count: int) -> npt.NDArray[np.uint32]:
        """``words`` extended from the generator to at least ``count``."""
        missing = count - len(words)
        if missing <= 0:
            return words
        fresh = self._bits.random_raw((missing + 1) // 2).view(np.uint32)
        return np.concatenate([words, fresh]) if len(words) else fresh


def count_many(seeds: list[int], n: int, resamples: int) -> IntArray:
    """``UniformDraws(seed, n).counts(resamples)`` for each seed: (seeds, resamples, n).

    For the thousands of tiny levels (a centre's employers) the per-call overhead is most of
    the cost; here each generator makes one call and the rest is done for all at once.
    """
    _check_range(n)
    if n == 1 or resamples == 0 or not seeds:
        return np.ones((len(seeds), resamples, n), dtype=np.int64)
    count = resamples * n
    half = (count + 1) // 2
    words = np.empty((len(seeds), 2 * half), dtype=np.uint32)
    for j, seed in enumerate(seeds):
        words[j] = np.random.PCG64(seed).random_raw(half).view(np.uint32)
    found = _counts(words[:, :count], n)
    rejected = _rejected(words[:, :count], n)
    if rejected is not None:  # rows with a rejected word (p ≤ n · count / 2³²): one by one
        for j in np.flatnonzero(rejected.any(axis=1)).tolist():
            found[j] = UniformDraws(seeds[j], n).counts(resamples)
    return found


def _check_range(n: int) -> None:
    if not 0 < n < _LIMIT:
        raise ValueError(f"n must be in 1 .. 2**32 - 1, got {n}")


def _rejected(words: npt.NDArray[np.uint32], n: int) -> npt.NDArray[np.bool_] | None:
    """Where numpy rejects a word for the range n: the low half of word · n below 2³² mod n
    (None: nowhere)."""
    threshold = _LIMIT % n
    if not threshold or not words.size:
        return None
    low = words * np.uint32(n)  # uint32 wraps: the product's low half
    if int(low.min()) >= threshold:  # almost always: no mask to build
        return None
    rejected: npt.NDArray[np.bool_] = low < threshold
    return rejected


def _scale(words: npt.NDArray[np.uint32], n: int) -> IntArray:
    """Lemire's multiply-shift: the high half of word · n, a draw in [0, n)."""
    product = words.astype(np.uint64)
    product *= np.uint64(n)
    product >>= np.uint64(32)
    result: IntArray = product.view(np.int64)
    return result


def _counts(words: npt.NDArray[np.uint32], n: int) -> IntArray:
    """(rows, resamples, n): how often each draw of accepted ``words`` (rows of resamples × n
    words) falls on each item.

    Each word goes into the low half of a 64-bit slot whose high half holds its resample's
    number r, so (r · 2³² + word) · n >> 32 is r · n + the draw: one product gives both the
    draw and its bin in the counts, with no pass to add the resamples' offsets.
    """
    rows, count = words.shape
    if words.size >= _LIMIT:  # r · n · 2³² would overflow 64 bits: the plain way
        draws = _scale(words, n).reshape(-1, n)
        draws += (np.arange(len(draws), dtype=np.int64) * n)[:, None]
        bins = np.bincount(draws.ravel(), minlength=words.size)
    else:
        slots = np.empty((rows, count, 2), dtype=np.uint32)  # little-endian: low half first
        slots[..., 0] = words
        slots[..., 1] = _resample_numbers(words.size, n).reshape(rows, count)
        product = slots.view(np.uint64).reshape(rows, count)
        product *= np.uint64(n)
        product >>= np.uint64(32)
        bins = np.bincount(product.view(np.int64).ravel(), minlength=words.size)
    result: IntArray = bins.reshape(rows, count // n, n)
    return result


@lru_cache(maxsize=8)
def _resample_numbers(size: int, n: int) -> npt.NDArray[np.uint32]:
    """0 … 0, 1 … 1, …: each position's resample (n draws each); read-only, shared."""
    numbers = np.arange(size, dtype=np.uint32) // np.uint32(n)
    numbers.flags.writeable = False
    return numbers
