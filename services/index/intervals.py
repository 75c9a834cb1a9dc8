"""The 95 % interval of every level's index and sub-indices, for ratings and snapshots (§8).

Each centre, region and the country gets three bootstraps (all its questionnaires, the job
seekers', the employers'), each from its own seed, `unit_seed(run seed, level, code,
audience)`, so any one of them can be recomputed alone with `scoring.bootstrap_index` over
that level's questionnaires in id order (a region's: its centres in code order). The
objective part is the level's pooled checklist, as for the index itself.

`ratings` imports this module inside its functions (this one builds on its `Inputs`).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy.ext.asyncio import AsyncSession

from scoring import BootstrapParams, BootstrapUnit, Bounds, Methodology, bootstrap_many, unit_seed
from services.index.ratings import (
    COUNTRY,
    Inputs,
    LevelResult,
    Window,
    _checklists,
)
from services.index.samples import Sample, gather_sample

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
AUDIENCES = ("combined", "seeker", "employer")
NONE = Bounds(None, None, 0)


@dataclass(frozen=True, slots=True)
class LevelIntervals:
    """The bounds of a level's index and of its two audience sub-indices."""

    combined: Bounds
    seeker: Bounds
    employer: Bounds


async def gather_with_sample(
    session: AsyncSession, m: Methodology, window: Window
) -> tuple[dict[str, Inputs], Sample]:
    """`ratings.gather`'s per-centre inputs, summed from the per-questionnaire rows (one scan
    of the answers serves both), and the rows themselves."""
    sample = await gather_sample(session, m, window)
    codes = m.indicator_codes
    k = len(codes)
    per_centre: dict[str, Inputs] = defaultdict(Inputs)
    starts = sample.bounds[:-1]
    if len(starts):  # per centre and audience: the sums of its rows, all at once
        sizes = np.diff(sample.bounds).tolist()
        employers = np.add.reduceat(sample.employer.astype(np.int64), starts).tolist()
        sums = {
            audience: np.add.reduceat(np.where(mask[:, None], sample.rows, 0), starts).tolist()
            for audience, mask in (("seeker", sample.seeker), ("employer", sample.employer))
        }
        for i, centre in enumerate(sample.centres):
            inputs = per_centre[centre]
            inputs.respondents, inputs.employers = sizes[i], employers[i]
            for audience, per in sums.items():
                row = per[i]
                inputs.tallies[audience] = {
                    code: (row[j], row[k + j]) for j, code in enumerate(codes) if row[k + j]
                }
    known = set(codes)
    for centre, indicator, x, n in await _checklists(session, window):
        if indicator in known:
            per_centre[centre].checklist[indicator] = (int(x), int(n))
    return dict(per_centre), sample


def level_intervals(
    m: Methodology,
    sample: Sample,
    wanted: Sequence[tuple[str, str]],
    region_of: Mapping[str, str],
    checklists: Mapping[tuple[str, str], Mapping[str, tuple[int, int]]],
    params: BootstrapParams,
) -> dict[tuple[str, str], LevelIntervals]:
    """Bounds for each wanted (level, code); `region_of` maps every centre to its region,
    `checklists` holds each level's pooled checklist."""
    where = {code: sample.centre_rows(i) for i, code in enumerate(sample.centres)}
    by_region: dict[str, list[str]] = defaultdict(list)
    for centre in sorted(where):
        if centre in region_of:
            by_region[region_of[centre]].append(centre)
    units: list[BootstrapUnit] = []
    for level, code in wanted:
        rows, seeker, employer = _rows_of(sample, level, code, where, by_region)
        checklist = checklists.get((level, code), {})
        for audience, chosen in zip(AUDIENCES, (rows, rows[seeker], rows[employer]), strict=True):
            seed = unit_seed(params.seed, level, code, audience)
            units.append(BootstrapUnit(chosen, checklist, seed))
    bounds = bootstrap_many(m, units, resamples=params.resamples, level=params.level)
    return {key: LevelIntervals(*bounds[3 * n : 3 * n + 3]) for n, key in enumerate(wanted)}


def _rows_of(
    sample: Sample,
    level: str,
    code: str,
    where: Mapping[str, slice],
    by_region: Mapping[str, list[str]],
) -> tuple[IntArray, BoolArray, BoolArray]:
    """A level's questionnaire rows (ids in order, a region's centres in code order)."""
    if level == "country":
        return sample.rows, sample.seeker, sample.employer
    if level == "centre":
        parts = [where[code]] if code in where else []
    else:
        parts = [where[c] for c in by_region.get(code, [])]
    if not parts:
        width = sample.rows.shape[1]
        none = np.zeros(0, dtype=np.bool_)
        return np.zeros((0, width), dtype=np.int64), none, none
    if len(parts) == 1:
        part = parts[0]
        return sample.rows[part], sample.seeker[part], sample.employer[part]
    index = np.concatenate([np.arange(p.start, p.stop) for p in parts])
    return sample.rows[index], sample.seeker[index], sample.employer[index]


def for_levels(
    m: Methodology,
    sample: Sample,
    wanted: Sequence[tuple[str, str]],
    centres: Sequence[Any],
    per_centre: Mapping[str, Inputs],
    params: BootstrapParams,
) -> dict[tuple[str, str], LevelIntervals]:
    """The intervals of each wanted (level, code); `centres` is every (code, name, region) row.
    Plain numpy work with no session (`attach` runs it in a thread)."""
    region_of = {code: region for code, _, region in centres}
    checklists: dict[tuple[str, str], Mapping[str, tuple[int, int]]] = {}
    regions: dict[str, Inputs] = defaultdict(Inputs)
    country = Inputs()
    for code, inputs in per_centre.items():
        checklists["centre", code] = inputs.checklist
        only = Inputs(checklist=dict(inputs.checklist))
        if code in region_of:
            regions[region_of[code]].add(only)
        country.add(only)
    checklists.update({("region", code): r.checklist for code, r in regions.items()})
    checklists["country", COUNTRY] = country.checklist
    return level_intervals(m, sample, wanted, region_of, checklists, params)


async def attach(
    m: Methodology,
    sample: Sample,
    levels: Sequence[LevelResult],
    centres: Sequence[Any],
    per_centre: Mapping[str, Inputs],
    params: BootstrapParams,
    only: Callable[[str, str, str | None], bool] | None = None,
) -> list[LevelResult]:
    """`levels` with their intervals (those `only` accepts, by level, code and region: the
    others get none), computed in a thread: the event loop (the bot's, when the weekly job
    or an export runs in it) goes on meanwhile; `scoring.interval` says why threads."""
    keys = [
        (lv.level, lv.code)
        for lv in levels
        if only is None or only(lv.level, lv.code, lv.region_code)
    ]
    found = await asyncio.get_running_loop().run_in_executor(
        None, for_levels, m, sample, keys, centres, per_centre, params
    )
    return [
        replace(lv, intervals=found[lv.level, lv.code]) if (lv.level, lv.code) in found else lv
        for lv in levels
    ]


def snapshot_columns(intervals: LevelIntervals | None) -> dict[str, float | None]:
    """The six interval columns of a `Snapshot` row (None when not computed)."""
    found = intervals or LevelIntervals(NONE, NONE, NONE)
    return {
        "index_low": found.combined.low,
        "index_high": found.combined.high,
        "index_seeker_low": found.seeker.low,
        "index_seeker_high": found.seeker.high,
        "index_employer_low": found.employer.low,
        "index_employer_high": found.employer.high,
    }


def run_columns(params: BootstrapParams | None) -> dict[str, Any]:
    """What a `SnapshotRun` records to make its intervals reproducible."""
    if params is None:
        return {"ci_resamples": None, "ci_level": None, "ci_seed": None}
    return {"ci_resamples": params.resamples, "ci_level": params.level, "ci_seed": params.seed}


__all__ = [
    "LevelIntervals",
    "attach",
    "for_levels",
    "gather_with_sample",
    "level_intervals",
    "run_columns",
    "snapshot_columns",
]
