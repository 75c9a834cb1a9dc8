"""The caption's honesty about noise (METHODOLOGY.md §8): «на уровне соседей», the top-5 tie."""

from __future__ import annotations

import dataclasses

import pytest

from bot.i18n import Translations
from charts import RatingRow, build_caption
from scoring import on_par, on_par_with_neighbours, tied_at
from tests.charts import make_digest, region
from tests.charts.test_caption import assert_clean

RU = Translations().get("ru")
EN = Translations().get("en")


def ranked(*spans: tuple[float, float, float]) -> list[RatingRow]:
    """Official regions "Регион 1".. with (index, low, high), best first."""
    return [
        dataclasses.replace(region(f"Регион {n}", index, delta=0.0), low=low, high=high)
        for n, (index, low, high) in enumerate(spans, start=1)
    ]


def row_of(caption: str, rank: int) -> str:
    return next(line for line in caption.splitlines() if line.startswith(f"{rank}. "))


def test_overlapping_neighbours_are_marked_and_the_tie_is_said() -> None:
    rows = ranked(
        (9.0, 8.8, 9.2),  # 1: clear of 2
        (8.0, 7.7, 8.3),  # 2: overlaps 3
        (7.6, 7.2, 7.9),  # 3
        (6.5, 6.3, 6.7),  # 4: clear of 3 and 5
        (6.0, 5.8, 6.2),  # 5: overlaps 6
        (5.9, 5.5, 6.1),  # 6
    )
    caption = build_caption(make_digest(rows=rows), RU)
    assert_clean(caption)
    assert "на уровне соседей" not in row_of(caption, 1)
    assert row_of(caption, 2).endswith("· на уровне соседей")
    assert row_of(caption, 3).endswith("· на уровне соседей")
    assert "на уровне соседей" not in row_of(caption, 4)
    assert row_of(caption, 5).endswith("· на уровне соседей")
    assert "5-е и 6-е места не различимы: Регион 6 (5,90) на уровне Регион 5." in caption


def test_clear_order_has_no_marks_and_no_tie() -> None:
    rows = ranked(*((9.0 - n, 8.8 - n, 9.2 - n) for n in range(7)))
    caption = build_caption(make_digest(rows=rows), RU)
    assert "на уровне" not in caption and "не различимы" not in caption


def test_marks_without_a_tie_explain_themselves() -> None:
    rows = ranked((9.0, 8.5, 9.5), (8.9, 8.4, 9.4), (7.0, 6.9, 7.1), (6.0, 5.9, 6.1))
    caption = build_caption(make_digest(rows=rows), RU)
    assert row_of(caption, 1).endswith("· на уровне соседей")
    assert "доверительные интервалы соседних мест пересекаются" in caption
    assert "не различимы" not in caption  # fewer than six official regions: no sixth place


def test_runs_without_intervals_look_as_before() -> None:
    # Snapshots taken before intervals existed (or with INTERVAL_RESAMPLES=0): no marks.
    rows = [region(f"Регион {n}", 9.0 - n * 0.01) for n in range(7)]
    caption = build_caption(make_digest(rows=rows), RU)
    assert "на уровне" not in caption and "не различимы" not in caption


def test_english_tie_note() -> None:
    clear = ((9.0 - n, 8.9 - n, 9.1 - n) for n in range(4))
    rows = ranked(*clear, (5.0, 4.8, 5.2), (4.9, 4.7, 5.1))
    caption = build_caption(make_digest(rows=rows), EN)
    assert_clean(caption)
    assert row_of(caption, 5).endswith("· on par with neighbours")
    assert "5th and 6th places are indistinguishable" in caption


def test_long_caption_still_fits_with_marks() -> None:
    long = "Ханты-Мансийский автономный округ — Югра и ещё очень длинное название"
    rows = [
        dataclasses.replace(
            region(f"{long} {n}", 8.0 - n * 0.01, delta=0.3 - n * 0.05), low=7.0, high=9.0
        )
        for n in range(85)
    ]
    caption = build_caption(make_digest(rows=rows), RU)
    assert_clean(caption)
    assert "на уровне соседей" in caption


# --- the pure rule ----------------------------------------------------------------------------


def test_on_par_rule() -> None:
    assert on_par((1.0, 2.0), (2.0, 3.0))  # touching ends overlap
    assert not on_par((1.0, 2.0), (2.01, 3.0))
    assert not on_par((1.0, 2.0), (None, None))  # no interval: compared with nobody
    assert on_par_with_neighbours([]) == []
    assert on_par_with_neighbours([(1.0, 2.0)]) == [False]
    spans = [(9.0, 9.5), (8.0, 8.6), (8.5, 8.9), (7.0, 7.2), (None, None), (6.9, 7.1)]
    assert on_par_with_neighbours(spans) == [False, True, True, False, False, False]
    assert tied_at([(1.0, 2.0)] * 6, 5)
    assert not tied_at([(1.0, 2.0)] * 5, 5)  # no sixth
    assert not tied_at([(5.0, 6.0)] * 4 + [(4.0, 4.5), (3.0, 3.5)], 5)
    with pytest.raises(ValueError):
        tied_at(spans, 0)
