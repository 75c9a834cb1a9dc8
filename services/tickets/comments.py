"""The weekly summary of visitors' comments for a centre's working group (issue 13).

Last ISO week's comments of completed questionnaires: the count and the texts, with no link to
who wrote them or to their answers (no time, audience or key; alphabetical order). Comments
of fewer than SHORT_WORDS words are grouped: «спасибо» ×3 on one line. Sent at most once per
centre and week (`comment_summaries`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.digest.content import iso_week
from services.tickets.routing import group_of
from storage.models import Questionnaire
from storage.models_tickets import CommentSummary

SHORT_WORDS = 3
SHORT_CHARS = 60


@dataclass(frozen=True, slots=True)
class WeekComments:
    centre_code: str
    week: str
    total: int
    long: tuple[str, ...]  # alphabetical
    short: tuple[tuple[str, int], ...]  # (text, how many), alphabetical


def week_bounds(now: datetime, tz: ZoneInfo) -> tuple[str, datetime, datetime]:
    """The ISO week before the one of `now` in `tz`: (label, start, end) in aware times."""
    local = now.astimezone(tz)
    monday = (local - timedelta(days=local.isoweekday() - 1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    start = monday - timedelta(days=7)
    return iso_week(start, tz), start, monday


def group_comments(texts: list[str]) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
    long = sorted(t for t in texts if len(t.split()) >= SHORT_WORDS)
    counts = Counter(
        t.strip().rstrip(".!").casefold() for t in texts if len(t.split()) < SHORT_WORDS
    )
    return tuple(long), tuple(sorted(counts.items()))


async def due_summaries(session: AsyncSession, now: datetime, tz: ZoneInfo) -> list[WeekComments]:
    """Centres with a working group, comments last week and no summary sent for that week."""
    week, start, end = week_bounds(now, tz)
    q = Questionnaire
    rows = await session.execute(
        select(q.centre_code, q.comment).where(
            q.completed_at.is_not(None),
            q.completed_at >= start,
            q.completed_at < end,
            q.comment.is_not(None),
            func.trim(q.comment) != "",
        )
    )
    by_centre: dict[str, list[str]] = {}
    for code, text in rows:
        if text and text.strip():
            by_centre.setdefault(code, []).append(text.strip())
    sent = set(
        await session.scalars(
            select(CommentSummary.centre_code).where(CommentSummary.iso_week == week)
        )
    )
    out = []
    for code in sorted(by_centre):
        if code in sent or not await group_of(session, code):
            continue
        long, short = group_comments(by_centre[code])
        out.append(WeekComments(code, week, len(by_centre[code]), long, short))
    return out


async def mark_sent(session: AsyncSession, summary: WeekComments, now: datetime) -> None:
    session.add(
        CommentSummary(
            centre_code=summary.centre_code,
            iso_week=summary.week,
            comments=summary.total,
            sent_at=now,
        )
    )
    await session.flush()
