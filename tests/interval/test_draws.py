"""The bulk draws are numpy's own: the same integers, in the same order (issue 15).

Stored intervals stay recomputable only if the faster draws are exactly those of
``np.random.default_rng(seed).integers(0, n)``, including after a rejected word and across
calls that split a stream at any point; and the bounds must not depend on the threads.
"""

from __future__ import annotations

import numpy as np
import pytest

import scoring.draws as draws
import scoring.interval as interval
from scoring import BootstrapUnit, bootstrap_many, load_methodology, unit_seed
from scoring.draws import UniformDraws, count_many

# 1 draws no word at all; 3·10⁹ rejects ~30 % of words; 2³² − 1 rejects almost none.
RANGES = (1, 2, 3, 5, 21, 619, 52_600, 2**31 + 5, 3_000_000_000, 2**32 - 1)


@pytest.mark.parametrize("n", RANGES)
def test_take_gives_numpys_integers_in_any_split(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(20):
        seed = int(rng.integers(0, 2**62))
        reference = np.random.default_rng(seed)
        bulk = UniformDraws(seed, n)
        for size in rng.integers(0, 3000, size=6):
            want = reference.integers(0, n, size=int(size))
            assert np.array_equal(bulk.take(int(size)), want)


def _counted(draws: np.ndarray, n: int) -> np.ndarray:
    """Plain numpy: how often each item was drawn in each resample of n draws."""
    per = draws.reshape(-1, n)
    out = np.zeros(per.shape, dtype=np.int64)
    for r, row in enumerate(per):
        out[r] = np.bincount(row, minlength=n)
    return out


@pytest.mark.parametrize("n", RANGES[:7])
def test_counts_are_those_of_numpys_integers_in_any_split(n: int) -> None:
    rng = np.random.default_rng(n + 2)
    for _ in range(6):
        seed = int(rng.integers(0, 2**62))
        reference = np.random.default_rng(seed)
        bulk = UniformDraws(seed, n)
        for resamples in rng.integers(0, 40, size=4):
            want = _counted(reference.integers(0, n, size=int(resamples) * n), n)
            assert np.array_equal(bulk.counts(int(resamples)), want)
        # Counting and taking share one stream: what comes next is numpy's next draw.
        assert np.array_equal(bulk.take(50), reference.integers(0, n, size=50))


@pytest.mark.parametrize("n", RANGES[:7])
def test_count_many_gives_each_generators_counts(n: int) -> None:
    rng = np.random.default_rng(n + 1)
    seeds = [int(s) for s in rng.integers(0, 2**62, size=7)]
    for resamples in (0, 1, 7, 100):
        got = count_many(seeds, n, resamples)
        assert got.shape == (len(seeds), resamples, n)
        for row, seed in zip(got, seeds, strict=True):
            draws = np.random.default_rng(seed).integers(0, n, size=resamples * n)
            assert np.array_equal(row, _counted(draws, n).reshape(resamples, n))


def test_a_rejected_word_gives_way_to_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    # For n = 52,600 about one resample in four has a word numpy rejects.
    seen = draws._rejected
    rejections = []

    def spy(words: np.ndarray, n: int) -> np.ndarray | None:
        found = seen(words, n)
        rejections.append(found is not None)
        return found

    monkeypatch.setattr(draws, "_rejected", spy)
    n, seeds = 52_600, list(range(10))
    for seed in seeds:
        reference = np.random.default_rng(seed).integers(0, n, size=8 * n)
        bulk = UniformDraws(seed, n)
        assert np.array_equal(bulk.counts(3), _counted(reference[: 3 * n], n))
        assert np.array_equal(bulk.counts(5), _counted(reference[3 * n :], n))
    many = count_many(seeds, n, 4)
    for row, seed in zip(many, seeds, strict=True):
        reference = np.random.default_rng(seed).integers(0, n, size=4 * n)
        assert np.array_equal(row, _counted(reference, n))
    assert any(rejections) and not all(rejections)


def test_a_range_outside_32_bits_is_refused() -> None:
    with pytest.raises(ValueError):
        UniformDraws(0, 0)
    with pytest.raises(ValueError):
        count_many([0], 2**32, 5)


def test_the_bounds_do_not_depend_on_the_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    star = load_methodology("star-2023")
    k = len(star.indicator_codes)
    rng = np.random.default_rng(15)
    units = []
    for n, size in enumerate((3, 5, 5, 40, 200, 200, 900, 3000)):
        counts = (rng.random((size, k)) > 0.1).astype(np.int64)
        sums = rng.integers(0, 5, size=(size, k)) * counts
        rows = np.concatenate([sums, counts], axis=1)
        units.append(BootstrapUnit(rows, {}, unit_seed(3, "centre", str(n), "combined")))
    found = {}
    for workers in (1, 2, 3):
        monkeypatch.setattr(interval, "_WORKERS", workers)
        found[workers] = bootstrap_many(star, units, resamples=200)
    assert found[1] == found[2] == found[3]
    assert all(b.low is not None and b.high is not None for b in found[1])
