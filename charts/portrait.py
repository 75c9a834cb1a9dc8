"""The portrait card of a client group (seed 002, appendices 2-4), as a phone-readable PNG.

Layout: a header with the group and the region, a short facts column (label: value), then the
three columns «Ценности, личные качества, интересы» / «Желания» / «Боли и сложности» with one
bullet per item. 1200 px wide in the house style (charts.style); the height follows the
content, and very long lists are cut with "…" so the card stays readable on a phone.
"""

from __future__ import annotations

import textwrap

from matplotlib.patches import Rectangle

from charts import style
from charts.cards import PortraitCard

HEADER_SIZE = 30
SUB_SIZE = 20
FACT_SIZE = 19
COLUMN_TITLE_SIZE = 19
ITEM_SIZE = 17
LINE = 1.4  # line height, in font sizes
COLUMN_COLOURS = (style.BLUE, style.BLUISH_GREEN, style.VERMILLION)
MAX_FACT_LINES = 40
MAX_COLUMN_LINES = 45
PX_PER_PT = style.DPI / 72


def _px(size: float, lines: int = 1) -> float:
    return size * PX_PER_PT * LINE * lines


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def _cut(lines: list[str], limit: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    return [*lines[: limit - 1], "…"]


def _fact_rows(card: PortraitCard) -> list[tuple[list[str], list[str]]]:
    """(label lines, value lines) of each fact, as many as fit MAX_FACT_LINES."""
    rows: list[tuple[list[str], list[str]]] = []
    used = 0
    for label, value in card.facts:
        label_lines, value_lines = _wrap(label, 20), _wrap(value, 52)
        size = max(len(label_lines), len(value_lines))
        if used + size > MAX_FACT_LINES:
            rows.append((["…"], []))
            break
        rows.append((label_lines, value_lines))
        used += size
    return rows


def _column_lines(items: tuple[str, ...], empty: str) -> list[str]:
    lines: list[str] = []
    for item in items:
        wrapped = _wrap(item, 22)
        lines.append("• " + wrapped[0])
        lines.extend("  " + rest for rest in wrapped[1:])
    return _cut(lines, MAX_COLUMN_LINES) if lines else [empty]


def render_portrait(card: PortraitCard) -> bytes:
    width = style.WIDTH_PX
    margin = style.MARGIN_PX
    group_lines = _cut(_wrap(card.group, 56), 3)
    facts = _fact_rows(card)
    fact_lines = sum(max(len(a), len(b)) for a, b in facts)
    columns = [
        (_wrap(title, 24), _column_lines(items, card.empty)) for title, items in card.columns
    ]
    title_rows = max(len(title) for title, _ in columns) if columns else 1
    body_rows = max(len(lines) for _, lines in columns) if columns else 1

    header_h = margin + _px(SUB_SIZE) + _px(HEADER_SIZE, len(group_lines)) + _px(SUB_SIZE) + 10
    facts_h = _px(FACT_SIZE, fact_lines) + 8 * len(facts) + (30 if facts else 0)
    columns_h = _px(COLUMN_TITLE_SIZE, title_rows) + 30 + _px(ITEM_SIZE, body_rows) + margin
    height = int(min(style.MAX_HEIGHT_PX, max(700, header_h + facts_h + columns_h)))

    with style.figure(height) as fig:

        def text(x: float, y: float, value: str, size: float, **kw: object) -> None:
            fig.text(x / width, 1 - y / height, value, fontsize=size, va="top", **kw)  # type: ignore[arg-type]

        fig.patches.append(
            Rectangle(
                (0, 1 - header_h / height), 1, header_h / height,
                transform=fig.transFigure, color="#EEF3F8", zorder=0,
            )
        )  # fmt: skip
        y = margin * 0.6
        text(margin, y, card.title.upper(), SUB_SIZE, color=style.MUTED, weight="bold")
        y += _px(SUB_SIZE)
        for line in group_lines:
            text(margin, y, line, HEADER_SIZE, color=style.TEXT, weight="bold")
            y += _px(HEADER_SIZE)
        text(margin, y + 4, card.subtitle, SUB_SIZE, color=style.MUTED)
        y = header_h + 20
        for label_lines, value_lines in facts:
            for n, line in enumerate(label_lines):
                text(margin, y + n * _px(FACT_SIZE), line, FACT_SIZE, color=style.MUTED)
            for n, line in enumerate(value_lines):
                text(margin + 330, y + n * _px(FACT_SIZE), line, FACT_SIZE, color=style.TEXT)
            y += _px(FACT_SIZE, max(len(label_lines), len(value_lines))) + 8
        if facts:
            y += 20
        gap = 24
        col_w = (width - 2 * margin - 2 * gap) / 3
        top = y
        band = _px(COLUMN_TITLE_SIZE, title_rows) + 16
        for n, (title, lines) in enumerate(columns):
            x = margin + n * (col_w + gap)
            colour = COLUMN_COLOURS[n % len(COLUMN_COLOURS)]
            fig.patches.append(
                Rectangle(
                    (x / width, 1 - (top + band) / height), col_w / width, band / height,
                    transform=fig.transFigure, color=colour, zorder=0,
                )
            )  # fmt: skip
            ty = top + 8
            for line in title:
                text(x + 12, ty, line, COLUMN_TITLE_SIZE, color="white", weight="bold")
                ty += _px(COLUMN_TITLE_SIZE)
            iy = top + band + 14
            for line in lines:
                text(x + 6, iy, line, ITEM_SIZE, color=style.TEXT)
                iy += _px(ITEM_SIZE)
        return style.png(fig)
