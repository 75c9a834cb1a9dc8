"""The index math of METHODOLOGY.md §3, one function for every level.

A centre, a region and the country differ only in which answers and checklists are pooled
before the call, so there is no averaging of lower-level indices anywhere: a region's figure
is this library applied to the pooled inputs of its centres. Full float precision is kept
throughout; rounding belongs to display (``round2``, ``to_display_scale``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, TypeGuard, overload

from scoring.methodology import AUDIENCES, Methodology, SampleRules

__all__ = [
    "Answers",
    "AudienceResults",
    "Checklist",
    "IndexResult",
    "IndicatorResult",
    "compute_audiences",
    "compute_audiences_from_tallies",
    "compute_index",
    "pool_answers",
    "pool_checklists",
    "round2",
    "to_display_scale",
]

# indicator code -> answers on the 1..5 scale; None is "hard to say" and is not an answer.
Answers = Mapping[str, Sequence[int | None]]
# indicator code -> (X fulfilled, N required) requirements of the checklist.
Checklist = Mapping[str, tuple[int, int]]

_LOW, _HIGH = 1, 5


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    code: str
    weight: float
    answers: int
    """Number of valid answers behind ``subjective`` ("hard to say" excluded)."""
    subjective: float | None
    objective: float | None
    value: float | None


@dataclass(frozen=True, slots=True)
class IndexResult:
    methodology: str
    index: float | None
    groups: dict[str, float | None]
    indicators: dict[str, IndicatorResult]
    # Maxima travel with the result so a UI can show shares without reloading the methodology.
    group_max: dict[str, float]
    max_index: float
    respondents: int
    employers: int
    official: bool


@dataclass(frozen=True, slots=True)
class AudienceResults:
    """The combined index and the two audience sub-indices; the objective part is shared."""

    combined: IndexResult
    seeker: IndexResult
    employer: IndexResult

    def for_audience(self, audience: str) -> IndexResult:
        if audience == "seeker":
            return self.seeker
        if audience == "employer":
            return self.employer
        raise ValueError(f"unknown audience {audience!r} (expected {', '.join(AUDIENCES)})")


# Per indicator: (sum of (a - 1) over valid answers, number of valid answers). Integer sums
# keep pooling exact and make the result independent of the order answers arrive in.
_Tally = dict[str, tuple[int, int]]


def compute_index(
    m: Methodology,
    answers: Answers,
    checklist: Checklist | None = None,
    respondents: int = 0,
    employers: int = 0,
    *,
    rules: SampleRules | None = None,
) -> IndexResult:
    """Score one level from its pooled survey answers and checklist counts."""
    _check_sample(respondents, employers)
    tally = _tally(m, answers, "answers")
    ratios = _ratios(m, checklist or {})
    return _score(m, tally, ratios, respondents, employers, rules or m.sample_rules)


def compute_audiences(
    m: Methodology,
    answers_by_audience: Mapping[str, Answers],
    checklist: Checklist | None = None,
    respondents: int = 0,
    employers: int = 0,
    *,
    rules: SampleRules | None = None,
) -> AudienceResults:
    """Combined index plus job-seeker and employer sub-indices from the same inputs.

    The sample counts (and so the official flag) are the level's, for all three results:
    officialness is a property of the level's survey, not of one audience's share of it.
    """
    _check_sample(respondents, employers)
    for audience in answers_by_audience:
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r} (expected {', '.join(AUDIENCES)})")
    tallies = {a: _tally(m, answers_by_audience.get(a, {}), f"{a} answers") for a in AUDIENCES}
    return _score_audiences(m, tallies, checklist, respondents, employers, rules)


def compute_audiences_from_tallies(
    m: Methodology,
    tallies_by_audience: Mapping[str, Mapping[str, tuple[int, int]]],
    checklist: Checklist | None = None,
    respondents: int = 0,
    employers: int = 0,
    *,
    rules: SampleRules | None = None,
) -> AudienceResults:
    """`compute_audiences` from pre-aggregated answers, as a database GROUP BY yields them.

    A tally is (Σ(a − 1), count) over the valid answers of one indicator, so
    mean((a − 1) / 4) = Σ(a − 1) / (4 · count) and pooling is a plain sum: the same figures as
    `compute_audiences` on the answer lists, without materialising a million answers.
    """
    _check_sample(respondents, employers)
    for audience in tallies_by_audience:
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r} (expected {', '.join(AUDIENCES)})")
    tallies = {
        a: {
            code: _checked_tally(m, code, pair, a)
            for code, pair in tallies_by_audience.get(a, {}).items()
        }
        for a in AUDIENCES
    }
    return _score_audiences(m, tallies, checklist, respondents, employers, rules)


def _score_audiences(
    m: Methodology,
    tallies: Mapping[str, _Tally],
    checklist: Checklist | None,
    respondents: int,
    employers: int,
    rules: SampleRules | None,
) -> AudienceResults:
    combined: _Tally = {}
    for tally in tallies.values():
        for code, (total, count) in tally.items():
            old_total, old_count = combined.get(code, (0, 0))
            combined[code] = (old_total + total, old_count + count)
    ratios = _ratios(m, checklist or {})
    sample = (respondents, employers, rules or m.sample_rules)
    return AudienceResults(
        combined=_score(m, combined, ratios, *sample),
        seeker=_score(m, tallies["seeker"], ratios, *sample),
        employer=_score(m, tallies["employer"], ratios, *sample),
    )


def _checked_tally(m: Methodology, code: str, pair: object, audience: str) -> tuple[int, int]:
    if not m.has_indicator(code):
        raise ValueError(f"unknown indicator code {code!r} in {audience} tallies ({m.name})")
    if type(pair) is not tuple and (
        isinstance(pair, str | bytes) or not isinstance(pair, Sequence)
    ):
        raise ValueError(f"tally for {code} must be a pair (sum of a-1, count), got {pair!r}")
    if len(pair) != 2:
        raise ValueError(f"tally for {code} must be a pair (sum of a-1, count), got {pair!r}")
    total, count = pair
    if not _is_int(total) or not _is_int(count) or count < 0:
        raise ValueError(f"tally for {code} must hold non-negative integers, got {pair!r}")
    if not 0 <= total <= (_HIGH - _LOW) * count:
        raise ValueError(f"tally for {code} is impossible for answers {_LOW}..{_HIGH}: {pair!r}")
    return total, count


def pool_answers(parts: Iterable[Answers]) -> dict[str, list[int | None]]:
    """Concatenate the answers of several units (e.g. the centres of a region)."""
    pooled: dict[str, list[int | None]] = {}
    for part in parts:
        for code, values in part.items():
            pooled.setdefault(code, []).extend(values)
    return pooled


def pool_checklists(parts: Iterable[Checklist]) -> dict[str, tuple[int, int]]:
    """Sum X and N per indicator over several units, as §3 defines oᵢ = wᵢ · ΣX / ΣN."""
    pooled: dict[str, tuple[int, int]] = {}
    for part in parts:
        for code, pair in part.items():
            # Checked one unit at a time: a bad pair could otherwise hide inside a valid sum.
            x, n = _check_pair(code, pair)
            old_x, old_n = pooled.get(code, (0, 0))
            pooled[code] = (old_x + x, old_n + n)
    return pooled


def to_display_scale(index: float | None, scale: Literal[10, 100] = 10) -> float | None:
    """The native 0–10 index, or 0–100 (index × 10) for users used to percentages."""
    if scale not in (10, 100):
        raise ValueError(f"display scale must be 10 or 100, got {scale!r}")
    if index is None:
        return None
    return index * 10 if scale == 100 else index


@overload
def round2(x: float) -> float: ...
@overload
def round2(x: None) -> None: ...
def round2(x: float | None) -> float | None:
    """Two decimals, half up on the decimal text, as people round (2.675 -> 2.68).

    For display only: stored figures and comparisons keep full precision.
    """
    if x is None:
        return None
    return float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _score(
    m: Methodology,
    tally: _Tally,
    ratios: Mapping[str, tuple[int, int]],
    respondents: int,
    employers: int,
    rules: SampleRules,
) -> IndexResult:
    indicators: dict[str, IndicatorResult] = {}
    for ind in m.indicators:
        total, count = tally.get(ind.code, (0, 0))
        subjective = ind.weight * total / (4 * count) if count else None
        x, n = ratios.get(ind.code, (0, 0))
        objective = ind.weight * x / n if n else None
        if subjective is not None and objective is not None:
            value: float | None = (subjective + objective) / 2
        else:
            value = subjective if subjective is not None else objective
        indicators[ind.code] = IndicatorResult(
            ind.code, ind.weight, count, subjective, objective, value
        )

    groups: dict[str, float | None] = {}
    for group in m.groups:
        members = m.indicators_of(group.code)
        defined = [indicators[i.code] for i in members if indicators[i.code].value is not None]
        if not defined:
            groups[group.code] = None
            continue
        total_v = math.fsum(r.value for r in defined if r.value is not None)
        if len(defined) < len(members):
            # An unmeasured indicator must not pull its group down: scale the measured part
            # up to the group's full weight (§3, the project's own rule).
            w_all = m.group_weight(group.code)
            w_def = math.fsum(r.weight for r in defined)
            total_v = total_v * w_all / w_def
        groups[group.code] = group.coefficient * total_v

    scores = list(groups.values())
    index = None
    if all(g is not None for g in scores):
        index = math.fsum(g for g in scores if g is not None) / len(scores)

    return IndexResult(
        methodology=m.name,
        index=index,
        groups=groups,
        indicators=indicators,
        group_max=dict(m.group_maxima),
        max_index=m.max_index,
        respondents=respondents,
        employers=employers,
        official=rules.is_official(respondents, employers),
    )


def _tally(m: Methodology, answers: Answers, where: str) -> _Tally:
    tally: _Tally = {}
    for code, values in answers.items():
        if not m.has_indicator(code):
            raise ValueError(f"unknown indicator code {code!r} in {where} ({m.name})")
        if isinstance(values, str | bytes) or not isinstance(values, Sequence):
            raise ValueError(f"{where} for {code} must be a sequence of 1..5 or None")
        total = count = 0
        for pos, a in enumerate(values):
            if a is None:
                continue
            if not _is_int(a) or not _LOW <= a <= _HIGH:
                raise ValueError(
                    f"answer {a!r} at position {pos} for {code} in {where} is not an integer "
                    f"{_LOW}..{_HIGH} or None"
                )
            total += a - _LOW
            count += 1
        tally[code] = (total, count)
    return tally


def _ratios(m: Methodology, checklist: Checklist) -> dict[str, tuple[int, int]]:
    ratios: dict[str, tuple[int, int]] = {}
    for code, pair in checklist.items():
        if not m.has_indicator(code):
            raise ValueError(f"unknown indicator code {code!r} in checklist ({m.name})")
        if m.indicator(code).objective == "none":
            raise ValueError(f"indicator {code} has no objective part in {m.name}")
        ratios[code] = _check_pair(code, pair)
    return ratios


def _check_pair(code: str, pair: object) -> tuple[int, int]:
    if isinstance(pair, str | bytes) or not isinstance(pair, Sequence) or len(pair) != 2:
        raise ValueError(f"checklist entry for {code} must be a pair (X, N), got {pair!r}")
    x, n = pair
    if not _is_int(x) or not _is_int(n):
        raise ValueError(f"checklist entry for {code} must hold integers, got {pair!r}")
    if x < 0 or n < 0:
        raise ValueError(f"checklist entry for {code} has a negative count: {pair!r}")
    if x > n:
        raise ValueError(f"checklist entry for {code} has X > N: {x} of {n}")
    return x, n


def _check_sample(respondents: int, employers: int) -> None:
    for name, value in (("respondents", respondents), ("employers", employers)):
        if not _is_int(value) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if employers > respondents:
        raise ValueError(f"employers ({employers}) cannot exceed respondents ({respondents})")


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
