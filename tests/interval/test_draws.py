"""The bulk draws are numpy's own: the same integers, in the same order (issue 15).

Stored intervals stay recomputable only if the faster draws are exactly those of
``np.random.default_rng(seed).integers(0, n)``, including after a rejected word and across
calls that split a stream at any point; and the bounds must not depend on the threads.
"""

from __future__ import annotations

import numpy as np
import pytest

import scoring.interval as interval
from scoring import BootstrapUnit, bootstrap_many, load_methodology, unit_seed
from scoring.draws import UniformDraws, draw_many

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


@pytest.mark.parametrize("n", RANGES)
def test_draw_many_gives_each_generators_integers(n: int) -> None:
    rng = np.random.default_rng(n + 1)
    seeds = [int(s) for s in rng.integers(0, 2**62, size=7)]
    for count in (0, 1, 7, 1000, 2001):
        got = draw_many(seeds, n, count)
        assert got.shape == (len(seeds), count)
        for row, seed in zip(got, seeds, strict=True):
            assert np.array_equal(row, np.random.default_rng(seed).integers(0, n, size=count))


def test_a_range_outside_32_bits_is_refused() -> None:
    with pytest.raises(ValueError):
        UniformDraws(0, 0)
    with pytest.raises(ValueError):
        draw_many([0], 2**32, 5)


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
