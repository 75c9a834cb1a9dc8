"""Properties that must hold for any input, not just the hand-computed cases."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import (
    Methodology,
    compute_audiences,
    compute_audiences_from_tallies,
    compute_index,
    load_methodology,
    pool_answers,
    pool_checklists,
)

STAR = load_methodology("star-2023")
PILOT = load_methodology("pilot-2022")
# A deployment override with awkward floats, so the properties are not an artefact of the
# small integer weights of the published versions.
SKEWED = load_methodology("star-2023", overrides={"D": 1.7, "M7": 0.3, "K2": 2.9, "A1": 5.5})

fast = settings(max_examples=150, deadline=None)
methodologies = st.sampled_from([STAR, PILOT, SKEWED])
answer = st.one_of(st.integers(1, 5), st.none())
Answers = dict[str, list[int | None]]
Checklist = dict[str, tuple[int, int]]


@st.composite
def pairs(draw: st.DrawFn, max_n: int = 12) -> tuple[int, int]:
    n = draw(st.integers(0, max_n))
    return draw(st.integers(0, n)), n


@st.composite
def inputs(draw: st.DrawFn, m: Methodology) -> tuple[Answers, Checklist]:
    codes = list(m.indicator_codes)
    answered = draw(st.lists(st.sampled_from(codes), unique=True))
    answers = {c: draw(st.lists(answer, max_size=8)) for c in answered}
    checked = draw(st.lists(st.sampled_from(codes), unique=True, max_size=len(codes)))
    checklist = {c: draw(pairs()) for c in checked}
    return answers, checklist


@fast
@given(st.data())
def test_every_figure_stays_within_its_bounds(data: st.DataObject) -> None:
    m = data.draw(methodologies)
    answers, checklist = data.draw(inputs(m))
    r = compute_index(m, answers, checklist)
    for ind in m.indicators:
        res = r.indicators[ind.code]
        for part in (res.subjective, res.objective, res.value):
            assert part is None or 0 <= part <= ind.weight
    for code in m.group_codes:
        g = r.groups[code]
        assert g is None or 0 <= g <= r.group_max[code]
    assert r.index is None or 0 <= r.index <= r.max_index
    if m is not SKEWED:
        assert r.index is None or 0 <= r.index <= 10


@fast
@given(st.data())
def test_best_and_worst_answers_give_the_extremes(data: st.DataObject) -> None:
    m = data.draw(methodologies)
    codes = m.indicator_codes
    counts = data.draw(st.lists(st.integers(1, 6), min_size=len(codes), max_size=len(codes)))
    required = data.draw(st.lists(st.integers(0, 6), min_size=len(codes), max_size=len(codes)))
    best = compute_index(
        m,
        {c: [5] * k for c, k in zip(codes, counts, strict=True)},
        {c: (n, n) for c, n in zip(codes, required, strict=True)},
    )
    assert best.index == pytest.approx(best.max_index, abs=1e-9)
    if m is not SKEWED:
        assert best.index == pytest.approx(10, abs=1e-9)
    worst = compute_index(
        m,
        {c: [1] * k for c, k in zip(codes, counts, strict=True)},
        {c: (0, n) for c, n in zip(codes, required, strict=True)},
    )
    assert worst.index == 0


@fast
@given(st.data())
def test_raising_one_answer_never_lowers_anything(data: st.DataObject) -> None:
    m = data.draw(methodologies)
    answers, checklist = data.draw(inputs(m))
    raisable = [(c, i) for c, vs in answers.items() for i, a in enumerate(vs) if a and a < 5]
    if not raisable:
        answers = {m.indicator_codes[0]: [1]}
        raisable = [(m.indicator_codes[0], 0)]
    code, pos = data.draw(st.sampled_from(raisable))
    old_value = answers[code][pos]
    assert old_value is not None
    raised = {c: list(vs) for c, vs in answers.items()}
    raised[code][pos] = data.draw(st.integers(old_value + 1, 5))
    before, after = compute_index(m, answers, checklist), compute_index(m, raised, checklist)
    assert (before.index is None) == (after.index is None)
    if before.index is not None and after.index is not None:
        assert after.index >= before.index
    for g in m.group_codes:
        b, a = before.groups[g], after.groups[g]
        assert (b is None and a is None) or (b is not None and a is not None and a >= b)


@fast
@given(st.data())
def test_meeting_one_more_requirement_never_lowers_the_index(data: st.DataObject) -> None:
    m = data.draw(methodologies)
    answers, checklist = data.draw(inputs(m))
    code = data.draw(st.sampled_from(m.indicator_codes))
    x, n = checklist.get(code, (0, 0))
    if x == n:
        n += 1  # one more requirement, not yet met
    before = compute_index(m, answers, checklist | {code: (x, n)})
    after = compute_index(m, answers, checklist | {code: (x + 1, n)})
    if before.index is not None and after.index is not None:
        assert after.index >= before.index
    v_before, v_after = before.indicators[code].value, after.indicators[code].value
    assert v_before is not None and v_after is not None
    assert v_after >= v_before


@fast
@given(st.data())
def test_unmeasured_indicators_are_rescaled_to_the_group_maximum(data: st.DataObject) -> None:
    m = data.draw(methodologies)
    group = data.draw(st.sampled_from(m.groups))
    members = m.indicators_of(group.code)
    measured = data.draw(
        st.lists(st.sampled_from(members), unique=True, min_size=1, max_size=len(members))
    )
    answers = {i.code: data.draw(st.lists(st.integers(1, 5), min_size=1)) for i in measured}
    r = compute_index(m, answers)
    # G = c · (mean rate of the measured indicators, weighted) · (the group's full weight).
    values = [r.indicators[i.code].value for i in measured]
    rate = math.fsum(v for v in values if v is not None) / math.fsum(i.weight for i in measured)
    assert r.groups[group.code] == pytest.approx(
        group.coefficient * rate * m.group_weight(group.code), rel=1e-12, abs=1e-12
    )
    # In particular, when every measured indicator scores the same rate, the group scores that
    # rate of its maximum, however many indicators are missing.
    level = data.draw(st.integers(1, 5))
    uniform = compute_index(m, {i.code: [level] for i in measured})
    assert uniform.groups[group.code] == pytest.approx(
        (level - 1) / 4 * m.group_max(group.code), rel=1e-12, abs=1e-12
    )
    for other in m.groups:
        if other.code != group.code:
            assert r.groups[other.code] is None


@fast
@given(st.data())
def test_pooling_centres_equals_computing_on_the_combined_input(data: st.DataObject) -> None:
    # A region's figure is the library applied to its centres' pooled inputs; splitting the
    # same answers and checklists across centres in any way must not change it.
    m = data.draw(methodologies)
    centres = data.draw(st.integers(1, 5))
    combined, _ = data.draw(inputs(m))
    parts: list[Answers] = [{} for _ in range(centres)]
    for code, values in combined.items():
        owners = data.draw(
            st.lists(st.integers(0, centres - 1), min_size=len(values), max_size=len(values))
        )
        for value, owner in zip(values, owners, strict=True):
            parts[owner].setdefault(code, []).append(value)
    checklists: list[Checklist] = [
        data.draw(st.dictionaries(st.sampled_from(m.indicator_codes), pairs(), max_size=6))
        for _ in range(centres)
    ]
    summed: Checklist = {}
    for cl in checklists:
        for code, (x, n) in cl.items():
            old = summed.get(code, (0, 0))
            summed[code] = (old[0] + x, old[1] + n)

    direct = compute_index(m, combined, summed, respondents=150, employers=30)
    pooled = compute_index(
        m, pool_answers(parts), pool_checklists(checklists), respondents=150, employers=30
    )
    assert pooled == direct


@fast
@given(st.data())
def test_combined_audience_result_is_the_pooled_index(data: st.DataObject) -> None:
    m = data.draw(methodologies)
    seeker, checklist = data.draw(inputs(m))
    employer, _ = data.draw(inputs(m))
    res = compute_audiences(m, {"seeker": seeker, "employer": employer}, checklist)
    assert res.combined == compute_index(m, pool_answers([seeker, employer]), checklist)
    assert res.seeker == compute_index(m, seeker, checklist)
    assert res.employer == compute_index(m, employer, checklist)


@fast
@given(st.data())
def test_tallies_give_the_same_figures_as_answer_lists(data: st.DataObject) -> None:
    # The database aggregates answers into (Σ(a−1), count) with GROUP BY; that path must give
    # exactly what the answer lists give.
    m = data.draw(methodologies)
    seeker, checklist = data.draw(inputs(m))
    employer, _ = data.draw(inputs(m))
    by_audience = {"seeker": seeker, "employer": employer}
    tallies = {
        audience: {
            code: (sum(a - 1 for a in values if a is not None), sum(a is not None for a in values))
            for code, values in answers.items()
        }
        for audience, answers in by_audience.items()
    }
    expected = compute_audiences(m, by_audience, checklist, 10, 3)
    got = compute_audiences_from_tallies(m, tallies, checklist, 10, 3)
    assert got == expected


def test_impossible_tallies_are_refused() -> None:
    for bad in ((-1, 2), (9, 2), (1, -1), (1.5, 2), "ab"):
        with pytest.raises(ValueError, match="D1"):
            compute_audiences_from_tallies(STAR, {"seeker": {"D1": bad}})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="nobody"):
        compute_audiences_from_tallies(STAR, {"nobody": {}})
