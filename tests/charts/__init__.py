"""Tests of the digest's charts and caption; `make_digest` builds inputs for both."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from charts import Digest, GroupShares, RatingRow, TrendSeries

GROUPS = ("D", "P", "M", "A", "K")
REGION_NAMES = (
    "г. Москва",
    "Республика Татарстан",
    "Ханты-Мансийский автономный округ — Югра",
    "Кабардино-Балкарская Республика",
    "Тульская область",
    "Республика Северная Осетия — Алания",
    "Приморский край",
    "Чукотский автономный округ",
)


def region(
    name: str,
    index: float | None,
    *,
    official: bool = True,
    delta: float | None = 0.0,
    code: str | None = None,
) -> RatingRow:
    return RatingRow(
        code=code or name,
        name=name,
        index=index,
        official=official,
        respondents=150 if official else 40,
        employers=30 if official else 5,
        delta=delta,
    )


def make_digest(
    regions: int = 8,
    *,
    seed: int = 1,
    with_prev: bool = True,
    with_none: bool = False,
    rows: list[RatingRow] | None = None,
    weeks: int = 12,
) -> Digest:
    """A plausible digest: every third region preliminary; with_none adds regions and weeks
    without an index; with_prev=False is a first week (no deltas, no previous star)."""
    rng = random.Random(seed)
    if rows is None:
        rows = []
        for i in range(regions):
            name = REGION_NAMES[i % len(REGION_NAMES)]
            if i >= len(REGION_NAMES):
                name = f"{name} {i}"
            missing = with_none and i % 5 == 4
            rows.append(
                region(
                    name,
                    None if missing else round(rng.uniform(4.0, 9.5), 4),
                    official=i % 3 != 2 and not missing,
                    delta=round(rng.uniform(-0.4, 0.4), 4) if with_prev and not missing else None,
                    code=f"{i:02d}",
                )
            )
    end = date(2026, 11, 16)
    days = [end - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]

    def series(name: str, level: float) -> TrendSeries:
        points: list[tuple[date, float | None]] = []
        for i, day in enumerate(days):
            gap = with_none and i % 4 == 1
            points.append((day, None if gap else level + rng.uniform(-0.3, 0.3)))
        return TrendSeries(name, points)

    rated = sorted((r for r in rows if r.index is not None), key=lambda r: -(r.index or 0))
    trend = [series("Россия", 7.1)]
    trend += [series(r.name, r.index or 0.0) for r in rated[:3] + rated[-3:]]
    now: dict[str, float | None] = {g: rng.uniform(0.5, 0.9) for g in GROUPS}
    if with_none:
        now["A"] = None
    return Digest(
        week="2026-W47",
        taken_at=datetime(2026, 11, 23, 10, 0),
        methodology="star-2023",
        country_index=7.4321,
        country_delta=0.1234 if with_prev else None,
        country_official=True,
        country_respondents=12345,
        country_employers=2345,
        star_now=GroupShares(now),
        star_prev=GroupShares({g: rng.uniform(0.5, 0.9) for g in GROUPS}) if with_prev else None,
        regions=rows,
        trend=trend,
    )
