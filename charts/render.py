"""The digest's three charts as PNG bytes: the country's star, the regions' rating, the trend.

Pure functions of a `Digest` and a translator; every visible word comes from digest.ftl (or the
group-* names of questionnaire.ftl), every visual choice from `charts.style`.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnnotationBbox, HPacker, TextArea, VPacker
from matplotlib.patches import Patch, Rectangle
from matplotlib.textpath import text_to_path
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator
from matplotlib.transforms import blended_transform_factory

from charts import style
from charts.caption import (
    delta_sign,
    fmt_date,
    fmt_date_short,
    fmt_delta,
    fmt_index,
    fmt_percent,
    fmt_week,
    shorten,
)
from charts.data import Digest, GroupShares, RatingRow, Translate, TrendSeries

TREND_WEEKS = 12
MAX_TREND_SERIES = 9  # the country and eight regions: more lines are no longer readable

# --- Shared pieces ----------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _text_px(text: str, size: float, bold: bool = False) -> float:
    """Width of a one-line text in pixels, as Agg draws it."""
    font = FontProperties(family=style.FONT_FAMILY, size=size, weight="bold" if bold else None)
    width, _, _ = text_to_path.get_text_width_height_descent(text, font, ismath=False)
    return float(width) * style.DPI / 72


def _fit(text: str, max_px: float, size: float, bold: bool = False) -> str:
    """The text, shortened at a word boundary with an ellipsis, so that it fits max_px."""
    text = " ".join(text.split())
    if _text_px(text, size, bold) <= max_px:
        return text
    low, high = 1, len(text)  # the longest prefix limit that fits
    while low < high:
        middle = (low + high + 1) // 2
        if _text_px(shorten(text, middle), size, bold) <= max_px:
            low = middle
        else:
            high = middle - 1
    return shorten(text, low)


def _y(fig: Figure, px_from_top: float) -> float:
    return 1 - px_from_top / (fig.get_figheight() * style.DPI)


def _header(fig: Figure, title: str, subtitle: str) -> None:
    x = style.MARGIN_PX / style.WIDTH_PX
    room = style.WIDTH_PX - 2 * style.MARGIN_PX
    fig.text(
        x,
        _y(fig, 28),
        _fit(title, room, style.TITLE_SIZE, bold=True),
        fontsize=style.TITLE_SIZE,
        fontweight="bold",
        va="top",
    )
    fig.text(
        x,
        _y(fig, 86),
        _fit(subtitle, room, style.SUBTITLE_SIZE),
        fontsize=style.SUBTITLE_SIZE,
        color=style.MUTED,
        va="top",
    )


def _footer(fig: Figure, digest: Digest, t: Translate) -> None:
    y = 16 / (fig.get_figheight() * style.DPI)
    text = t(
        "digest-footer",
        methodology=digest.methodology,
        date=fmt_date(t, digest.taken_at.date()),
    )
    common: dict[str, Any] = {"fontsize": style.SMALL_SIZE, "color": style.MUTED, "va": "bottom"}
    fig.text(style.MARGIN_PX / style.WIDTH_PX, y, text, ha="left", **common)
    fig.text(1 - style.MARGIN_PX / style.WIDTH_PX, y, t("digest-source"), ha="right", **common)


def _delta_color(delta: float | None) -> str:
    return {1: style.RISE, -1: style.FALL, 0: style.MUTED}[delta_sign(delta)]


def _week(digest: Digest, t: Translate) -> str:
    return fmt_week(t, digest.week)


# --- 1. The star ------------------------------------------------------------------------------

_STAR_RADIUS_PX = 285
_STAR_CENTRE_PX = (600, 722)  # from the left and from the top
_STAR_LABEL_R = 1.1  # where group labels start, in radii
_STAR_WRAP = 15  # characters per line of a group name


def _shares(group: GroupShares | None, codes: list[str]) -> list[float]:
    """Shares clipped to 0..1 in the given order; NaN where undefined (a gap in the line)."""
    values: list[float] = []
    for code in codes:
        share = None if group is None else group.shares.get(code)
        values.append(math.nan if share is None else min(max(share, 0.0), 1.0))
    return values


def _star_hero(fig: Figure, digest: Digest, t: Translate) -> None:
    x = style.MARGIN_PX / style.WIDTH_PX
    fig.text(
        x,
        _y(fig, 150),
        fmt_index(t, digest.country_index)
        if digest.country_index is not None
        else t("digest-delta-none"),
        fontsize=style.HERO_SIZE,
        fontweight="bold",
        va="top",
        color=style.TEXT,
    )
    right = 0.36
    label = t(
        "digest-star-index-of" if digest.country_index is not None else "digest-star-no-index"
    )
    fig.text(right, _y(fig, 158), label, fontsize=style.LABEL_SIZE, va="top")
    if digest.country_delta is None:
        change, color = t("digest-star-no-prev"), style.MUTED
    else:
        change = t("digest-star-change", delta=fmt_delta(t, digest.country_delta))
        color = _delta_color(digest.country_delta)
    fig.text(right, _y(fig, 196), change, fontsize=style.LABEL_SIZE, va="top", color=color)
    status = t("digest-star-status", official="yes" if digest.country_official else "no")
    sample = t(
        "digest-star-sample",
        respondents=digest.country_respondents,
        employers=digest.country_employers,
    )
    room = style.WIDTH_PX * (1 - right) - style.MARGIN_PX
    for offset, text in ((238, status), (266, sample)):
        fig.text(
            right,
            _y(fig, offset),
            _fit(text, room, style.SMALL_SIZE),
            fontsize=style.SMALL_SIZE,
            va="top",
            color=style.MUTED,
        )


def render_star(digest: Digest, t: Translate) -> bytes:
    """Radar of the groups (share of their maximum, 0–100 %): this week filled, last week
    dashed; the country index big in the title area."""
    codes = list(digest.star_now.shares)
    count = max(len(codes), 1)
    angles = [2 * math.pi * i / count for i in range(len(codes))]
    now = _shares(digest.star_now, codes)
    prev = _shares(digest.star_prev, codes) if digest.star_prev is not None else None

    with style.figure(style.SQUARE_PX) as fig:
        _header(
            fig,
            t("digest-star-title"),
            t("digest-star-subtitle", country=t("digest-country"), week=_week(digest, t)),
        )
        _star_hero(fig, digest, t)

        size_px = style.SQUARE_PX
        cx, cy = _STAR_CENTRE_PX
        r = _STAR_RADIUS_PX
        ax = fig.add_axes(
            (
                (cx - r) / style.WIDTH_PX,
                (size_px - cy - r) / size_px,
                2 * r / style.WIDTH_PX,
                2 * r / size_px,
            ),
            projection="polar",
        )
        _draw_radar(ax, t, codes, angles, now, prev)

        handles: list[Any] = [
            Patch(facecolor=style.NOW, alpha=0.25, edgecolor=style.NOW, linewidth=3),
        ]
        labels = [t("digest-legend-now")]
        if prev is not None:
            handles.append(Line2D([], [], color=style.PREVIOUS, linestyle="--", linewidth=3))
            labels.append(t("digest-legend-prev"))
        else:
            handles.append(Line2D([], [], color=style.MUTED, linestyle="none"))
            labels.append(t("digest-legend-no-prev"))
        fig.legend(
            handles,
            labels,
            loc="center",
            bbox_to_anchor=(0.5, _y(fig, 1130)),
            ncol=2,
            fontsize=style.LABEL_SIZE,
            handlelength=2.2,
            columnspacing=2.0,
        )
        _footer(fig, digest, t)
        return style.png(fig)


def _draw_radar(
    ax: Any,
    t: Translate,
    codes: list[str],
    angles: list[float],
    now: list[float],
    prev: list[float] | None,
) -> None:
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, 1)
    ax.set_xticks(angles)
    ax.set_xticklabels([])
    ax.set_yticks([0.25, 0.5, 0.75, 1.0])
    ax.set_yticklabels(
        [fmt_percent(t, v) for v in (0.25, 0.5, 0.75, 1.0)],
        fontsize=style.SMALL_SIZE,
        color=style.MUTED,
    )
    if len(angles) > 1:
        ax.set_rlabel_position(math.degrees(angles[1]) / 2)
    ax.grid(color=style.GRID, linewidth=1.2)
    ax.spines["polar"].set_color(style.GRID)
    ax.set_facecolor(style.BACKGROUND)
    if not codes:
        ax.text(0, 0, t("digest-no-data"), ha="center", va="center", color=style.MUTED)
        return

    closed = [*angles, angles[0] + 2 * math.pi]
    if prev is not None:
        ax.plot(closed, [*prev, prev[0]], color=style.PREVIOUS, linestyle="--", linewidth=3)
    defined = [(a, v) for a, v in zip(angles, now, strict=True) if not math.isnan(v)]
    if len(defined) >= 3:
        ax.fill([a for a, _ in defined], [v for _, v in defined], color=style.NOW, alpha=0.25, lw=0)
    ax.plot(closed, [*now, now[0]], color=style.NOW, linewidth=3.5)
    ax.plot(
        [a for a, _ in defined],
        [v for _, v in defined],
        linestyle="none",
        marker="o",
        markersize=9,
        color=style.NOW,
    )

    for i, (code, angle) in enumerate(zip(codes, angles, strict=True)):
        name = "\n".join(textwrap.wrap(t(f"group-{code}"), _STAR_WRAP)) or code
        if math.isnan(now[i]):
            value_text = t("digest-no-data")
            value_props: dict[str, Any] = {"color": style.MUTED, "fontsize": style.TICK_SIZE}
        else:
            value_text = fmt_percent(t, now[i])
            value_props = {
                "color": style.NOW,
                "fontsize": style.LABEL_SIZE,
                "fontweight": "bold",
            }
        value_row: list[Any] = [TextArea(value_text, textprops=value_props)]
        if prev is not None and not math.isnan(prev[i]):
            was = t("digest-star-prev-value", value=fmt_percent(t, prev[i]))
            value_row.append(
                TextArea(was, textprops={"color": style.MUTED, "fontsize": style.SMALL_SIZE})
            )
        sin, cos = math.sin(angle), math.cos(angle)
        align: Literal["left", "center", "right"] = (
            "center" if abs(sin) < 0.3 else ("left" if sin > 0 else "right")
        )
        box = VPacker(
            children=[
                TextArea(name, textprops={"fontsize": style.TICK_SIZE, "color": style.TEXT}),
                HPacker(children=value_row, align="baseline", pad=0, sep=8),
            ],
            align=align,
            pad=0,
            sep=4,
        )
        ax.add_artist(
            AnnotationBbox(
                box,
                (angle, _STAR_LABEL_R),
                xycoords="data",
                box_alignment=(0.5 - 0.5 * sin, 0.5 - 0.5 * cos),
                frameon=False,
                pad=0,
                annotation_clip=False,
            )
        )


# --- 2. The regions' rating -------------------------------------------------------------------

_ROW_PX = 40
_REGIONS_HEADER_PX = 232
_REGIONS_FOOTER_PX = 96
_HEADING_UNITS = 1.5
_GAP_UNITS = 0.6
_AX_LEFT = 0.43
_AX_RIGHT = 0.75
_VALUE_X = 0.862
_DELTA_X = 0.985
_ROW_SIZE = 18  # region names and values


@dataclass(frozen=True)
class _Item:
    kind: Literal["heading", "bar", "nodata", "gap"]
    block: Literal["official", "preliminary", "nodata"]
    text: str = ""
    row: RatingRow | None = None
    rank: int | None = None

    @property
    def units(self) -> float:
        return {"heading": _HEADING_UNITS, "gap": _GAP_UNITS}.get(self.kind, 1.0)


def _region_items(digest: Digest, t: Translate) -> list[_Item]:
    def by_index(rows: list[RatingRow]) -> list[RatingRow]:
        return sorted(rows, key=lambda r: (-(r.index or 0.0), r.name))

    official = by_index([r for r in digest.regions if r.index is not None and r.official])
    preliminary = by_index([r for r in digest.regions if r.index is not None and not r.official])
    missing = sorted((r for r in digest.regions if r.index is None), key=lambda r: r.name)
    items: list[_Item] = []
    blocks: list[tuple[Literal["official", "preliminary", "nodata"], str, list[RatingRow]]] = [
        ("official", "digest-regions-official", official),
        ("preliminary", "digest-regions-preliminary", preliminary),
        ("nodata", "digest-regions-nodata", missing),
    ]
    for block, key, rows in blocks:
        if not rows:
            continue
        if items:
            items.append(_Item("gap", block))
        heading = t(key, count=len(rows), minimum=digest.min_questionnaires)
        items.append(_Item("heading", block, heading))
        for rank, row in enumerate(rows, start=1):
            items.append(
                _Item(
                    "nodata" if block == "nodata" else "bar",
                    block,
                    row=row,
                    rank=rank if block == "official" else None,
                )
            )
    return items


def _paginate(items: list[_Item], capacity: float) -> list[list[_Item]]:
    """Split into pages of at most `capacity` units; a block going on to the next page repeats
    its heading there; no page ends with a heading or starts with a gap."""
    pages: list[list[_Item]] = [[]]
    used = 0.0
    heading: _Item | None = None
    for item in items:
        if item.kind == "heading":
            heading = item
        page = pages[-1]
        if page and used + item.units > capacity:
            while page and page[-1].kind in ("heading", "gap"):
                page.pop()
            page = []
            pages.append(page)
            used = 0.0
            if item.kind in ("bar", "nodata") and heading is not None:
                page.append(heading)
                used += heading.units
        if item.kind == "gap" and not page:
            continue
        page.append(item)
        used += item.units
    return [page for page in pages if page]


def _draw_regions(
    digest: Digest,
    t: Translate,
    items: list[_Item],
    title: str,
    row_px: float,
) -> bytes:
    units = sum(item.units for item in items) or 1.0
    body_px = units * row_px
    height_px = round(_REGIONS_HEADER_PX + body_px + _REGIONS_FOOTER_PX)
    scale = row_px / _ROW_PX  # < 1 only when a very long list is squeezed into one picture
    row_size = _ROW_SIZE * max(scale, 0.5)

    with style.figure(height_px) as fig:
        _header(fig, title, t("digest-regions-subtitle", week=_week(digest, t)))
        margin = style.MARGIN_PX / style.WIDTH_PX
        fig.text(
            margin,
            _y(fig, 130),
            _fit(
                t(
                    "digest-regions-rule",
                    min_respondents=digest.min_respondents,
                    min_employers=digest.min_employers,
                ),
                style.WIDTH_PX - 2 * style.MARGIN_PX,
                style.SMALL_SIZE,
            ),
            fontsize=style.SMALL_SIZE,
            color=style.MUTED,
            va="top",
        )
        ax = fig.add_axes(
            (
                _AX_LEFT,
                _REGIONS_FOOTER_PX / height_px,
                _AX_RIGHT - _AX_LEFT,
                body_px / height_px,
            )
        )
        ax.set_xlim(0, 10)
        ax.set_ylim(units, 0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.xaxis.tick_top()
        ax.xaxis.set_major_locator(FixedLocator([0, 2, 4, 6, 8, 10]))
        ax.tick_params(axis="x", length=0, pad=6, labelsize=style.TICK_SIZE, labelcolor=style.MUTED)
        for x, key in (
            (_VALUE_X, "digest-regions-col-index"),
            (_DELTA_X, "digest-regions-col-change"),
        ):
            fig.text(
                x,
                _y(fig, _REGIONS_HEADER_PX - 8),
                t(key),
                ha="right",
                va="bottom",
                fontsize=style.SMALL_SIZE,
                color=style.MUTED,
            )

        across = blended_transform_factory(fig.transFigure, ax.transData)
        name_room = _AX_LEFT * style.WIDTH_PX - style.MARGIN_PX - 12
        name_x = _AX_LEFT - 12 / style.WIDTH_PX
        bars: dict[str, tuple[list[float], list[float]]] = {
            "official": ([], []),
            "preliminary": ([], []),
        }
        block_spans: dict[str, list[float]] = {}
        y = 0.0
        for item in items:
            middle = y + item.units / 2
            y += item.units
            if item.kind == "heading":
                _region_heading(ax, across, item, middle, row_size)
                continue
            row = item.row
            if row is None:
                continue
            span = block_spans.setdefault(item.block, [middle - 0.5, middle + 0.5])
            span[1] = middle + 0.5
            label = row.name if item.rank is None else f"{item.rank}. {row.name}"
            ax.text(
                name_x,
                middle,
                _fit(label, name_room, row_size),
                transform=across,
                ha="right",
                va="center",
                fontsize=row_size,
                color=style.TEXT if item.kind == "bar" else style.MUTED,
                clip_on=False,
            )
            if item.kind == "nodata" or row.index is None:
                continue  # listed by name under the "no data" heading
            ys, values = bars[item.block]
            ys.append(middle)
            values.append(min(max(row.index, 0.0), 10.0))
            official = item.block == "official"
            ax.text(
                _VALUE_X,
                middle,
                fmt_index(t, row.index),
                transform=across,
                ha="right",
                va="center",
                fontsize=row_size,
                fontweight="bold" if official else "normal",
                clip_on=False,
            )
            ax.text(
                _DELTA_X,
                middle,
                fmt_delta(t, row.delta),
                transform=across,
                ha="right",
                va="center",
                fontsize=row_size,
                color=_delta_color(row.delta),
                clip_on=False,
            )
        ax.set_yticks([])
        ax.barh(*bars["official"], height=0.7, color=style.OFFICIAL, linewidth=0, zorder=2)
        ax.barh(
            *bars["preliminary"],
            height=0.7,
            facecolor=style.BACKGROUND,
            edgecolor=style.PRELIMINARY,
            hatch="///",
            linewidth=1.5,
            zorder=2,
        )

        for block, (top, bottom) in block_spans.items():
            if block == "nodata":
                continue
            ax.vlines([2, 4, 6, 8, 10], top, bottom, color=style.GRID, linewidth=1, zorder=0)
            ax.vlines([0], top, bottom, color=style.MUTED, linewidth=1.5, zorder=3)
            if digest.country_index is not None:
                ax.vlines(
                    [digest.country_index],
                    top,
                    bottom,
                    color=style.COUNTRY,
                    linestyle=(0, (2, 2)),
                    linewidth=2,
                    zorder=4,
                )

        if digest.country_index is not None:
            y_legend = 58 / height_px
            fig.add_artist(
                Line2D(
                    [margin, margin + 0.04],
                    [y_legend, y_legend],
                    transform=fig.transFigure,
                    color=style.COUNTRY,
                    linestyle=(0, (2, 2)),
                    linewidth=2,
                )
            )
            fig.text(
                margin + 0.05,
                y_legend,
                t(
                    "digest-regions-country-line",
                    country=t("digest-country"),
                    index=fmt_index(t, digest.country_index),
                ),
                va="center",
                fontsize=style.SMALL_SIZE,
            )
        _footer(fig, digest, t)
        return style.png(fig)


def _region_heading(ax: Axes, transform: Any, item: _Item, y: float, size: float) -> None:
    x = style.MARGIN_PX / style.WIDTH_PX
    official = item.block == "official"
    if item.block != "nodata":
        ax.add_patch(
            Rectangle(
                (x, y - 0.3),
                0.025,
                0.6,
                transform=transform,
                facecolor=style.OFFICIAL if official else style.BACKGROUND,
                edgecolor=style.OFFICIAL if official else style.PRELIMINARY,
                hatch=None if official else "///",
                linewidth=1.5,
                clip_on=False,
            )
        )
        x += 0.035
    ax.text(
        x,
        y + 0.1,
        item.text,
        transform=transform,
        fontsize=size + 1,
        fontweight="bold",
        va="center",
        clip_on=False,
    )


def render_regions(digest: Digest, t: Translate) -> bytes:
    """Every region in one picture, 1200 px wide and as tall as the list needs (85 regions:
    about 1200×4000); rows get thinner only if the list would pass Telegram's size limits."""
    items = _region_items(digest, t)
    units = sum(item.units for item in items) or 1.0
    room = style.MAX_HEIGHT_PX - _REGIONS_HEADER_PX - _REGIONS_FOOTER_PX
    row_px = min(_ROW_PX, room / units)
    return _draw_regions(digest, t, items, t("digest-regions-title"), row_px)


def render_region_pages(
    digest: Digest, t: Translate, max_height_px: int = style.PHOTO_SIDE_PX
) -> list[bytes]:
    """The same rating split into pictures at most `max_height_px` tall (default 1280: Telegram
    recompresses a photo whose longer side is above that, which makes a tall one unreadable)."""
    items = _region_items(digest, t)
    capacity = (max_height_px - _REGIONS_HEADER_PX - _REGIONS_FOOTER_PX) / _ROW_PX
    pages = _paginate(items, capacity) or [[]]
    if len(pages) == 1:
        return [_draw_regions(digest, t, pages[0], t("digest-regions-title"), _ROW_PX)]
    return [
        _draw_regions(
            digest,
            t,
            page,
            t("digest-regions-title-page", page=number, pages=len(pages)),
            _ROW_PX,
        )
        for number, page in enumerate(pages, start=1)
    ]


# --- 3. The trend -----------------------------------------------------------------------------


def _trend_weeks(series: list[TrendSeries]) -> list[date]:
    weeks = sorted({day for s in series for day, _ in s.points})
    return weeks[-TREND_WEEKS:]


def _last(values: list[float]) -> tuple[float | None, float | None]:
    """(first, last) defined values."""
    defined = [v for v in values if not math.isnan(v)]
    return (defined[0], defined[-1]) if defined else (None, None)


def render_trend(digest: Digest, t: Translate) -> bytes:
    """Lines of the country index and of the top and bottom regions over the last 12 weeks,
    with gaps where a week has no index."""
    series = digest.trend[:MAX_TREND_SERIES]
    weeks = _trend_weeks(series)
    position = {day: i for i, day in enumerate(weeks)}

    with style.figure(style.SQUARE_PX) as fig:
        subtitle = t(
            "digest-trend-subtitle",
            weeks=len(weeks),
            end=fmt_date(t, weeks[-1]) if weeks else _week(digest, t),
        )
        _header(fig, t("digest-trend-title"), subtitle)
        size = style.SQUARE_PX
        left, right, top, bottom = 112, 1140, 190, 700
        ax = fig.add_axes(
            (
                left / style.WIDTH_PX,
                (size - bottom) / size,
                (right - left) / style.WIDTH_PX,
                (bottom - top) / size,
            )
        )
        fig.text(
            left / style.WIDTH_PX,
            _y(fig, top - 14),
            t("digest-trend-axis"),
            fontsize=style.SMALL_SIZE,
            color=style.MUTED,
            va="bottom",
        )
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0, pad=8)
        ax.grid(axis="y", color=style.GRID, linewidth=1)
        ax.set_axisbelow(True)

        handles: list[Any] = []
        labels: list[str] = []
        finite: list[float] = []
        for number, one in enumerate(series):
            values = [math.nan] * len(weeks)
            for day, value in one.points:
                if day in position and value is not None:
                    values[position[day]] = value
            finite.extend(v for v in values if not math.isnan(v))
            if number == 0:
                color, marker, width, zorder = style.COUNTRY, "o", 4.5, 5.0
            else:
                color = style.SERIES[(number - 1) % len(style.SERIES)]
                marker = style.MARKERS[(number - 1) % len(style.MARKERS)]
                width, zorder = 3.0, 3.0
            (line,) = ax.plot(
                range(len(weeks)),
                values,
                color=color,
                marker=marker,
                markersize=8 if number == 0 else 7,
                linewidth=width,
                zorder=zorder,
            )
            handles.append(line)
            labels.append(_trend_label(t, one.name, values, len(weeks)))

        if weeks:
            ax.set_xlim(-0.4, len(weeks) - 0.6)
            step = 1 if len(weeks) <= 7 else 2
            shown = [i for i in range(len(weeks)) if (len(weeks) - 1 - i) % step == 0]
            ax.set_xticks(shown)
            ax.set_xticklabels([fmt_date_short(t, weeks[i]) for i in shown])
        else:
            ax.set_xticks([])
        low, high = _trend_limits(finite)
        ax.set_ylim(low, high)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t("digest-tick", value=v)))
        if not finite:
            ax.text(
                0.5,
                0.5,
                t("digest-no-data"),
                transform=ax.transAxes,
                ha="center",
                va="center",
                color=style.MUTED,
                fontsize=style.LABEL_SIZE,
            )

        if handles:
            fig.legend(
                handles,
                labels,
                loc="upper left",
                bbox_to_anchor=(style.MARGIN_PX / style.WIDTH_PX, _y(fig, bottom + 62)),
                ncol=1,
                fontsize=style.TICK_SIZE,
                handlelength=2.6,
                labelspacing=0.55,
                borderaxespad=0,
            )
        _footer(fig, digest, t)
        return style.png(fig)


def _trend_label(t: Translate, name: str, values: list[float], weeks: int) -> str:
    first, last = _last(values)
    index = fmt_index(t, last)
    room = style.WIDTH_PX - 2 * style.MARGIN_PX - 90  # minus the legend's line sample
    if first is None or last is None or weeks < 2:
        rest = t("digest-trend-legend", name="", index=index)
        name = _fit(name, room - _text_px(rest, style.TICK_SIZE), style.TICK_SIZE)
        return t("digest-trend-legend", name=name, index=index)
    change = fmt_delta(t, last - first)
    rest = t("digest-trend-legend-change", name="", index=index, change=change, weeks=weeks)
    name = _fit(name, room - _text_px(rest, style.TICK_SIZE), style.TICK_SIZE)
    return t("digest-trend-legend-change", name=name, index=index, change=change, weeks=weeks)


def _trend_limits(values: list[float]) -> tuple[float, float]:
    if not values:
        return 0.0, 10.0
    low = max(0.0, math.floor((min(values) - 0.25) * 2) / 2)
    high = min(10.0, math.ceil((max(values) + 0.25) * 2) / 2)
    if high - low < 1.0:
        middle = (high + low) / 2
        low, high = max(0.0, middle - 0.5), min(10.0, middle + 0.5)
        if high - low < 1.0:
            low, high = (0.0, 1.0) if low == 0.0 else (9.0, 10.0)
    return low, high


# --- The album --------------------------------------------------------------------------------


def render_digest(digest: Digest, t: Translate) -> list[bytes]:
    """[star, regions, trend] as PNG bytes, in the album's order."""
    return [render_star(digest, t), render_regions(digest, t), render_trend(digest, t)]
