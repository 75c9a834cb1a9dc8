"""The rating export: one sheet per level (country, regions, centres) the caller may see.

Index, the groups, the seeker and employer sub-indices, the sample, official or preliminary,
the 95 % interval (METHODOLOGY §8) of the index and of both sub-indices, and the change since
the last snapshot (the index now minus the latest stored one), computed as `python -m bot
index` does (the trailing rating window, as of now; the interval with the settings' B, level
and seed, so the export agrees with a snapshot taken at the same moment). Figures on the
display scale, full precision (Excel shows two decimals); an undefined figure is an empty cell.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from scoring import Bounds, to_display_scale
from scoring.interval import DEFAULT_LEVEL
from services.exports.scope import ExportScope
from services.exports.workbook import INT, NUMBER, TEXT, Cell, Column, Sheet, rows_of
from services.index.ratings import (
    LEVELS,
    RatingRow,
    Window,
    compute_levels,
    previous_indices,
    rating,
)
from storage.models import utcnow

_SHEET_KEYS = {
    "country": "exports-sheet-country",
    "region": "exports-sheet-regions",
    "centre": "exports-sheet-centres",
}


async def rating_sheets(
    session: AsyncSession, settings: Settings, scope: ExportScope, t: Translator
) -> list[Sheet]:
    m = settings.scoring.load()
    window = Window.trailing(
        utcnow(), settings.scoring.rating_window_days, m.evidence_validity_days
    )
    bootstrap = settings.scoring.bootstrap()
    # Intervals only for the rows this caller gets: a centre's staff wait for two bootstraps,
    # not for the country's thousands.
    levels = await compute_levels(
        session,
        m,
        window,
        rules=settings.scoring.rules(m),
        bootstrap=bootstrap,
        intervals_for=scope.sees_level,
    )
    previous = await previous_indices(session)
    groups: dict[str, dict[str, dict[str, float | None]]] = {}
    for lv in levels:
        groups.setdefault(lv.level, {})[lv.code] = lv.results.combined.groups
    scale: Literal[10, 100] = 100 if settings.scoring.display_scale == 100 else 10
    rows = rating(levels, previous)
    percent = round(100 * (bootstrap.level if bootstrap else DEFAULT_LEVEL))

    def bound_columns(name: str, key: str) -> list[Column]:
        what = t(key)
        return [
            Column(f"{name}_{side}", t(f"exports-col-{side}", what=what, percent=percent),
                   NUMBER, 14)
            for side in ("low", "high")
        ]  # fmt: skip

    columns = [
        Column("level", t("exports-col-level"), TEXT, 10),
        Column("code", t("exports-col-code"), TEXT, 10),
        Column("name", t("exports-col-name"), TEXT, 44),
        Column("region", t("exports-col-region"), TEXT, 9),
        Column("index", t("exports-col-index"), NUMBER),
        *bound_columns("index", "exports-col-index"),
        *[Column(f"group_{code}", t(f"group-{code}"), NUMBER, 14) for code in m.group_codes],
        Column("index_seeker", t("exports-col-index-seeker"), NUMBER, 12),
        Column("index_employer", t("exports-col-index-employer"), NUMBER, 12),
        *bound_columns("index_seeker", "exports-col-index-seeker"),
        *bound_columns("index_employer", "exports-col-index-employer"),
        Column("respondents", t("exports-col-respondents"), INT, 12),
        Column("employers", t("exports-col-employers"), INT, 12),
        Column("status", t("exports-col-status"), TEXT, 16),
        Column("delta", t("exports-col-delta"), NUMBER, 11),
    ]

    def shown(value: float | None) -> float | None:
        return to_display_scale(value, scale)

    def bounds(found: Bounds | None) -> list[Cell]:
        if found is None:
            return [None, None]
        return [shown(found.low), shown(found.high)]

    def line(r: RatingRow) -> list[Cell]:
        by_group = groups.get(r.level, {}).get(r.code, {})
        return [
            t(f"exports-level-{r.level}"),
            r.code,
            r.name if r.level != "country" else t("exports-country"),
            r.region_code or "",
            shown(r.index),
            *bounds(r.intervals.combined if r.intervals else None),
            *[shown(by_group.get(code)) for code in m.group_codes],
            shown(r.index_seeker),
            shown(r.index_employer),
            *bounds(r.intervals.seeker if r.intervals else None),
            *bounds(r.intervals.employer if r.intervals else None),
            r.respondents,
            r.employers,
            t("exports-official") if r.official else t("exports-preliminary"),
            shown(r.delta),
        ]

    sheets = []
    for level in LEVELS[::-1]:  # country, regions, centres
        mine = [
            line(r)
            for r in rows
            if r.level == level and scope.sees_level(r.level, r.code, r.region_code)
        ]
        if not mine and level != "centre":
            continue
        sheets.append(Sheet(t(_SHEET_KEYS[level]), columns, rows_of(mine)))
    return sheets
