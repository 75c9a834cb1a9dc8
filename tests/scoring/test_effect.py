"""The practice effect (scoring.effect) on hand-made tallies with known answers."""

from __future__ import annotations

import pytest

from scoring.effect import Tally, difference_in_differences


def tally(*answers: int) -> Tally:
    """A tally of these 1..5 answers."""
    return Tally(sum(a - 1 for a in answers), len(answers))


def test_score_is_the_share_of_the_maximum() -> None:
    assert tally(5, 5).score == 100.0
    assert tally(1, 1, 1).score == 0.0
    assert tally(3).score == 50.0
    assert tally(4, 2).score == 50.0
    assert Tally().score is None


def test_difference_in_differences_on_known_answers() -> None:
    # The centre: 30 answers of 3 (50) before, 30 of 4 (75) after: +25.
    # The region's other centres: 40 of 3 (50) before, 20 of 3 and 20 of 4 (62.5) after: +12.5.
    effect = difference_in_differences(
        tally(*[3] * 30), tally(*[4] * 30), tally(*[3] * 40), tally(*[3] * 20, *[4] * 20)
    )
    assert effect.enough and effect.comparable
    assert effect.centre_change == pytest.approx(25.0)
    assert effect.others_change == pytest.approx(12.5)
    assert effect.did == pytest.approx(12.5)


def test_a_decline_elsewhere_makes_a_flat_centre_positive() -> None:
    effect = difference_in_differences(
        tally(*[4] * 35), tally(*[4] * 35), tally(*[4] * 50), tally(*[3] * 50)
    )
    assert effect.centre_change == pytest.approx(0.0)
    assert effect.did == pytest.approx(25.0)


def test_below_the_minimum_on_either_side_of_the_centre_there_is_no_figure() -> None:
    thirty, twenty_nine = tally(*[4] * 30), tally(*[5] * 29)
    for before, after in ((twenty_nine, thirty), (thirty, twenty_nine)):
        effect = difference_in_differences(before, after, thirty, thirty, min_answers=30)
        assert not effect.enough
        assert effect.centre_change is None and effect.did is None


def test_a_thin_comparison_shows_the_centre_alone() -> None:
    effect = difference_in_differences(
        tally(*[3] * 30), tally(*[5] * 30), tally(*[3] * 5), Tally(), min_answers=30
    )
    assert effect.enough and not effect.comparable
    assert effect.centre_change == pytest.approx(50.0)
    assert effect.others_change is None and effect.did is None


def test_the_minimum_is_configurable() -> None:
    effect = difference_in_differences(tally(3), tally(4), tally(3), tally(3), min_answers=1)
    assert effect.did == pytest.approx(25.0)
    # 0 still needs one answer on each side: a score of nothing is not a score.
    none_before = difference_in_differences(Tally(), tally(4), tally(3), tally(3), min_answers=0)
    assert not none_before.enough


def test_impossible_tallies_are_refused() -> None:
    with pytest.raises(ValueError):
        Tally(total=9, count=2)  # more than 4 per answer
    with pytest.raises(ValueError):
        Tally(total=-1, count=1)
    assert tally(2, 3) + tally(5) == Tally(1 + 2 + 4, 3)
