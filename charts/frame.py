"""What every chart of the digest shares: text measuring and fitting, the title area, the
footer, and the colour of a change. Every visual choice comes from `charts.style`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

from charts import style
from charts.caption import delta_sign, fmt_date, fmt_week, shorten
from charts.data import Digest, Translate


@lru_cache(maxsize=4096)
def text_px(text: str, size: float, bold: bool = False) -> float:
    """Width of a one-line text in pixels, as Agg draws it."""
    font = FontProperties(family=style.FONT_FAMILY, size=size, weight="bold" if bold else None)
    width, _, _ = text_to_path.get_text_width_height_descent(text, font, ismath=False)
    return float(width) * style.DPI / 72


def fit(text: str, max_px: float, size: float, bold: bool = False) -> str:
    """The text, shortened at a word boundary with an ellipsis, so that it fits max_px."""
    text = " ".join(text.split())
    if text_px(text, size, bold) <= max_px:
        return text
    low, high = 1, len(text)  # the longest prefix limit that fits
    while low < high:
        middle = (low + high + 1) // 2
        if text_px(shorten(text, middle), size, bold) <= max_px:
            low = middle
        else:
            high = middle - 1
    return shorten(text, low)


def y_at(fig: Figure, px_from_top: float) -> float:
    return 1 - px_from_top / (fig.get_figheight() * style.DPI)


def header(fig: Figure, title: str, subtitle: str) -> None:
    x = style.MARGIN_PX / style.WIDTH_PX
    room = style.WIDTH_PX - 2 * style.MARGIN_PX
    fig.text(
        x,
        y_at(fig, 28),
        fit(title, room, style.TITLE_SIZE, bold=True),
        fontsize=style.TITLE_SIZE,
        fontweight="bold",
        va="top",
    )
    fig.text(
        x,
        y_at(fig, 86),
        fit(subtitle, room, style.SUBTITLE_SIZE),
        fontsize=style.SUBTITLE_SIZE,
        color=style.MUTED,
        va="top",
    )


def footer(fig: Figure, digest: Digest, t: Translate) -> None:
    y = 16 / (fig.get_figheight() * style.DPI)
    text = t(
        "digest-footer",
        methodology=digest.methodology,
        date=fmt_date(t, digest.taken_at.date()),
    )
    common: dict[str, Any] = {"fontsize": style.SMALL_SIZE, "color": style.MUTED, "va": "bottom"}
    fig.text(style.MARGIN_PX / style.WIDTH_PX, y, text, ha="left", **common)
    fig.text(1 - style.MARGIN_PX / style.WIDTH_PX, y, t("digest-source"), ha="right", **common)


def delta_color(delta: float | None) -> str:
    return {1: style.RISE, -1: style.FALL, 0: style.MUTED}[delta_sign(delta)]


def week_text(digest: Digest, t: Translate) -> str:
    return fmt_week(t, digest.week)
