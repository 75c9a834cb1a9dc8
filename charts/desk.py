"""The pictures of /stats (issue 15): the completion funnel and the sample progress.

Pure functions from prepared figures to PNG bytes, in the house style (charts.style): 1200 px
wide, large type, one horizontal bar per row so a phone reads it without zooming. Texts come
in already translated and formatted; nothing here knows a language or a database.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from charts import style
from charts.cards import Bar, funnel_bars
from charts.frame import fit as _fit
from charts.frame import header as _header
from charts.frame import y_at as _y

ROW_PX = 86
TOP_PX = 170
BOTTOM_PX = 60
LABEL_ROOM_PX = 430  # the left column of row labels
MAX_ROWS = 14  # rows of one picture: more would not fit a phone screen at this type size


def _height(rows: int) -> int:
    return TOP_PX + ROW_PX * max(rows, 1) + BOTTOM_PX


def _bars(fig: Figure, bars: Sequence[Bar], goal: bool) -> None:
    height = fig.get_figheight() * style.DPI
    left = (style.MARGIN_PX + LABEL_ROOM_PX) / style.WIDTH_PX
    width = (style.WIDTH_PX - 2 * style.MARGIN_PX - LABEL_ROOM_PX) / style.WIDTH_PX
    top = TOP_PX / height
    bottom = BOTTOM_PX / height
    ax = fig.add_axes((left, bottom, width, 1 - top - bottom))
    n = len(bars)
    ax.set_xlim(0, 1.0)
    ax.set_ylim(n - 0.5, -0.5)
    ax.axis("off")
    # The text after the bar needs room: bars use 70 % (55 % with a goal line) at most.
    scale = 0.55 if goal else 0.7
    for i, bar in enumerate(bars):
        share = max(0.0, min(1.0, bar.share))
        colour = style.OFFICIAL if bar.done else style.PRELIMINARY
        ax.barh(i, share * scale, height=0.62, color=colour)
        ax.text(
            share * scale + 0.015, i, bar.text, va="center", ha="left", fontsize=style.LABEL_SIZE
        )
        fig.text(
            style.MARGIN_PX / style.WIDTH_PX,
            _y(fig, TOP_PX + ROW_PX * (i + 0.5)),
            _fit(bar.label, LABEL_ROOM_PX - 20, style.LABEL_SIZE),
            va="center",
            ha="left",
            fontsize=style.LABEL_SIZE,
        )
    if goal:
        ax.axvline(scale, color=style.MUTED, linestyle="--", linewidth=2)


def render_bars(title: str, subtitle: str, bars: Sequence[Bar], *, goal: bool = False) -> bytes:
    """Horizontal bars, one per row, top to bottom (at most MAX_ROWS are drawn).

    `goal`: a dashed line where share = 1 (the sample rule), bars clipped there.
    """
    shown = list(bars)[:MAX_ROWS]
    with style.figure(_height(len(shown))) as fig:
        _header(fig, title, subtitle)
        if shown:
            _bars(fig, shown, goal)
        return style.png(fig)


__all__ = ["Bar", "funnel_bars", "render_bars"]
