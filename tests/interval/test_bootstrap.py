"""The bootstrap interval of METHODOLOGY.md §8: coverage, hand-made samples, the API's checks."""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest

from scoring import (
    BootstrapParams,
    BootstrapUnit,
    bootstrap_index,
    bootstrap_many,
    compute_index,
    load_methodology,
    pool_answers,
    questionnaire_rows,
    unit_seed,
)
from scoring.batch import Scorer

STAR = load_methodology("star-2023")
CODES = STAR.indicator_codes
Q = dict[str, list[int | None]]


def person(value: int | None, codes: tuple[str, ...] = CODES) -> Q:
    return {code: [value] for code in codes}


# --- coverage on a known distribution ---------------------------------------------------------

# Two kinds of people: the answers of one person are correlated (a happy or an unhappy
# visitor), which is why §8 resamples whole questionnaires.
HAPPY = [0.02, 0.03, 0.10, 0.35, 0.50]  # P(answer = 1..5)
UNHAPPY = [0.25, 0.30, 0.25, 0.15, 0.05]
SHARE_HAPPY = 0.6
HARD_TO_SAY = 0.1


def true_index() -> float:
    """The population index: every indicator's mean answer is the same mixture."""
    mean = sum(
        (a + 1) * (SHARE_HAPPY * h + (1 - SHARE_HAPPY) * u)
        for a, (h, u) in enumerate(zip(HAPPY, UNHAPPY, strict=True))
    )
    share = (mean - 1) / 4  # every indicator scores weight · share, every group c · Σw · share
    return math.fsum(g.coefficient * STAR.group_weight(g.code) * share for g in STAR.groups) / 5


def simulated(rng: np.random.Generator, n: int) -> list[Q]:
    out: list[Q] = []
    for _ in range(n):
        p = HAPPY if rng.random() < SHARE_HAPPY else UNHAPPY
        answers = rng.choice([1, 2, 3, 4, 5], size=len(CODES), p=p)
        silent = rng.random(len(CODES)) < HARD_TO_SAY
        out.append(
            {
                code: [None if quiet else int(a)]
                for code, a, quiet in zip(CODES, answers, silent, strict=True)
            }
        )
    return out


def test_95_interval_covers_the_true_index_in_90_to_99_percent_of_200_trials() -> None:
    truth = true_index()
    rng = np.random.default_rng(2026)
    covered = 0
    for trial in range(200):
        ci = bootstrap_index(STAR, simulated(rng, 120), resamples=1000, seed=trial)
        assert ci.low is not None and ci.high is not None
        covered += ci.low <= truth <= ci.high
    assert 180 <= covered <= 198, f"covered {covered} of 200"


# --- small hand-made samples ------------------------------------------------------------------


def test_identical_questionnaires_have_no_spread() -> None:
    ci = bootstrap_index(STAR, [person(4)] * 7, seed=0)
    assert ci.index == pytest.approx(7.5)
    assert ci.low == pytest.approx(7.5) and ci.high == pytest.approx(7.5)
    assert ci.undefined == 0 and ci.resamples == 1000 and ci.level == 0.95


def test_two_opposite_people_span_the_whole_scale() -> None:
    # Resamples hold 0, 1 or 2 copies of the all-5 person (1/4, 1/2, 1/4): index 0, 5 or 10.
    ci = bootstrap_index(STAR, [person(5), person(1)], seed=3)
    assert ci.index == pytest.approx(5.0)
    assert ci.low == pytest.approx(0.0) and ci.high == pytest.approx(10.0)


def test_whole_questionnaires_are_resampled_not_single_answers() -> None:
    # 40 people, half all-5 and half all-1: 800 answers, but only 40 independent units. The
    # index's standard error is 10 · 0.5 / √40 ≈ 0.79, so the 95 % interval is about 3 wide;
    # resampling the 800 answers one by one would make it about 0.7 wide.
    ci = bootstrap_index(STAR, [person(5)] * 20 + [person(1)] * 20, seed=1)
    assert ci.low is not None and ci.high is not None
    assert 2.5 < ci.high - ci.low < 3.7
    assert ci.low < 5.0 < ci.high


def test_objective_part_stays_as_it_is() -> None:
    # The checklist is a census: with identical answers every resample has the same index.
    checklist = {"D1": (0, 5), "K1": (3, 3)}
    ci = bootstrap_index(STAR, [person(5)] * 5, checklist, seed=0)
    expected = compute_index(STAR, pool_answers([person(5)] * 5), checklist).index
    assert ci.index == pytest.approx(expected)
    assert ci.low == pytest.approx(expected) and ci.high == pytest.approx(expected)
    # A fixed objective part halves the weight of the survey in D1: the interval narrows.
    spread = [person(5), person(1), person(3), person(4)]
    survey_only = bootstrap_index(STAR, spread, seed=0)
    with_census = bootstrap_index(STAR, spread, dict.fromkeys(CODES, (1, 1)), seed=0)
    assert survey_only.low is not None and survey_only.high is not None
    assert with_census.low is not None and with_census.high is not None
    assert with_census.high - with_census.low < survey_only.high - survey_only.low


def test_interval_is_undefined_when_over_5_percent_of_resamples_have_no_index() -> None:
    # Group A is answered by one person of 40: (39/40)^40 ≈ 36 % of resamples miss it.
    others = tuple(c for c in CODES if not c.startswith("A"))
    rare = [person(4)] + [person(4, others)] * 39
    ci = bootstrap_index(STAR, rare, seed=0)
    assert ci.index is not None  # the sample itself has an index
    assert ci.low is None and ci.high is None
    assert 300 < ci.undefined < 430


def test_a_few_undefined_resamples_are_dropped() -> None:
    # Answered by 6 of 40: (34/40)^40 ≈ 0.15 % of resamples miss group A.
    others = tuple(c for c in CODES if not c.startswith("A"))
    sample = [person(5)] * 6 + [person(3, others)] * 34
    ci = bootstrap_index(STAR, sample, seed=0, resamples=5000)
    assert ci.low is not None and ci.high is not None and ci.low < ci.high
    assert 0 < ci.undefined <= 0.05 * 5000


def test_no_questionnaires() -> None:
    assert bootstrap_index(STAR, []).index is None
    ci = bootstrap_index(STAR, [], dict.fromkeys(CODES, (1, 2)))
    assert ci.index == pytest.approx(5.0)  # the checklist alone: a census, no spread
    assert ci.low == pytest.approx(5.0) and ci.high == pytest.approx(5.0)


def test_same_inputs_and_seed_give_the_same_interval() -> None:
    sample = simulated(np.random.default_rng(5), 30)
    first = bootstrap_index(STAR, sample, seed=11)
    assert bootstrap_index(STAR, sample, seed=11) == first
    assert bootstrap_index(STAR, sample, seed=12) != first
    narrower = bootstrap_index(STAR, sample, seed=11, level=0.5)
    assert first.low is not None and first.high is not None
    assert narrower.low is not None and narrower.high is not None
    assert first.low < narrower.low < narrower.high < first.high


def test_many_levels_at_once_equal_one_at_a_time() -> None:
    # Equal sizes share a batch; the figures must not depend on the company they keep.
    rng = np.random.default_rng(7)
    samples = [simulated(rng, n) for n in (3, 3, 3, 12, 0, 1, 12)]
    checklists: list[dict[str, tuple[int, int]]] = [{}, {"D1": (1, 2)}, {}, {}, {}, {}, {}]
    units = [
        BootstrapUnit(questionnaire_rows(STAR, s), c, unit_seed(4, "centre", str(n)))
        for n, (s, c) in enumerate(zip(samples, checklists, strict=True))
    ]
    together = bootstrap_many(STAR, units, resamples=200)
    for unit, sample, checklist, bounds in zip(units, samples, checklists, together, strict=True):
        alone = bootstrap_index(STAR, sample, checklist, resamples=200, seed=unit.seed)
        assert (alone.low, alone.high, alone.undefined) == (
            bounds.low,
            bounds.high,
            bounds.undefined,
        )


def test_unit_seed_is_stable_and_distinct() -> None:
    assert unit_seed(0, "region", "77", "seeker") == unit_seed(0, "region", "77", "seeker")
    assert unit_seed(0, "region", "77", "seeker") != unit_seed(0, "region", "77", "employer")
    assert unit_seed(1, "region", "77", "seeker") != unit_seed(0, "region", "77", "seeker")


# --- the vectorised formulas agree with compute_index -----------------------------------------


def random_level(rnd: random.Random, m: Any) -> tuple[dict[str, list[int | None]], Any]:
    answers: dict[str, list[int | None]] = {}
    for ind in m.indicators:
        if rnd.random() < 0.75:
            count = rnd.randint(0, 4)
            answers[ind.code] = [rnd.choice([1, 2, 3, 4, 5, None]) for _ in range(count)]
    checklist = {
        ind.code: (x, x + rnd.randint(0, 3))
        for ind in m.indicators
        if ind.objective != "none" and rnd.random() < 0.3
        for x in [rnd.randint(0, 3)]
    }
    return answers, checklist


@pytest.mark.parametrize("name", ["star-2023", "pilot-2022"])
def test_vectorised_index_equals_compute_index(name: str) -> None:
    m = load_methodology(name)
    scorer = Scorer(m)
    rnd = random.Random(9)
    for _ in range(300):
        answers, checklist = random_level(rnd, m)
        expected = compute_index(m, answers, checklist).index
        totals = questionnaire_rows(m, [answers]).astype(float)[0]
        objective = scorer.objective(checklist)
        general = scorer.index(totals[:, None], objective[:, None])[0]
        answered = totals[scorer.k :] > 0
        counts = totals[scorer.k :] + ~answered
        linear = scorer.linear(
            totals[None, : scorer.k, None], counts[None, :, None], objective[None], answered[None]
        )[0, 0]
        for got in (general, linear):
            if expected is None:
                assert math.isnan(got)
            else:
                assert got == pytest.approx(expected, rel=1e-12, abs=1e-12)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resamples": 99}, "resamples"),
        ({"resamples": True}, "resamples"),
        ({"resamples": 1000.0}, "resamples"),
        ({"level": 0}, "level"),
        ({"level": 1}, "level"),
        ({"level": 1.5}, "level"),
        ({"level": float("nan")}, "level"),
        ({"level": True}, "level"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_bad_parameters_raise(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bootstrap_index(STAR, [person(3)], **kwargs)


@pytest.mark.parametrize(
    ("questionnaires", "checklist", "message"),
    [
        ([{"Z9": [3]}], None, "Z9"),
        ([{"D1": [6]}], None, "D1"),
        ([{"D1": [0]}], None, "D1"),
        ([{"D1": "5"}], None, "D1"),
        ([person(3)], {"D1": (3, 2)}, "X > N"),
        ([person(3)], {"D1": (-1, 2)}, "negative"),
        ("D1", None, "sequence"),
        ([["D1", 5]], None, "questionnaire 0"),
    ],
)
def test_bad_input_raises_value_error_naming_the_item(
    questionnaires: Any, checklist: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        bootstrap_index(STAR, questionnaires, checklist)


def test_bootstrap_params_are_checked() -> None:
    assert BootstrapParams() == BootstrapParams(1000, 0.95, 0)
    with pytest.raises(ValueError):
        BootstrapParams(resamples=50)
    with pytest.raises(ValueError):
        BootstrapParams(level=0.0)
