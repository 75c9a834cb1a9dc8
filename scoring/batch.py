"""The section 3 formulas over many pooled tallies at once, for the bootstrap (§8).

``scoring.index`` scores one level with plain Python; a bootstrap scores a thousand resamples
of thousands of levels, so here the same formulas run on arrays: the indicators on the
second-to-last axis, the resamples on the last. Results agree with ``compute_index`` up to a
rounding of the last bits (its sums are ``math.fsum``, these are floating-point adds).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from scoring.index import Checklist, _ratios
from scoring.methodology import Methodology

__all__ = ["Scorer"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


class Scorer:
    def __init__(self, m: Methodology) -> None:
        self.m = m
        self.codes = m.indicator_codes
        self.k = len(self.codes)
        position = {code: n for n, code in enumerate(self.codes)}
        # Per group: its indicators' rows, a slice (a view) when they are adjacent.
        self.rows: list[slice | npt.NDArray[np.intp]] = []
        group_of = np.zeros(self.k, dtype=np.intp)
        for n, g in enumerate(m.groups):
            cols = [position[i.code] for i in m.indicators_of(g.code)]
            group_of[cols] = n
            adjacent = cols == list(range(cols[0], cols[0] + len(cols)))
            self.rows.append(slice(cols[0], cols[-1] + 1) if adjacent else np.array(cols))
        self.group_of = group_of
        self.membership = np.zeros((self.k, len(m.groups)))
        self.membership[np.arange(self.k), group_of] = 1.0
        self.sizes = np.array([len(m.indicators_of(g.code)) for g in m.groups])
        self.weights = np.array([i.weight for i in m.indicators], dtype=np.float64)
        self.coefficients = np.array([g.coefficient for g in m.groups], dtype=np.float64)
        self.group_weights = np.array([m.group_weight(g.code) for g in m.groups])

    def objective(self, checklist: Checklist | None) -> FloatArray:
        """oᵢ per indicator, NaN where undefined; bad pairs raise ``ValueError``."""
        out = np.full(self.k, np.nan)
        for code, (x, n) in _ratios(self.m, checklist or {}).items():
            if n:
                out[self.codes.index(code)] = self.m.indicator(code).weight * x / n
        return out

    def evaluate(
        self, totals: FloatArray, objective: FloatArray, answered: BoolArray
    ) -> FloatArray:
        """The index of every resample of every unit: (units, 2k, B) → (units, B).

        ``objective`` is (units, k); ``answered`` (units, k) says which indicators have a
        valid answer in the unit's whole sample. An indicator nobody answered must count
        more than 0 in ``totals`` (its sums are 0, its α is 0: no 0/0); ``_resampled_totals``
        counts it once a questionnaire. A resample with an answer for each answered
        indicator has the same defined indicators as the whole sample, so its index is a
        fixed linear form of the answer means (``linear``); the few others (a small sample
        that missed an indicator) take the general path (``index``) one by one. Either way a
        resample's figure depends on its own tallies only.

        ``totals`` is scratch space afterwards: the means are computed in it, not in new
        arrays of its size (a snapshot's are over a gigabyte in all).
        """
        units, _, resamples = totals.shape
        if resamples == 0 or units == 0:
            return np.zeros((units, resamples))
        counts = totals[:, self.k :, :]
        missed = counts.min(axis=1) == 0  # (units, B): a resample missed an indicator
        redone = None
        if missed.any():
            unit, resample = np.nonzero(missed)
            picked = totals[unit, :, resample]  # (missed, 2k), a copy
            picked[:, self.k :] *= answered[unit]  # the true counts again
            redone = self.index(picked[:, :, None], objective[unit][:, :, None])[:, 0]
        out = self.linear(totals[:, : self.k, :], counts, objective, answered, in_place=True)
        if redone is not None:
            out[unit, resample] = redone
        return out

    def linear(
        self,
        sums: FloatArray,
        counts: FloatArray,
        objective: FloatArray,
        answered: BoolArray,
        *,
        in_place: bool = False,
    ) -> FloatArray:
        """Resamples whose defined indicators are those of the whole sample (``answered``).

        Then every group's rescale is a constant, and index = Σᵢ αᵢ · Σ(a − 1)ᵢ / countᵢ + β,
        computed in the precision of the tallies (float32 when the sums are exact in it: a
        rounding near 1e-6 of an index, far below the bootstrap's own noise; the point index
        is always `compute_index`'s). ``counts`` must be nonzero where not ``answered``;
        ``in_place``: the means overwrite ``counts``.
        """
        o_def = ~np.isnan(objective)
        defined = answered | o_def
        n_groups = len(self.sizes)
        n_def = defined @ self.membership  # defined indicators per group (exact: small ints)
        w_def = (defined * self.weights) @ self.membership
        with np.errstate(divide="ignore", invalid="ignore"):
            # NaN for a group with nothing defined; such units are set to NaN below.
            scale = np.where(n_def == self.sizes, 1.0, self.group_weights / w_def)
            per_group = self.coefficients * scale / n_groups  # (units, groups)
            factor = per_group[:, self.group_of]  # (units, k)
            half = np.where(o_def, 0.5, 1.0)
            alpha = np.where(answered, factor * self.weights / 4 * half, 0.0)
            o = np.where(o_def, objective, 0.0)
            beta = (factor * np.where(answered, o / 2, o)).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):  # missed resamples: redone
            ratio = np.divide(sums, counts, out=counts if in_place else None)
        form = np.matmul(alpha[:, None, :].astype(ratio.dtype), ratio)[:, 0, :]
        out: FloatArray = form.astype(np.float64) + beta[:, None]
        out[(n_def == 0).any(axis=1)] = np.nan  # a group with nothing measured
        return out

    def index(self, totals: FloatArray, objective: FloatArray) -> FloatArray:
        """The general path, operation for operation as ``scoring.index._score``.

        ``totals`` is (…, 2k, B): per resample Σ(a − 1) of each indicator, then the counts;
        ``objective`` (…, k, 1) broadcasts against one half of it. NaN where undefined.
        """
        sums, counts = totals[..., : self.k, :], totals[..., self.k :, :]
        weights = self.weights[:, None]
        s_def = counts > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            value = weights * sums / (4 * counts)  # NaN where there is no answer
            o_def = ~np.isnan(objective)
            if o_def.any():
                value = np.where(s_def, np.where(o_def, (value + objective) / 2, value), objective)
                defined = s_def | o_def
            else:
                defined = s_def
            value = np.where(defined, value, 0.0)
            out = np.zeros(totals.shape[:-2] + totals.shape[-1:])
            for n, cols in enumerate(self.rows):
                total = value[..., cols, :].sum(axis=-2)
                n_def = defined[..., cols, :].sum(axis=-2)
                w_def = (defined[..., cols, :] * weights[cols]).sum(axis=-2)
                # An unmeasured indicator must not pull its group down (§3): rescale.
                w_all, size = self.group_weights[n], self.sizes[n]
                scaled = np.where(n_def == size, total, total * w_all / w_def)
                out += np.where(n_def > 0, self.coefficients[n] * scaled, np.nan)
        result: FloatArray = out / len(self.sizes)
        return result
