"""The digest's three charts as PNG bytes, in the album's order: the country's star
(charts.star), the regions' rating (charts.regions), the trend (charts.trend).

Pure functions of a `Digest` and a translator; every visible word comes from digest.ftl (or the
group-* names of questionnaire.ftl), every visual choice from `charts.style`.
"""

from __future__ import annotations

from charts.data import Digest, Translate
from charts.regions import render_regions
from charts.star import render_star
from charts.trend import render_trend


def render_digest(digest: Digest, t: Translate) -> list[bytes]:
    """[star, regions, trend] as PNG bytes, in the album's order."""
    return [render_star(digest, t), render_regions(digest, t), render_trend(digest, t)]
