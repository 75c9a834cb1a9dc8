"""The weekly digest's pictures and caption: pure functions, no database and no Telegram.

>>> from charts import Digest, render_digest, build_caption
>>> pngs = render_digest(digest, t)       # [star, regions, trend] as PNG bytes
>>> text = build_caption(digest, t)       # Telegram HTML, at most 1,024 visible characters
"""

from __future__ import annotations

from charts.caption import build_caption, visible_length
from charts.data import Digest, GroupShares, RatingRow, Translate, TrendSeries
from charts.regions import render_region_pages, render_regions
from charts.render import render_digest
from charts.star import render_star
from charts.trend import render_trend

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
