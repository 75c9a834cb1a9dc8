"""Chart 2, the regions' rating: official, preliminary and no-data blocks of bars, in one
tall picture or split into pages Telegram does not recompress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator
from matplotlib.transforms import blended_transform_factory

from charts import style
from charts.caption import fmt_delta, fmt_index
from charts.data import Digest, RatingRow, Translate
from charts.frame import delta_color, fit, footer, header, week_text, y_at
from charts.whiskers import ON_PAR_MARK, draw_whiskers, interval_legend
from scoring.ranking import on_par_with_neighbours

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
    on_par: bool = False  # METHODOLOGY §8: its interval overlaps a neighbour's in the ranking

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
        # Only the official block is a ranking (numbered places): only there is a rank noise.
        marks = neighbour_marks(rows) if block == "official" else [False] * len(rows)
        for rank, (row, mark) in enumerate(zip(rows, marks, strict=True), start=1):
            items.append(
                _Item(
                    "nodata" if block == "nodata" else "bar",
                    block,
                    row=row,
                    rank=rank if block == "official" else None,
                    on_par=mark,
                )
            )
    return items


def neighbour_marks(ranked: list[RatingRow]) -> list[bool]:
    """For each place of a ranking (best first): "на уровне соседей", its 95 % interval
    overlapping the place above or below; a row without an interval is never marked."""
    return on_par_with_neighbours([(r.low, r.high) for r in ranked])


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
        header(fig, title, t("digest-regions-subtitle", week=week_text(digest, t)))
        margin = style.MARGIN_PX / style.WIDTH_PX
        fig.text(
            margin,
            y_at(fig, 130),
            fit(
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
                y_at(fig, _REGIONS_HEADER_PX - 8),
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
        spans: list[tuple[float, float, float]] = []  # (row, low, high): the 95 % intervals
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
            if item.on_par:
                label = f"{ON_PAR_MARK} {label}"
            ax.text(
                name_x,
                middle,
                fit(label, name_room, row_size),
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
            if row.low is not None and row.high is not None:
                spans.append((middle, row.low, row.high))
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
                color=delta_color(row.delta),
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

        draw_whiskers(ax, spans, scale)
        if spans:
            interval_legend(fig, t, 180, any(item.on_par for item in items))
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
        footer(fig, digest, t)
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
