"""The weekly digest's pictures and caption: pure functions, no database and no Telegram.

>>> from charts import Digest, render_digest, build_caption
>>> pngs = render_digest(digest, t)       # [star, regions, trend] as PNG bytes
>>> text = build_caption(digest, t)       # Telegram HTML, at most 1,024 visible characters
"""

from __future__ import annotations

from charts.caption import build_caption, visible_length
from charts.data import Digest, GroupShares, RatingRow, Translate, TrendSeries

# matplotlib (and numpy under it) costs the bot process ~60 MB and a second of start-up, and
# only the digest, /my_index and the CLI draw: the drawing modules are imported on the first call.


def render_digest(digest: Digest, t: Translate) -> list[bytes]:
    from charts import render

    return render.render_digest(digest, t)


def render_region_pages(
    digest: Digest, t: Translate, max_height_px: int | None = None
) -> list[bytes]:
    from charts import regions

    if max_height_px is None:
        return regions.render_region_pages(digest, t)
    return regions.render_region_pages(digest, t, max_height_px)


def render_regions(digest: Digest, t: Translate) -> bytes:
    from charts import regions

    return regions.render_regions(digest, t)


def render_star(digest: Digest, t: Translate) -> bytes:
    from charts import star

    return star.render_star(digest, t)


def render_trend(digest: Digest, t: Translate) -> bytes:
    from charts import trend

    return trend.render_trend(digest, t)


__all__ = [
    "Digest",
    "GroupShares",
    "RatingRow",
    "Translate",
    "TrendSeries",
    "build_caption",
    "render_digest",
    "render_region_pages",
    "render_regions",
    "render_star",
    "render_trend",
    "visible_length",
]
