"""The 95 % interval of each region on the regions' chart (METHODOLOGY.md §8): a whisker
across its bar, and the legend that says what the whisker and the neighbours' mark mean."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from charts import style
from charts.data import Translate
from charts.frame import fit, y_at

__all__ = ["ON_PAR_MARK", "draw_whiskers", "interval_legend"]

ON_PAR_MARK = "≈"  # before a place "на уровне соседей": its interval overlaps a neighbour's
_CAP = 0.22  # half the height of a whisker's end, in rows
_COLOUR = style.TEXT


def draw_whiskers(ax: Axes, spans: Sequence[tuple[float, float, float]], scale: float) -> None:
    """One whisker per (row's middle, low, high), on the 0–10 axis (clipped to it)."""
    if not spans:
        return
    ys = [y for y, _, _ in spans]
    lows = [min(max(low, 0.0), 10.0) for _, low, _ in spans]
    highs = [min(max(high, 0.0), 10.0) for _, _, high in spans]
    width = max(1.0, 2.0 * scale)
    ax.hlines(ys, lows, highs, color=_COLOUR, linewidth=width, zorder=5)
    for ends in (lows, highs):
        ax.vlines(
            ends,
            [y - _CAP for y in ys],
            [y + _CAP for y in ys],
            color=_COLOUR,
            linewidth=width,
            zorder=5,
        )


def interval_legend(fig: Figure, t: Translate, px_from_top: float, with_mark: bool) -> None:
    """Under the rule line: a sample whisker, "95 % интервал", and the mark's meaning."""
    margin = style.MARGIN_PX / style.WIDTH_PX
    y = y_at(fig, px_from_top)
    sample = [margin, margin + 0.04]
    fig.add_artist(Line2D(sample, [y, y], transform=fig.transFigure, color=_COLOUR, linewidth=2))
    cap = 8 / (fig.get_figheight() * style.DPI)
    for x in sample:
        fig.add_artist(
            Line2D([x, x], [y - cap, y + cap], transform=fig.transFigure, color=_COLOUR,
                   linewidth=2)
        )  # fmt: skip
    text = t("digest-regions-interval")
    if with_mark:
        text += " · " + t("digest-regions-on-par", mark=ON_PAR_MARK)
    room = style.WIDTH_PX - 2 * style.MARGIN_PX - 0.05 * style.WIDTH_PX
    fig.text(
        margin + 0.05,
        y,
        fit(text, room, style.SMALL_SIZE),
        va="center",
        fontsize=style.SMALL_SIZE,
        color=style.MUTED,
    )
