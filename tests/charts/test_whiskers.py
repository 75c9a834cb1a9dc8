"""The regions' chart with the 95 % intervals of METHODOLOGY.md §8: which places are marked
"на уровне соседей", and that the whiskers and their legend are drawn."""

from __future__ import annotations

import dataclasses

import pytest

from bot.i18n import Translations
from charts import render_regions
from charts.data import RatingRow
from charts.regions import _region_items, neighbour_marks, render_region_pages
from tests.charts import make_digest, region
from tests.charts.test_render import Recording, assert_telegram_photo

RU = Translations().get("ru")


def spanned(
    name: str, index: float, low: float | None, high: float | None, **kw: bool
) -> RatingRow:
    return dataclasses.replace(region(name, index, **kw), low=low, high=high)


def test_neighbour_marks_follow_overlapping_intervals() -> None:
    ranked = [
        spanned("A", 9.0, 8.6, 9.4),  # clear of B: unmarked
        spanned("B", 8.0, 7.6, 8.4),  # overlaps C
        spanned("C", 7.8, 7.3, 8.1),  # overlaps B
        spanned("D", 6.0, 5.9, 6.1),  # touches nobody
        spanned("E", 5.0, 4.5, 5.9),  # touches D's low end: overlapping ends count
        spanned("F", 4.0, None, None),  # no interval: never marked, breaks no chain
    ]
    assert neighbour_marks(ranked) == [False, True, True, True, True, False]
    assert neighbour_marks([]) == []


def test_only_the_official_ranking_is_marked() -> None:
    rows = [
        spanned("Казань", 8.0, 7.0, 9.0),
        spanned("Москва", 7.5, 6.8, 8.2),
        spanned("Тула", 7.9, 7.0, 9.0, official=False),  # overlaps, but is not ranked
        spanned("Тверь", 7.8, 7.0, 9.0, official=False),
    ]
    items = _region_items(make_digest(rows=rows), RU)
    marked = {item.row.name: item.on_par for item in items if item.row is not None}
    assert marked == {"Казань": True, "Москва": True, "Тула": False, "Тверь": False}


def test_the_chart_draws_whiskers_and_says_what_they_and_the_mark_mean() -> None:
    rows = [spanned("Казань", 8.0, 7.0, 9.0), spanned("Москва", 7.5, 6.8, 8.2)]
    recording = Recording(RU)
    with_intervals = render_regions(make_digest(rows=rows), recording)
    assert_telegram_photo(with_intervals)
    assert {"digest-regions-interval", "digest-regions-on-par"} <= recording.keys
    plain = [dataclasses.replace(r, low=None, high=None) for r in rows]
    recording = Recording(RU)
    without = render_regions(make_digest(rows=plain), recording)
    assert without != with_intervals
    assert not {"digest-regions-interval", "digest-regions-on-par"} & recording.keys


def test_clear_intervals_get_the_legend_but_no_mark() -> None:
    rows = [spanned("Казань", 8.0, 7.8, 8.2), spanned("Москва", 6.0, 5.8, 6.2)]
    recording = Recording(RU)
    render_regions(make_digest(rows=rows), recording)
    assert "digest-regions-interval" in recording.keys
    assert "digest-regions-on-par" not in recording.keys
    assert not any(item.on_par for item in _region_items(make_digest(rows=rows), RU))


@pytest.mark.parametrize("count", [8, 85])
def test_pages_with_intervals_are_telegram_photos(count: int) -> None:
    digest = make_digest(count)
    rows = [
        dataclasses.replace(r, low=r.index - 0.4, high=r.index + 0.4) if r.index else r
        for r in digest.regions
    ]
    for page in render_region_pages(dataclasses.replace(digest, regions=rows), RU):
        assert_telegram_photo(page)
