"""Chart 1, the country's star: a radar of the groups, this week against the last."""

from __future__ import annotations

import math
import textwrap
from typing import Any, Literal

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnnotationBbox, HPacker, TextArea, VPacker
from matplotlib.patches import Patch

from charts import style
from charts.caption import fmt_delta, fmt_index, fmt_percent
from charts.data import Digest, GroupShares, Translate
from charts.frame import delta_color, fit, footer, header, week_text, y_at

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
        y_at(fig, 150),
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
    fig.text(right, y_at(fig, 158), label, fontsize=style.LABEL_SIZE, va="top")
    if digest.country_delta is None:
        change, color = t("digest-star-no-prev"), style.MUTED
    else:
        change = t("digest-star-change", delta=fmt_delta(t, digest.country_delta))
        color = delta_color(digest.country_delta)
    fig.text(right, y_at(fig, 196), change, fontsize=style.LABEL_SIZE, va="top", color=color)
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
            y_at(fig, offset),
            fit(text, room, style.SMALL_SIZE),
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
        header(
            fig,
            t("digest-star-title"),
            t("digest-star-subtitle", country=t("digest-country"), week=week_text(digest, t)),
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
            bbox_to_anchor=(0.5, y_at(fig, 1130)),
            ncol=2,
            fontsize=style.LABEL_SIZE,
            handlelength=2.2,
            columnspacing=2.0,
        )
        footer(fig, digest, t)
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
