"""The 95 % interval of an index: the percentile bootstrap of METHODOLOGY.md §8.

The unit is the completed questionnaire: one person's answers are correlated, so whole
questionnaires are resampled, never single answers. A questionnaire is reduced to one row of
integers, (Σ(a − 1), count) per indicator, so a resample's pooled answers are the weighted sum
of the rows, and the weights of *B* resamples times the rows is one matrix product. The
section 3 formulas are then applied to all *B* pooled tallies at once (``Scorer``).

Every sum is of small integers, so it is exact whatever the order or the batch: a level's
interval does not depend on which other levels were computed in the same call, and
``bootstrap_index`` on a level's questionnaires reproduces what ``bootstrap_many`` stored.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from scoring.batch import Scorer
from scoring.draws import UniformDraws
from scoring.index import Answers, Checklist, _is_int, _tally, compute_index, pool_answers
from scoring.methodology import Methodology

__all__ = [
    "DEFAULT_BOOTSTRAP",
    "DEFAULT_LEVEL",
    "DEFAULT_RESAMPLES",
    "MAX_UNDEFINED_SHARE",
    "MIN_RESAMPLES",
    "BootstrapParams",
    "BootstrapUnit",
    "Bounds",
    "Interval",
    "bootstrap_index",
    "bootstrap_many",
    "questionnaire_rows",
    "unit_seed",
]

DEFAULT_RESAMPLES = 1000
MIN_RESAMPLES = 100
DEFAULT_LEVEL = 0.95
MAX_UNDEFINED_SHARE = 0.05  # more undefined resamples than this: the interval is undefined
_BLOCK = 1 << 21  # resample weights (or pooled figures) of one batch: 8 MB of float32
_FLOAT32_EXACT = 1 << 24  # integers below this add up exactly in float32
# Threads for the batches: the cores this process may use, at most 4 (beyond that the
# memory bandwidth, not the cores, bounds the counting).
_WORKERS = min(
    4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class BootstrapParams:
    """B, the confidence level and the seed: with the questionnaires, all an interval needs."""

    resamples: int = DEFAULT_RESAMPLES
    level: float = DEFAULT_LEVEL
    seed: int = 0

    def __post_init__(self) -> None:
        _check_params(self.resamples, self.level, self.seed)


@dataclass(frozen=True, slots=True)
class Bounds:
    low: float | None
    high: float | None
    undefined: int  # resamples whose index was undefined (dropped)


@dataclass(frozen=True, slots=True)
class Interval:
    index: float | None  # compute_index over all the questionnaires pooled
    low: float | None
    high: float | None
    level: float
    resamples: int
    undefined: int


@dataclass(frozen=True, slots=True)
class BootstrapUnit:
    """One level (or one audience of it): its questionnaire rows, checklist and seed."""

    rows: IntArray  # (questionnaires, 2 × indicators): Σ(a − 1) per indicator, then counts
    checklist: Checklist
    seed: int


def unit_seed(seed: int, *parts: str) -> int:
    """A level's own seed from the run's seed and its name, e.g. ("region", "R01", "seeker").

    Levels get independent streams, and one level's interval can be recomputed alone with
    ``bootstrap_index(..., seed=unit_seed(run_seed, level, code, audience))``.
    """
    return seed * (1 << 32) + zlib.crc32("/".join(parts).encode("utf-8"))


def questionnaire_rows(m: Methodology, questionnaires: Sequence[Answers]) -> IntArray:
    """One row per questionnaire: Σ(a − 1) per indicator, then the counts of valid answers."""
    if isinstance(questionnaires, str | bytes) or not isinstance(questionnaires, Sequence):
        raise ValueError("questionnaires must be a sequence of mappings, one a person")
    codes = m.indicator_codes
    k = len(codes)
    rows = np.zeros((len(questionnaires), 2 * k), dtype=np.int64)
    for n, answers in enumerate(questionnaires):
        if not isinstance(answers, Mapping):
            raise ValueError(f"questionnaire {n} must map indicator codes to answers")
        for code, (total, count) in _tally(m, answers, f"questionnaire {n}").items():
            col = codes.index(code)
            rows[n, col] += total
            rows[n, k + col] += count
    return rows


def bootstrap_index(
    m: Methodology,
    questionnaires: Sequence[Answers],
    checklist: Checklist | None = None,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    level: float = DEFAULT_LEVEL,
) -> Interval:
    """The index over the questionnaires pooled and its percentile-bootstrap interval.

    Same questionnaires (in the same order), checklist, ``resamples`` and ``seed``: the same
    interval. Bad input raises ``ValueError`` as ``compute_index`` does, and so do
    ``resamples < 100`` and a level outside (0, 1).
    """
    _check_params(resamples, level, seed)
    rows = questionnaire_rows(m, questionnaires)
    point = compute_index(m, pool_answers(questionnaires), checklist, len(questionnaires), 0)
    (bounds,) = bootstrap_many(
        m, [BootstrapUnit(rows, checklist or {}, seed)], resamples=resamples, level=level
    )
    return Interval(point.index, bounds.low, bounds.high, level, resamples, bounds.undefined)


def bootstrap_many(
    m: Methodology,
    units: Sequence[BootstrapUnit],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    level: float = DEFAULT_LEVEL,
) -> list[Bounds]:
    """The interval bounds of many levels in one pass; units of equal size share the work."""
    _check_params(resamples, level, 0)
    scorer = Scorer(m)
    objectives = [scorer.objective(u.checklist) for u in units]
    for n, unit in enumerate(units):
        shape = unit.rows.shape
        if unit.rows.ndim != 2 or shape[1] != 2 * scorer.k:
            raise ValueError(f"unit {n}: rows must have {2 * scorer.k} columns, got {shape}")
        if unit.rows.size and unit.rows.min() < 0:
            raise ValueError(f"unit {n}: rows hold a negative total or count")
        if not _is_int(unit.seed) or unit.seed < 0:
            raise ValueError(f"unit {n}: seed must be a non-negative integer")
    quantiles = [100 * (1 - level) / 2, 100 * (1 + level) / 2]
    out: list[Bounds | None] = [None] * len(units)

    def run(batch: list[int]) -> None:
        answered = np.stack([units[i].rows[:, scorer.k :].any(axis=0) for i in batch])
        totals = _resampled_totals([units[i] for i in batch], resamples, ~answered)
        objective = np.stack([objectives[i] for i in batch])
        values = scorer.evaluate(totals, objective, answered)
        for i, bounds in zip(batch, _percentiles(values, quantiles), strict=True):
            out[i] = bounds

    # Thousands of small products: a BLAS thread pool costs more in wake-ups and busy-waiting
    # than it gains. Our own threads instead take whole batches: the draws, the counting and
    # the products release the GIL, each batch writes only its own units' bounds, and every
    # sum is exact, so the figures do not depend on the threads or their order.
    # Costliest first (draws ∝ size × units): the threads then end together, not one of them
    # alone on the country's resamples at the end.
    batches = sorted(_batches(units, resamples), key=lambda b: -len(units[b[0]].rows) * len(b))
    with _blas().limit(limits=1, user_api="blas"):
        if len(batches) > 1 and _WORKERS > 1:
            with ThreadPoolExecutor(_WORKERS, thread_name_prefix="bootstrap") as pool:
                for _ in pool.map(run, batches):
                    pass  # re-raises a batch's error here
        else:
            for batch in batches:
                run(batch)
    return [b if b is not None else Bounds(None, None, resamples) for b in out]


def _batches(units: Sequence[BootstrapUnit], resamples: int) -> Iterator[list[int]]:
    """Indices of units to draw together: equal sizes, and about ``_BLOCK`` weights and
    pooled figures a batch at most, so memory stays bounded however many levels."""
    by_size: dict[int, list[int]] = {}
    for i, unit in enumerate(units):
        by_size.setdefault(len(unit.rows), []).append(i)
    for size, members in sorted(by_size.items()):
        width = units[members[0]].rows.shape[1]
        per_batch = max(1, _BLOCK // (max(size, width, 1) * resamples))
        for start in range(0, len(members), per_batch):
            yield members[start : start + per_batch]


def _resampled_totals(
    units: Sequence[BootstrapUnit], resamples: int, unanswered: npt.NDArray[np.bool_]
) -> FloatArray:
    """(units, 2k, resamples): the pooled tallies of every resample of every unit; an
    indicator ``unanswered`` in a unit counts once a questionnaire (`Scorer.evaluate`).

    A unit's draws are ``np.random.default_rng(seed).integers(0, n)``'s (``UniformDraws``
    gives the same numbers faster), counted straight into blocks of up to ``_BLOCK``
    weights, and each block is one matrix product. Float32 when every sum stays below 2²⁴
    (then exact), else float64.
    """
    n = len(units[0].rows)
    width = units[0].rows.shape[1]
    if n == 0:  # the checklist alone may still define the index
        empty = np.zeros((len(units), width, resamples))
        empty[:, width // 2 :][unanswered] = 1
        return empty
    data = np.stack([u.rows for u in units])
    exact32 = n * max(1, int(data.max(initial=0))) < _FLOAT32_EXACT
    dtype = np.float32 if exact32 else np.float64
    matrix = data.astype(dtype).transpose(0, 2, 1)  # (units, 2k, n)
    matrix[:, width // 2 :][unanswered] = 1
    out = np.empty((len(units), width, resamples), dtype=dtype)
    block = max(1, min(resamples, _BLOCK // (len(units) * n)))
    weights = np.empty((len(units), block, n), dtype=dtype)
    generators = [UniformDraws(u.seed, n) for u in units]
    for start in range(0, resamples, block):
        size = min(block, resamples - start)
        for j, g in enumerate(generators):
            g.count_into(weights[j, :size])
        # (units, 2k, n) @ (units, n, size): each unit's resamples as contiguous rows.
        product = out[:, :, start : start + size]
        np.matmul(matrix, weights[:, :size].transpose(0, 2, 1), out=product)
    result: FloatArray = out
    return result


def _percentiles(values: FloatArray, quantiles: list[float]) -> Iterator[Bounds]:
    resamples = values.shape[1]
    undefined = np.isnan(values).sum(axis=1)
    clean = undefined == 0
    full = np.percentile(values[clean], quantiles, axis=1) if clean.any() else None
    row_in_full = np.cumsum(clean) - 1
    for i in range(values.shape[0]):
        bad = int(undefined[i])
        if bad > MAX_UNDEFINED_SHARE * resamples:
            yield Bounds(None, None, bad)
        elif full is not None and clean[i]:
            yield Bounds(float(full[0, row_in_full[i]]), float(full[1, row_in_full[i]]), 0)
        else:
            low, high = np.percentile(values[i][~np.isnan(values[i])], quantiles)
            yield Bounds(float(low), float(high), bad)


@cache
def _blas() -> ThreadpoolController:
    """Found once: looking the BLAS library up costs milliseconds a call."""
    return ThreadpoolController()


def _check_params(resamples: int, level: float, seed: int) -> None:
    if not _is_int(resamples) or resamples < MIN_RESAMPLES:
        raise ValueError(f"resamples must be an integer of at least {MIN_RESAMPLES}")
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise ValueError(f"level must be a number strictly between 0 and 1, got {level!r}")
    if not _is_int(seed) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")


DEFAULT_BOOTSTRAP = BootstrapParams()
