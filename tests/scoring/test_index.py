"""The formulas of METHODOLOGY.md §3 on hand-computed cases, and the input checks of §7."""

from __future__ import annotations

from typing import Any

import pytest

from scoring import (
    Group,
    Indicator,
    Methodology,
    SampleRules,
    compute_audiences,
    compute_index,
    load_methodology,
    pool_answers,
    pool_checklists,
    round2,
    to_display_scale,
)

STAR = load_methodology("star-2023")
PILOT = load_methodology("pilot-2022")

EXAMPLE_ANSWERS: dict[str, list[int | None]] = {
    "D1": [5, 4, 5, 3],
    "D2": [5, 5],
    "D3": [3, 4, None],
}


def all_fives(m: Methodology, skip: str = "") -> dict[str, list[int | None]]:
    return {i.code: [5] for i in m.indicators if i.group != skip}


# --- the worked example of §4 ----------------------------------------------------------------


def test_worked_example_indicators() -> None:
    r = compute_index(STAR, EXAMPLE_ANSWERS, {"D1": (4, 5)}, respondents=120, employers=25)
    d1, d2, d3 = (r.indicators[c] for c in ("D1", "D2", "D3"))
    assert d1.subjective == 2.4375
    assert d1.objective == pytest.approx(2.4, abs=1e-15)
    assert d1.value == pytest.approx(2.41875, abs=1e-15)
    assert d1.answers == 4 and d1.weight == 3
    assert (d2.subjective, d2.objective, d2.value, d2.answers) == (3, None, 3, 2)
    assert (d3.subjective, d3.objective, d3.value, d3.answers) == (1.25, None, 1.25, 2)
    assert r.groups["D"] == pytest.approx(10.003125, abs=1e-14)
    # The other groups have no data, so the index is not defined yet.
    assert r.index is None
    assert r.groups == {"D": r.groups["D"], "P": None, "M": None, "A": None, "K": None}
    assert r.official is True
    assert r.methodology == "star-2023"


def test_worked_example_index_with_other_groups_at_maximum() -> None:
    answers = all_fives(STAR, skip="D") | EXAMPLE_ANSWERS
    r = compute_index(STAR, answers, {"D1": (4, 5)})
    assert [r.groups[c] for c in "PMAK"] == [6, 18, 6, 8]
    assert r.index == pytest.approx(9.600625, abs=1e-14)
    assert round2(r.index) == 9.6


def test_worked_example_without_d3_rescales_the_group() -> None:
    answers: dict[str, list[int | None]] = {"D1": [5, 4, 5, 3], "D2": [5, 5], "D3": [None, None]}
    r = compute_index(STAR, answers, {"D1": (4, 5)})
    assert r.indicators["D3"].value is None and r.indicators["D3"].answers == 0
    assert r.groups["D"] == pytest.approx(1.5 * (2.41875 + 3) * 8 / 6, abs=1e-14)
    assert r.groups["D"] == pytest.approx(10.8375, abs=1e-14)


# --- shape of the result ---------------------------------------------------------------------


def test_every_indicator_and_group_is_reported_in_order() -> None:
    r = compute_index(STAR, {})
    assert list(r.indicators) == list(STAR.indicator_codes)
    assert list(r.groups) == list(STAR.group_codes)
    assert all(x.value is None and x.answers == 0 for x in r.indicators.values())
    assert r.index is None
    assert r.group_max == {"D": 12, "P": 6, "M": 18, "A": 6, "K": 8}
    assert r.max_index == 10
    assert (r.respondents, r.employers, r.official) == (0, 0, False)


@pytest.mark.parametrize("m", [STAR, PILOT], ids=["star-2023", "pilot-2022"])
def test_maximum_is_ten(m: Methodology) -> None:
    full = {i.code: (3, 3) for i in m.indicators}
    r = compute_index(m, all_fives(m), full)
    assert r.index == 10
    assert r.groups == r.group_max


@pytest.mark.parametrize("m", [STAR, PILOT], ids=["star-2023", "pilot-2022"])
def test_minimum_is_zero(m: Methodology) -> None:
    r = compute_index(m, {i.code: [1, 1] for i in m.indicators}, {"D1": (0, 4)})
    assert r.index == 0


def test_pilot_groups_use_their_coefficients() -> None:
    answers = {i.code: [3] for i in PILOT.indicators}  # every rate is one half
    r = compute_index(PILOT, answers)
    assert r.groups == {"P": 3, "A": 3, "L": 9, "K": 4, "D": 6}
    assert r.index == 5


def test_objective_only_indicator_and_empty_checklist() -> None:
    answers = all_fives(STAR) | {"K3": []}
    r = compute_index(STAR, answers, {"K3": (1, 4), "K4": (0, 0)})
    assert r.indicators["K3"].subjective is None
    assert r.indicators["K3"].objective == 0.5
    assert r.indicators["K3"].value == 0.5
    # N = 0 means no requirement applies: the objective part is undefined, not zero.
    assert r.indicators["K4"].objective is None
    assert r.indicators["K4"].value == 2
    assert r.groups["K"] == 3 + 1 + 0.5 + 2


# --- sample rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("respondents", "employers", "official"),
    [(100, 20, True), (99, 20, False), (100, 19, False), (500, 499, True), (0, 0, False)],
)
def test_official_flag_default_rules(respondents: int, employers: int, official: bool) -> None:
    r = compute_index(STAR, EXAMPLE_ANSWERS, respondents=respondents, employers=employers)
    assert r.official is official


def test_official_flag_custom_rules() -> None:
    rules = SampleRules(min_respondents=10, min_employers=0)
    assert compute_index(STAR, {}, respondents=10, rules=rules).official
    assert not compute_index(STAR, {}, respondents=9, rules=rules).official


# --- input checks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"answers": {"Z1": [5]}}, "unknown indicator code 'Z1' in answers"),
        ({"answers": {"L1": [5]}}, "unknown indicator code 'L1'"),  # pilot code, star run
        ({"answers": {"D1": [5, 6]}}, "answer 6 at position 1 for D1"),
        ({"answers": {"D1": [0]}}, "answer 0 at position 0 for D1"),
        ({"answers": {"D2": [True]}}, "answer True at position 0 for D2"),
        ({"answers": {"D2": [4.0]}}, "answer 4.0 at position 0 for D2"),
        ({"answers": {"D2": ["5"]}}, "answer '5' at position 0 for D2"),
        ({"answers": {"D2": "55"}}, "answers for D2 must be a sequence"),
        ({"answers": {"D2": 5}}, "answers for D2 must be a sequence"),
        ({"checklist": {"Z1": (1, 2)}}, "unknown indicator code 'Z1' in checklist"),
        ({"checklist": {"D1": (6, 5)}}, "checklist entry for D1 has X > N: 6 of 5"),
        ({"checklist": {"D1": (-1, 5)}}, "checklist entry for D1 has a negative count"),
        ({"checklist": {"D1": (0, -5)}}, "checklist entry for D1 has a negative count"),
        ({"checklist": {"D1": (1, 2, 3)}}, "checklist entry for D1 must be a pair"),
        ({"checklist": {"D1": (1.0, 2)}}, "checklist entry for D1 must hold integers"),
        ({"checklist": {"D1": (True, 2)}}, "checklist entry for D1 must hold integers"),
        ({"respondents": -1}, "respondents must be a non-negative integer"),
        ({"employers": -1}, "employers must be a non-negative integer"),
        ({"respondents": 1.5}, "respondents must be a non-negative integer"),
        ({"respondents": 10, "employers": 11}, r"employers \(11\) cannot exceed respondents"),
    ],
)
def test_bad_input_raises_value_error_naming_the_item(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"answers": {}} | kwargs
    with pytest.raises(ValueError, match=message):
        compute_index(STAR, **args)


def test_checklist_is_refused_for_survey_only_indicators() -> None:
    m = Methodology(
        "t",
        (Group("X", "Икс", "Ex", 1.0),),
        (
            Indicator("X1", "X", 1, "а", "a", objective="none"),
            Indicator("X2", "X", 1, "б", "b", audiences=(), objective="optional"),
        ),
    )
    with pytest.raises(ValueError, match="X1 has no objective part"):
        compute_index(m, {}, {"X1": (1, 1)})
    assert compute_index(m, {"X1": [5]}, {"X2": (1, 2)}).index == 1.5


# --- audiences -------------------------------------------------------------------------------


def test_audience_sub_indices() -> None:
    seeker = all_fives(STAR) | {"P2": [], "D1": [5, 5]}
    employer = {i.code: [1] for i in STAR.indicators if "employer" in i.audiences}
    checklist = {"D1": (1, 2)}
    res = compute_audiences(
        STAR, {"seeker": seeker, "employer": employer}, checklist, respondents=3, employers=1
    )
    assert res.seeker.indicators["D1"].subjective == 3
    assert res.employer.indicators["D1"].subjective == 0
    assert res.combined.indicators["D1"].subjective == 2  # (5, 5, 1) pooled
    assert res.combined.indicators["D1"].answers == 3
    for r in (res.combined, res.seeker, res.employer):
        assert r.indicators["D1"].objective == 1.5
        assert (r.respondents, r.employers, r.official) == (3, 1, False)
    # Job seekers never answer P2; employers never answer P3 or A1: the groups rescale.
    assert res.seeker.indicators["P2"].value is None
    assert res.employer.indicators["P3"].value is None
    assert res.employer.groups["A"] == 0
    assert res.seeker.groups["P"] == 6
    assert res.for_audience("employer") is res.employer
    with pytest.raises(ValueError, match="unknown audience 'staff'"):
        res.for_audience("staff")


def test_combined_equals_compute_index_on_pooled_answers() -> None:
    seeker: dict[str, list[int | None]] = {"D1": [5, None, 3], "M7": [2]}
    employer: dict[str, list[int | None]] = {"D1": [4], "P2": [5, 1]}
    checklist = {"P2": (2, 3)}
    res = compute_audiences(STAR, {"seeker": seeker, "employer": employer}, checklist)
    direct = compute_index(STAR, pool_answers([seeker, employer]), checklist)
    assert res.combined == direct


def test_audiences_missing_or_unknown() -> None:
    res = compute_audiences(STAR, {"seeker": {"D1": [5]}})
    assert res.employer.indicators["D1"].value is None
    assert res.combined == res.seeker
    with pytest.raises(ValueError, match="unknown audience 'citizen'"):
        compute_audiences(STAR, {"citizen": {}})
    with pytest.raises(ValueError, match="answer 9 at position 0 for D1 in employer answers"):
        compute_audiences(STAR, {"employer": {"D1": [9]}})
    with pytest.raises(ValueError, match="employers"):
        compute_audiences(STAR, {}, respondents=1, employers=2)


# --- pooling and display ---------------------------------------------------------------------


def test_pooling_helpers() -> None:
    assert pool_answers([{"D1": [5]}, {"D1": [None, 3], "D2": [1]}]) == {
        "D1": [5, None, 3],
        "D2": [1],
    }
    assert pool_checklists([{"D1": (1, 2)}, {"D1": (3, 3), "K1": (0, 1)}]) == {
        "D1": (4, 5),
        "K1": (0, 1),
    }
    # A centre's impossible pair must not disappear inside a plausible regional sum.
    with pytest.raises(ValueError, match="D1 has X > N"):
        pool_checklists([{"D1": (5, 3)}, {"D1": (0, 10)}])


def test_region_is_not_the_mean_of_its_centres() -> None:
    big = {i.code: [5] * 9 for i in STAR.indicators}
    small = {i.code: [1] for i in STAR.indicators}
    region = compute_index(STAR, pool_answers([big, small]))
    assert region.index == pytest.approx(9)  # 9 of 10 answers are at the top


def test_display_helpers() -> None:
    assert to_display_scale(9.600625) == 9.600625
    assert to_display_scale(9.600625, 100) == pytest.approx(96.00625)
    assert to_display_scale(None, 100) is None
    with pytest.raises(ValueError, match="display scale"):
        to_display_scale(5.0, 50)  # type: ignore[arg-type]
    assert round2(10.8375) == 10.84
    assert round2(2.675) == 2.68  # half up on the decimal text, not on the binary value
    assert round2(10.003125) == 10.0
    assert round2(None) is None
