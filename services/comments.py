"""Respondents' comments for their centre's working group (issue 9.6).

A working group reads the comments of its centre's questionnaires completed in the rating
window: the text and the ISO week, nothing else. No date or time, no audience, no key, and
within a week the order is alphabetical, not the order of arrival, so the list tells no more
about when (or by whom) a comment was written than the week does. Newest week first.

Pages are packed to stay well inside the messenger's text limit, counted as that messenger
counts (bot.text_limit: Telegram's 4,096 shown characters, MAX's 4,000 as sent, escapes
included); comments are HTML-escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.text_limit import TELEGRAM_TEXT, TextLimit
from charts import Translate
from charts.caption import fmt_week, shorten
from services.digest.content import iso_week
from services.index.ratings import Window
from storage.models import Questionnaire

PAGE_MARGIN = 296  # characters of the limit left unused (Telegram: 3,800 of 4,096 per page)
COMMENT_LIMIT = 3000  # a longer comment (only with a huge COMMENT_MAX_CHARS) is shortened


def comments_window(settings: Settings, now: datetime) -> Window:
    """The rating window ending now: the comments a working group reads."""
    days = settings.scoring.rating_window_days
    return Window.trailing(now, days, days)


@dataclass(frozen=True, slots=True)
class Comment:
    week: str  # ISO week of completion in the digest's time zone, e.g. "2026-W47"
    text: str


def _of_centre(centre_code: str, window: Window) -> ColumnElement[bool]:
    q = Questionnaire
    return and_(
        q.centre_code == centre_code,
        q.completed_at.is_not(None),
        q.completed_at >= window.start,
        q.completed_at < window.end,
        q.comment.is_not(None),
        func.trim(q.comment) != "",  # stored stripped (Survey.set_comment); old blanks too
    )


async def comment_count(session: AsyncSession, centre_code: str, window: Window) -> int:
    stmt = select(func.count()).select_from(Questionnaire).where(_of_centre(centre_code, window))
    return int(await session.scalar(stmt) or 0)


async def centre_comments(
    session: AsyncSession, centre_code: str, window: Window, tz: ZoneInfo
) -> list[Comment]:
    """The centre's comments in the window: newest week first, alphabetical within a week."""
    rows = await session.execute(
        select(Questionnaire.completed_at, Questionnaire.comment).where(
            _of_centre(centre_code, window)
        )
    )
    found = [
        Comment(iso_week(completed, tz), text.strip())
        for completed, text in rows
        if isinstance(completed, datetime) and text and text.strip()
    ]
    found.sort(key=lambda c: c.text)
    found.sort(key=lambda c: c.week, reverse=True)  # stable: alphabetical within a week
    return found


@dataclass(frozen=True, slots=True)
class PageHeader:
    centre: str  # the centre's name, not escaped
    days: int  # the window
    total: int


def _header_lines(t: Translate, header: PageHeader, page: int, pages: int) -> list[str]:
    return [
        t("mi-comments-title", name=escape(header.centre, quote=False)),
        t("mi-comments-subtitle", days=header.days, count=header.total, page=page, pages=pages),
    ]


def _week_line(t: Translate, week: str) -> str:
    return t("mi-comments-week", week=escape(fmt_week(t, week), quote=False))


def _row(t: Translate, comment: Comment) -> str:
    text = comment.text
    if len(text) > COMMENT_LIMIT:
        text = shorten(text, COMMENT_LIMIT)
    return t("mi-comments-row", text=escape(text, quote=False))


def page_text(
    t: Translate, header: PageHeader, comments: list[Comment], page: int, pages: int
) -> str:
    """One page in Telegram HTML: the header, then each week's comments under its label."""
    lines = _header_lines(t, header, page, pages)
    week = None
    for comment in comments:
        if comment.week != week:
            week = comment.week
            lines += ["", _week_line(t, week)]
        lines.append(_row(t, comment))
    return "\n".join(lines)


def paginate(
    t: Translate, header: PageHeader, comments: list[Comment], limit: TextLimit = TELEGRAM_TEXT
) -> list[list[Comment]]:
    """Comments packed greedily into pages whose text stays PAGE_MARGIN inside `limit`,
    measured as that messenger counts.

    The length is counted as `page_text` builds it: each line plus its line break, a week's
    label (after a blank line) wherever a page starts or the week changes, and the header
    with the widest page numbers possible.
    """
    budget = limit.chars - PAGE_MARGIN
    length = limit.length
    most = max(1, len(comments))
    top = length("\n".join(_header_lines(t, header, most, most)))
    pages: list[list[Comment]] = []
    current: list[Comment] = []
    used = top
    for comment in comments:
        row = length(_row(t, comment)) + 1
        label = 2 + length(_week_line(t, comment.week))  # blank line + label
        same_week = bool(current) and current[-1].week == comment.week
        cost = row + (0 if same_week else label)
        if current and used + cost > budget:
            pages.append(current)
            current, used, cost = [], top, row + label
        current.append(comment)
        used += cost
    if current:
        pages.append(current)
    return pages
