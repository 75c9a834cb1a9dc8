"""The digest's caption (Telegram HTML, at most 1,024 visible characters) and the number, date
and week formatting shared with the charts. Every text comes from locales/<lang>/digest.ftl."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from charts.data import Digest, RatingRow, Translate
from scoring.ranking import on_par_with_neighbours, tied_at

CAPTION_LIMIT = 1024  # Telegram: caption length after entity parsing
TOP = 5
MOVERS = 3
ELLIPSIS = "…"

_TAG = re.compile(r"<[^>]*>")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")


# --- Formatting shared with the charts --------------------------------------------------------


def rounded(value: float) -> float:
    """The displayed value (2 decimals), without a negative zero."""
    return round(value, 2) + 0.0


def delta_sign(delta: float | None) -> int:
    """+1, -1 or 0 as the reader sees it: a change that rounds to 0,00 is no change."""
    if delta is None:
        return 0
    shown = rounded(delta)
    return (shown > 0) - (shown < 0)


def fmt_index(t: Translate, value: float | None) -> str:
    return t("digest-no-data") if value is None else t("digest-number", value=rounded(value))


def fmt_delta(t: Translate, delta: float | None) -> str:
    """'▲0,12', '▼0,05', '0,00', or '—' when there is nothing to compare with."""
    if delta is None:
        return t("digest-delta-none")
    direction = {1: "up", -1: "down", 0: "zero"}[delta_sign(delta)]
    return t("digest-delta", direction=direction, value=abs(rounded(delta)))


def fmt_percent(t: Translate, share: float) -> str:
    return t("digest-percent", value=round(share * 100))


def _date_args(t: Translate, day: date) -> dict[str, object]:
    return {
        "day": str(day.day),
        "dd": f"{day.day:02d}",
        "mm": f"{day.month:02d}",
        "month": t(f"digest-month-{day.month}"),
        "year": str(day.year),
    }


def fmt_date(t: Translate, day: date) -> str:
    return t("digest-date", **_date_args(t, day))


def fmt_date_short(t: Translate, day: date) -> str:
    return t("digest-date-short", **_date_args(t, day))


def week_bounds(label: str) -> tuple[int, int, date, date] | None:
    """(year, week, Monday, Sunday) of an ISO week label like '2026-W47'; None if malformed."""
    match = _WEEK.match(label.strip())
    if match is None:
        return None
    year, week = int(match[1]), int(match[2])
    try:
        return year, week, date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7)
    except ValueError:
        return None


def fmt_week(t: Translate, label: str) -> str:
    bounds = week_bounds(label)
    if bounds is None:
        return t("digest-week-raw", label=label)
    year, week, start, end = bounds
    return t(
        "digest-week",
        number=str(week),
        year=str(year),
        start=fmt_date_short(t, start),
        end=fmt_date_short(t, end),
    )


def shorten(text: str, limit: int | None) -> str:
    """At most `limit` characters: whole words and an ellipsis; a lone longer word is cut."""
    text = " ".join(text.split())
    if limit is None or len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    kept = ""
    for word in text.split(" "):
        candidate = f"{kept} {word}" if kept else word
        if len(candidate) + 1 > limit:
            break
        kept = candidate
    if not kept:  # the first word alone is too long
        kept = text[: limit - 1]
    return kept.rstrip(" ,.;:—–-") + ELLIPSIS


def visible_length(text: str) -> int:
    """Length of the HTML as Telegram counts it: tags removed, entities decoded, UTF-16 units
    (an emoji outside the BMP counts twice, like in Telegram's entity offsets)."""
    plain = html.unescape(_TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2


# --- The caption ------------------------------------------------------------------------------


def _sorted(rows: list[RatingRow]) -> list[RatingRow]:
    return sorted(rows, key=lambda r: (-(r.index or 0.0), r.name))


@dataclass(frozen=True)
class _Plan:
    """How much of the caption to keep; plans are tried from the fullest to the shortest."""

    movers: int = MOVERS  # risers and fallers, each
    name_limit: int | None = None  # characters per region name
    regions_line: bool = True
    top: int = TOP
    preliminary: bool = True


_PLANS = (
    _Plan(),
    _Plan(movers=2),
    _Plan(movers=1),
    _Plan(movers=1, name_limit=48),
    _Plan(movers=1, name_limit=36),
    _Plan(movers=1, name_limit=28),
    _Plan(movers=1, name_limit=22),
    _Plan(movers=0, name_limit=28),
    _Plan(movers=0, name_limit=18),
    _Plan(movers=0, name_limit=18, regions_line=False),
    _Plan(movers=0, name_limit=12, regions_line=False),
    _Plan(movers=0, name_limit=12, regions_line=False, top=3),
    _Plan(movers=0, name_limit=12, regions_line=False, top=3, preliminary=False),
    _Plan(movers=0, name_limit=12, regions_line=False, top=1, preliminary=False),
)


def _name(row: RatingRow, plan: _Plan) -> str:
    return html.escape(shorten(row.name, plan.name_limit), quote=False)


def _change(t: Translate, delta: float | None) -> str:
    """' ▲0,12' after a leader's index; nothing when unknown or unchanged (it would read as
    a second index in a one-line list)."""
    return "" if delta_sign(delta) == 0 else " " + fmt_delta(t, delta)


def _blocks(digest: Digest, t: Translate, plan: _Plan) -> list[list[str]]:
    """The caption as blocks of lines, most important first; blocks are separated by a blank
    line. Every line is balanced HTML on its own, so whole lines can be dropped."""
    rated = [r for r in digest.regions if r.index is not None]
    official = _sorted([r for r in rated if r.official])
    preliminary = _sorted([r for r in rated if not r.official])

    if digest.country_delta is None:
        change = t("digest-caption-no-prev")
    else:
        change = t("digest-caption-change", delta=fmt_delta(t, digest.country_delta))
    head = [
        t("digest-caption-title", week=html.escape(fmt_week(t, digest.week), quote=False)),
        t("digest-caption-country", index=fmt_index(t, digest.country_index), change=change)
        if digest.country_index is not None
        else t("digest-caption-country-none"),
        t(
            "digest-caption-sample",
            respondents=digest.country_respondents,
            employers=digest.country_employers,
            official="yes" if digest.country_official else "no",
            min_respondents=digest.min_respondents,
            min_employers=digest.min_employers,
        ),
    ]
    if plan.regions_line and digest.regions:
        head.append(
            t(
                "digest-caption-regions",
                total=len(digest.regions),
                official=len(official),
                preliminary=len(preliminary),
                nodata=len(digest.regions) - len(rated),
                minimum=digest.min_questionnaires,
            )
        )
    blocks = [head]

    top: list[str] = []
    if len(official) >= TOP:
        top.append(t("digest-caption-top"))
    elif official:
        top.append(t("digest-caption-top-few", count=len(official)))
    elif rated:
        top.append(t("digest-caption-top-none"))
    # METHODOLOGY §8: a place whose interval overlaps a neighbour's is not a strict order.
    spans = [(r.low, r.high) for r in official]
    on_par = on_par_with_neighbours(spans)
    for rank, row in enumerate(official[: plan.top], start=1):
        line = t(
            "digest-caption-row",
            rank=rank,
            name=_name(row, plan),
            index=fmt_index(t, row.index),
            change=_change(t, row.delta),
        )
        top.append(f"{line} {t('interval-caption-mark')}" if on_par[rank - 1] else line)
    if plan.top >= TOP and tied_at(spans, TOP):
        fifth, sixth = official[TOP - 1], official[TOP]
        top.append(
            t(
                "interval-caption-tie",
                fifth=_name(fifth, plan),
                sixth=_name(sixth, plan),
                index=fmt_index(t, sixth.index),
            )
        )
    elif any(on_par[: plan.top]):
        top.append(t("interval-caption-legend"))
    if top:
        blocks.append(top)
    shown = min(len(official), plan.top)
    if preliminary and shown < plan.top and (plan.preliminary or not official):
        lines = [t("digest-caption-preliminary")]
        for row in preliminary[: plan.top - shown]:
            lines.append(
                t(
                    "digest-caption-preliminary-row",
                    name=_name(row, plan),
                    index=fmt_index(t, row.index),
                    change=_change(t, row.delta),
                )
            )
        blocks.append(lines)

    # Movers among official results only: a preliminary index moves with its small sample.
    if plan.movers:
        moving = [r for r in official if delta_sign(r.delta) != 0]
        risers = sorted(
            (r for r in moving if delta_sign(r.delta) > 0),
            key=lambda r: (-(r.delta or 0.0), r.name),
        )
        fallers = sorted(
            (r for r in moving if delta_sign(r.delta) < 0),
            key=lambda r: (r.delta or 0.0, r.name),
        )
        movers: list[str] = []
        for title, rows in (("digest-caption-risers", risers), ("digest-caption-fallers", fallers)):
            if rows:
                movers.append(t(title))
                movers.extend(
                    t("digest-caption-mover", name=_name(r, plan), change=fmt_delta(t, r.delta))
                    for r in rows[: plan.movers]
                )
        if movers:
            blocks.append(movers)

    blocks.append(
        [
            t(
                "digest-caption-methodology",
                methodology=html.escape(digest.methodology, quote=False),
                date=fmt_date(t, digest.taken_at.date()),
            )
        ]
    )
    return blocks


def _join(blocks: list[list[str]]) -> str:
    return "\n\n".join("\n".join(lines) for lines in blocks if lines)


def build_caption(digest: Digest, t: Translate, limit: int = CAPTION_LIMIT) -> str:
    """The caption in Telegram HTML (only <b>), at most `limit` visible characters.

    When the full text is too long, the least important parts go first: fewer risers and
    fallers, then shorter region names, then the regions line, fewer leaders; as a last resort
    whole lines from the end, and never a cut inside a word or a tag.
    """
    if limit <= 0:
        return ""
    blocks: list[list[str]] = []
    for plan in _PLANS:
        blocks = _blocks(digest, t, plan)
        text = _join(blocks)
        if visible_length(text) <= limit:
            return text
    # Last resort: drop whole lines from the end, the title last.
    lines = [line for block in blocks for line in (*block, "")][:-1]
    while len(lines) > 1:
        lines.pop()
        text = "\n".join(lines).strip("\n")
        if visible_length(text) <= limit:
            return text
    # Not even the title fits: plain text, cut between words.
    plain = html.unescape(_TAG.sub("", lines[0] if lines else ""))
    while visible_length(html.escape(plain, quote=False)) > limit:
        plain = shorten(plain, len(plain) - 1)
        if plain in ("", ELLIPSIS):
            break
    escaped = html.escape(plain, quote=False)
    return escaped if visible_length(escaped) <= limit else ""
