"""What the desk's and the profiles' pictures show, as plain data (no matplotlib).

Handlers and services build these at import time of nothing heavier than this module; the
drawing modules (charts.desk, charts.portrait) import matplotlib and are imported only when a
picture is drawn, so the bot process does not carry matplotlib (~60 MB) until then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bar:
    """One row: its label, the bar's length as a share of the longest (0..1), and the text
    drawn after the bar (the figures, formatted by the caller)."""

    label: str
    share: float
    text: str
    done: bool = False  # drawn in the "reached" colour


def funnel_bars(steps: Sequence[tuple[str, int]], texts: Sequence[str]) -> list[Bar]:
    """The funnel's rows: each step as a share of the widest step."""
    widest = max((count for _, count in steps), default=0)
    return [
        Bar(label, count / widest if widest else 0.0, text, done=True)
        for (label, count), text in zip(steps, texts, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class PortraitCard:
    title: str  # e.g. «Портрет клиентской группы»
    group: str  # the group's name
    subtitle: str  # the region, the kind, the date
    facts: tuple[tuple[str, str], ...]  # (label, value), values already plain text
    columns: tuple[tuple[str, tuple[str, ...]], ...]  # three (title, items)
    empty: str = "—"  # what an empty column shows
