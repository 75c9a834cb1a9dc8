"""The charts: valid PNGs that Telegram accepts as photos, for every shape of input."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from PIL import Image

from bot.i18n import Translations, Translator
from charts import GroupShares, render_digest, render_regions, render_star, render_trend, style
from charts.data import Digest
from charts.regions import _Item, _paginate, render_region_pages
from tests.charts import make_digest, region

RU = Translations().get("ru")
EN = Translations().get("en")


def open_png(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG"
    return image


def assert_telegram_photo(data: bytes) -> Image.Image:
    image = open_png(data)
    width, height = image.size
    assert width >= 1080
    assert width + height <= 10000
    assert max(width, height) / min(width, height) <= 20
    assert len(data) <= 10 * 1024 * 1024
    return image


class Recording:
    """A translator that remembers every message id the charts ask for."""

    def __init__(self, inner: Translator) -> None:
        self.inner = inner
        self.keys: set[str] = set()

    def __call__(self, key: str, **args: Any) -> str:
        self.keys.add(key)
        return self.inner(key, **args)


@pytest.mark.parametrize("t", [RU, EN], ids=["ru", "en"])
def test_digest_is_three_phone_sized_photos(t: Translator) -> None:
    pngs = render_digest(make_digest(85, with_none=True), t)
    assert len(pngs) == 3
    star, regions, trend = (assert_telegram_photo(p) for p in pngs)
    # The square ones survive Telegram's recompression (longer side at most 1280) untouched.
    assert star.size == (1200, 1200)
    assert trend.size == (1200, 1200)
    assert regions.width == 1200
    assert regions.height > 3000  # 85 rows stay readable: the picture grows


@pytest.mark.parametrize("t", [RU, EN], ids=["ru", "en"])
def test_every_text_of_the_charts_is_translated(t: Translator) -> None:
    recording = Recording(t)
    render_digest(make_digest(12, with_none=True), recording)
    render_digest(make_digest(3, with_prev=False), recording)
    missing = {key for key in recording.keys if not t.has(key)}
    assert not missing
    assert {"digest-legend-now", "digest-legend-prev", "group-D", "group-K"} <= recording.keys
    assert {"digest-regions-official", "digest-regions-preliminary"} <= recording.keys


@pytest.mark.parametrize("count", [1, 8, 85])
@pytest.mark.parametrize(
    ("with_prev", "with_none"),
    [(True, False), (False, True)],
    ids=["usual-week", "first-week-with-gaps"],
)
def test_regions_chart(count: int, with_prev: bool, with_none: bool) -> None:
    digest = make_digest(count, with_prev=with_prev, with_none=with_none)
    image = assert_telegram_photo(render_regions(digest, RU))
    assert image.width == 1200


def test_regions_chart_grows_with_rows() -> None:
    heights = [open_png(render_regions(make_digest(n), RU)).height for n in (1, 8, 85)]
    assert heights[0] < heights[1] < heights[2]


def test_regions_chart_edge_cases() -> None:
    only_missing = make_digest(rows=[region("Тульская область", None, official=False)])
    only_preliminary = make_digest(
        rows=[region(f"Регион {i}", 5.0 + i / 10, official=False) for i in range(4)]
    )
    nobody = dataclasses.replace(make_digest(0), country_index=None, country_delta=None)
    out_of_range = make_digest(rows=[region("Странный регион", 12.5), region("Минус", -1.0)])
    very_long = make_digest(rows=[region("Очень " * 60 + "длинное название", 7.0)])
    for digest in (only_missing, only_preliminary, nobody, out_of_range, very_long):
        assert_telegram_photo(render_regions(digest, RU))


def test_a_huge_rating_is_squeezed_into_telegram_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same path as ~220 regions against the real 8600 px cap, at a fraction of the time.
    monkeypatch.setattr(style, "MAX_HEIGHT_PX", 1500)
    image = assert_telegram_photo(render_regions(make_digest(60), RU))
    assert image.size == (1200, 1500)


def test_region_pages_are_photo_sized() -> None:
    pages = render_region_pages(make_digest(85, with_none=True), RU)
    assert len(pages) > 1
    for data in pages:
        image = assert_telegram_photo(data)
        assert image.width == 1200
        assert image.height <= 1280
    assert len(render_region_pages(make_digest(5), RU)) == 1


def test_pagination_repeats_headings_and_keeps_every_row() -> None:
    items = [_Item("heading", "official", "O")]
    items += [_Item("bar", "official", row=region(f"o{i}", 7.0)) for i in range(30)]
    items += [_Item("gap", "preliminary"), _Item("heading", "preliminary", "P")]
    items += [_Item("bar", "preliminary", row=region(f"p{i}", 5.0)) for i in range(30)]
    pages = _paginate(items, capacity=12.0)
    rows = [item.row for page in pages for item in page if item.row is not None]
    assert rows == [item.row for item in items if item.row is not None]
    for page in pages:
        assert sum(item.units for item in page) <= 12.0
        assert page[0].kind == "heading"  # a continued block repeats its heading
        assert page[-1].kind == "bar"  # never a heading or a gap at the bottom


def test_star_without_previous_week() -> None:
    digest = make_digest(with_prev=False)
    assert digest.star_prev is None
    assert assert_telegram_photo(render_star(digest, RU)).size == (1200, 1200)


@pytest.mark.parametrize(
    "shares",
    [
        {"D": 0.8, "P": None, "M": 0.7, "A": 0.6, "K": 0.9},
        {"D": None, "P": None, "M": 0.7, "A": None, "K": None},
        {"D": None, "P": None, "M": None, "A": None, "K": None},
        {"D": 1.3, "P": -0.2, "M": 0.0, "A": 1.0, "K": 0.5},  # clipped, not an error
        {},
    ],
)
def test_star_with_undefined_groups(shares: dict[str, float | None]) -> None:
    digest = dataclasses.replace(
        make_digest(),
        star_now=GroupShares(shares),
        star_prev=GroupShares({"D": 0.7, "P": None, "M": 0.6, "A": 0.5, "K": None}),
    )
    assert_telegram_photo(render_star(digest, RU))


def test_star_of_the_pilot_methodology_and_an_unknown_country_index() -> None:
    pilot = GroupShares({"P": 0.7, "A": 0.6, "L": 0.8, "K": 0.9, "D": 0.75})
    digest = dataclasses.replace(
        make_digest(),
        methodology="pilot-2022",
        star_now=pilot,
        star_prev=pilot,
        country_index=None,
        country_delta=None,
        country_official=False,
    )
    assert_telegram_photo(render_star(digest, EN))


def test_trend_with_gaps_and_without_data() -> None:
    assert_telegram_photo(render_trend(make_digest(20, with_none=True), RU))
    empty = dataclasses.replace(make_digest(), trend=[])
    assert_telegram_photo(render_trend(empty, RU))
    one_week = make_digest(weeks=1)
    assert_telegram_photo(render_trend(one_week, EN))


def test_trend_keeps_the_last_twelve_weeks() -> None:
    long = make_digest(weeks=30)
    short = dataclasses.replace(long, trend=[_last_weeks(s, 12) for s in long.trend])
    assert render_trend(long, RU) == render_trend(short, RU)


def _last_weeks(series: Any, weeks: int) -> Any:
    return dataclasses.replace(series, points=series.points[-weeks:])


def test_same_input_same_bytes() -> None:
    digest: Digest = make_digest(12, with_none=True)
    assert render_digest(digest, RU) == render_digest(digest, RU)
