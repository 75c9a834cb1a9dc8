"""Chart 3, the trend: the country index and the top and bottom regions over 12 weeks."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from matplotlib.ticker import FuncFormatter, MaxNLocator

from charts import style
from charts.caption import fmt_date, fmt_date_short, fmt_delta, fmt_index
from charts.data import Digest, Translate, TrendSeries
from charts.frame import fit, footer, header, text_px, week_text, y_at

TREND_WEEKS = 12
MAX_TREND_SERIES = 9  # the country and eight regions: more lines are no longer readable


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
            end=fmt_date(t, weeks[-1]) if weeks else week_text(digest, t),
        )
        header(fig, t("digest-trend-title"), subtitle)
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
            y_at(fig, top - 14),
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
                bbox_to_anchor=(style.MARGIN_PX / style.WIDTH_PX, y_at(fig, bottom + 62)),
                ncol=1,
                fontsize=style.TICK_SIZE,
                handlelength=2.6,
                labelspacing=0.55,
                borderaxespad=0,
            )
        footer(fig, digest, t)
        return style.png(fig)


def _trend_label(t: Translate, name: str, values: list[float], weeks: int) -> str:
    first, last = _last(values)
    index = fmt_index(t, last)
    room = style.WIDTH_PX - 2 * style.MARGIN_PX - 90  # minus the legend's line sample
    if first is None or last is None or weeks < 2:
        rest = t("digest-trend-legend", name="", index=index)
        name = fit(name, room - text_px(rest, style.TICK_SIZE), style.TICK_SIZE)
        return t("digest-trend-legend", name=name, index=index)
    change = fmt_delta(t, last - first)
    rest = t("digest-trend-legend-change", name="", index=index, change=change, weeks=weeks)
    name = fit(name, room - text_px(rest, style.TICK_SIZE), style.TICK_SIZE)
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
