"""The one visual style of every chart the bot sends: sizes, fonts, colours, PNG output.

Made for a phone: 1200 px wide (Telegram shows photos up to 1280 px; at least 1080 px keeps
text sharp), large type, DejaVu Sans (ships with matplotlib and covers Cyrillic), and the
Okabe–Ito palette, which stays distinguishable with every common colour-vision deficiency.

Charts are drawn on `matplotlib.figure.Figure` objects with the Agg canvas attached
explicitly: no pyplot, so no global figure registry to leak from and no backend switch for the
rest of the process. rcParams are global, so drawing is serialised by a lock.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# --- Size -------------------------------------------------------------------------------------

DPI = 100
WIDTH_PX = 1200
WIDTH_IN = WIDTH_PX / DPI
SQUARE_PX = 1200
MARGIN_PX = 60
# Telegram recompresses a photo so that its longer side is at most 1280 px: a picture up to
# 1280 px tall keeps its full width (and stays at least 1080 px wide) on the reader's screen.
PHOTO_SIDE_PX = 1280
# Telegram photo limits: width + height <= 10000, ratio <= 20, file <= 10 MB.
MAX_HEIGHT_PX = 8600

# --- Type -------------------------------------------------------------------------------------

FONT_FAMILY = "DejaVu Sans"
TITLE_SIZE = 30
SUBTITLE_SIZE = 20
LABEL_SIZE = 20
TICK_SIZE = 18
ANNOTATION_SIZE = 18
SMALL_SIZE = 15
HERO_SIZE = 80  # the country index on the star chart

# --- Colour (Okabe & Ito, 2008) ---------------------------------------------------------------

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

TEXT = "#1A1A1A"
MUTED = "#5F5F5F"
GRID = "#D9D9D9"
BACKGROUND = "#FFFFFF"

NOW = BLUE  # this week
PREVIOUS = ORANGE  # last week
OFFICIAL = BLUE
PRELIMINARY = SKY_BLUE
RISE = BLUISH_GREEN
FALL = VERMILLION
COUNTRY = BLACK
# Series after the country; yellow is left out: too faint on white for a thin line.
SERIES = (ORANGE, SKY_BLUE, BLUISH_GREEN, VERMILLION, REDDISH_PURPLE, BLUE)
MARKERS = ("o", "s", "D", "^", "v", "P")

RC: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "font.size": LABEL_SIZE,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": MUTED,
    "axes.linewidth": 1.2,
    "axes.titlesize": TITLE_SIZE,
    "axes.labelsize": LABEL_SIZE,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.unicode_minus": True,
    "axes.facecolor": BACKGROUND,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": TEXT,
    "ytick.labelcolor": TEXT,
    "xtick.labelsize": TICK_SIZE,
    "ytick.labelsize": TICK_SIZE,
    "legend.frameon": False,
    "legend.fontsize": TICK_SIZE,
    "lines.linewidth": 3.0,
    "lines.solid_capstyle": "round",
    "hatch.linewidth": 2.0,
    "figure.facecolor": BACKGROUND,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.facecolor": BACKGROUND,
    "mathtext.default": "regular",
}

_LOCK = threading.Lock()


@contextmanager
def figure(height_px: int = SQUARE_PX) -> Iterator[Figure]:
    """A blank figure WIDTH_PX wide in the house style; use `png(fig)` inside the block."""
    with _LOCK, matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, height_px / DPI), dpi=DPI)
        FigureCanvasAgg(fig)
        try:
            yield fig
        finally:
            fig.clear()


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes: the full canvas (never a 'tight' crop, the width is fixed) and
    no Software / timestamp metadata, so the same input gives the same bytes."""
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=DPI,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 3},  # as small as the default, faster on tall pictures
    )
    return buffer.getvalue()
