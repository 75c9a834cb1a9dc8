"""The measured effect of a practice: difference-in-differences on the survey's tallies.

A practice names the indicators it improves and the date it started. Its effect is the
change of the centre's score on those indicators from the `window` days before the start to
the `window` days after, minus the same change at the other centres of the region over the
same dates (the comparison group: what happened anyway — a new law, the season, a federal
campaign). Pure: tallies in, figures out; services.practices.effect gathers the tallies.

A score here is the share of the maximum on the 1..5 scale, 0..100: 100·Σ(a−1) / (4·n) over
every valid answer ("hard to say" excluded) to the practice's indicators, both audiences
pooled. Below `min_answers` valid answers on a side of the centre there is no figure at all;
below it on a side of the comparison the centre's own change is shown without the
difference-in-differences.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Effect", "Tally", "difference_in_differences"]

_SCALE = 4  # a valid answer is 1..5, so a−1 is 0..4


@dataclass(frozen=True, slots=True)
class Tally:
    """Valid answers on one side: Σ(a−1) and how many there are."""

    total: int = 0
    count: int = 0

    def __post_init__(self) -> None:
        if self.count < 0 or self.total < 0 or self.total > _SCALE * self.count:
            raise ValueError(f"impossible tally: Σ(a−1)={self.total} over {self.count} answers")

    @property
    def score(self) -> float | None:
        """0..100, or None without answers."""
        if self.count == 0:
            return None
        return 100.0 * self.total / (_SCALE * self.count)

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.total + other.total, self.count + other.count)


@dataclass(frozen=True, slots=True)
class Effect:
    centre_before: Tally
    centre_after: Tally
    others_before: Tally
    others_after: Tally
    min_answers: int

    @property
    def enough(self) -> bool:
        """The centre has at least `min_answers` valid answers before and after."""
        return min(self.centre_before.count, self.centre_after.count) >= max(1, self.min_answers)

    @property
    def comparable(self) -> bool:
        """The other centres of the region have enough answers on both sides too."""
        return self.enough and (
            min(self.others_before.count, self.others_after.count) >= max(1, self.min_answers)
        )

    @property
    def centre_change(self) -> float | None:
        if not self.enough:
            return None
        return _change(self.centre_before, self.centre_after)

    @property
    def others_change(self) -> float | None:
        if not self.comparable:
            return None
        return _change(self.others_before, self.others_after)

    @property
    def did(self) -> float | None:
        """The centre's change minus the comparison's, in points of the 0..100 score."""
        centre, others = self.centre_change, self.others_change
        if centre is None or others is None:
            return None
        return centre - others


def _change(before: Tally, after: Tally) -> float:
    assert before.score is not None and after.score is not None
    return after.score - before.score


def difference_in_differences(
    centre_before: Tally,
    centre_after: Tally,
    others_before: Tally,
    others_after: Tally,
    *,
    min_answers: int = 30,
) -> Effect:
    if min_answers < 0:
        raise ValueError("min_answers must not be negative")
    return Effect(centre_before, centre_after, others_before, others_after, min_answers)
