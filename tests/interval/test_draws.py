"""The bulk draws are numpy's own: the same integers, in the same order (issue 15).

Stored intervals stay recomputable only if the faster draws are exactly those of
``np.random.default_rng(seed).integers(0, n)``, including after a rejected word and across
calls that split a stream at any point; and the bounds must not depend on the threads.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import scoring.interval as interval
from scoring import BootstrapUnit, bootstrap_many, load_methodology, unit_seed
from scoring.draws import UniformDraws

# 1 draws no word at all; 52,600 (the country) rejects a word now and then.
RANGES = (1, 2, 3, 5, 21, 619, 52_600)


def _counted(draws: np.ndarray, n: int) -> np.ndarray:
    """Plain numpy: how often each item was drawn in each resample of n draws."""
    per = draws.reshape(-1, n)
    out = np.zeros(per.shape, dtype=np.int64)
    for r, row in enumerate(per):
        out[r] = np.bincount(row, minlength=n)
    return out


@pytest.mark.parametrize("n", RANGES)
def test_counts_are_those_of_numpys_integers_in_any_split(n: int) -> None:
    rng = np.random.default_rng(n + 2)
    for _ in range(6):
        seed = int(rng.integers(0, 2**62))
        reference = np.random.default_rng(seed)
        bulk = UniformDraws(seed, n)
        for resamples in rng.integers(0, 40, size=4):
            want = _counted(reference.integers(0, n, size=int(resamples) * n), n)
            assert np.array_equal(bulk.counts(int(resamples)), want)
        # However the stream was split, what comes next is numpy's next resample.
        assert np.array_equal(bulk.counts(1), _counted(reference.integers(0, n, size=n), n))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", RANGES)
def test_counts_are_written_into_the_weights_as_given(n: int, dtype: type) -> None:
    # The bootstrap's weights are float32 or float64, reused: what was there is overwritten.
    seed = 1000 + n
    reference = np.random.default_rng(seed)
    bulk = UniformDraws(seed, n)
    for resamples in (1, 7, 100):
        out = np.full((resamples, n), 7, dtype=dtype)
        bulk.count_into(out)
        want = _counted(reference.integers(0, n, size=resamples * n), n)
        assert out.dtype == dtype and np.array_equal(out, want)


def test_weights_of_the_wrong_shape_are_refused() -> None:
    bulk = UniformDraws(0, 5)
    for out in (np.zeros((3, 4)), np.zeros(15), np.zeros((5, 3)).T):
        with pytest.raises(ValueError):
            bulk.count_into(out)


def test_a_rejected_word_gives_way_to_the_next() -> None:
    # For n = 52,600 numpy rejects about one word in 220,000: a stream of 8 resamples
    # (420,800 draws) holds about two, some none; the counts must be numpy's either way.
    n, threshold = 52_600, (1 << 32) % 52_600
    rejected = []
    for seed in range(10):
        words = np.random.PCG64(seed).random_raw(4 * n + 50).view(np.uint32)
        rejected.append(bool(((words * np.uint32(n)) < threshold)[: 8 * n + 100].any()))
        reference = np.random.default_rng(seed).integers(0, n, size=9 * n)
        bulk = UniformDraws(seed, n)
        assert np.array_equal(bulk.counts(3), _counted(reference[: 3 * n], n))
        assert np.array_equal(bulk.counts(5), _counted(reference[3 * n : 8 * n], n))
        assert np.array_equal(bulk.counts(1), _counted(reference[8 * n :], n))  # it goes on
    assert any(rejected) and not all(rejected)


def test_a_range_outside_32_bits_is_refused() -> None:
    for n in (0, 2**32):
        with pytest.raises(ValueError):
            UniformDraws(0, n)


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


def test_the_bot_does_not_load_the_compiler_until_an_interval_is_drawn() -> None:
    # numba costs about 70 MB of memory: a bot process pays it only when it bootstraps.
    code = (
        "import sys, bot.app, bot.cli, scoring, services.index.ratings\n"
        "assert 'numba' not in sys.modules, 'numba imported at start'\n"
        "from scoring.draws import UniformDraws\n"
        "UniformDraws(1, 3).counts(2)\n"
        "assert 'numba' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
