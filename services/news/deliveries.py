"""The delivery log of a news broadcast: who is still to get it, and who got it.

When a news is stored (NewsService.create), every subscriber who can be written to gets a
`news_deliveries` row, `pending`, in the same transaction as the news: a broadcast cut off by
a crash or a deploy knows exactly whom it still owes, and is resumed at the next start
(bot/news_broadcast.py) instead of being lost behind the cool-down.

Each send is claimed first (`attempted_at` on the pending row), then the row is marked `sent`,
`failed` or `blocked` right after Telegram answered. A process killed between Telegram's answer
and that mark leaves the row pending with a claim; resuming sends that recipient the news once
more: at most one duplicate per recipient whose send was in flight at the kill (at most the
broadcast's concurrency). Sending nobody twice in the normal course is worth that.

A claim younger than `LEASE` belongs to a process that may still be sending (webhook replicas
resume side by side), so it is left alone until then; polling has one process, which at its
start retakes every claim at once (`release_claims`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, delete, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.privacy import Pseudonyms, Unreadable
from storage.models import CentreNews, FeedbackSubscription, NewsDelivery, User

log = logging.getLogger(__name__)

PENDING, SENT, FAILED, BLOCKED = "pending", "sent", "failed", "blocked"
STATES = frozenset({PENDING, SENT, FAILED, BLOCKED})
# Longer than one send normally takes, flood waits included (bot.sender: 429s of up to 10
# minutes are waited out); a live replica's send is not taken over before it.
LEASE = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Recipient:
    """A subscriber still to write to: the chat id is unsealed, in memory only, for the send."""

    user_key: str
    chat_id: int
    language: str | None


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount or 0)


async def log_recipients(session: AsyncSession, news_id: int, centre_code: str) -> int:
    """Every subscriber of the centre who can be written to, pending; how many (not committed:
    the caller commits it with the news row)."""
    subscribers = (
        select(literal(news_id), FeedbackSubscription.user_key, literal(PENDING))
        .join(User, User.key == FeedbackSubscription.user_key)
        .where(FeedbackSubscription.centre_code == centre_code, User.blocked_at.is_(None))
    )
    await session.execute(
        insert(NewsDelivery).from_select(["news_id", "user_key", "state"], subscribers)
    )
    count = await session.scalar(
        select(func.count()).select_from(NewsDelivery).where(NewsDelivery.news_id == news_id)
    )
    return int(count or 0)


async def unfinished(session: AsyncSession) -> list[int]:
    """News whose broadcast never finished and that have a delivery log, oldest first."""
    logged = select(NewsDelivery.news_id).where(NewsDelivery.news_id == CentreNews.id).exists()
    rows = await session.scalars(
        select(CentreNews.id)
        .where(CentreNews.finished_at.is_(None), logged)
        .order_by(CentreNews.id)
    )
    return list(rows)


async def release_claims(session: AsyncSession) -> int:
    """Forget the claims of unfinished broadcasts: only when no other process sends (polling
    start). Those recipients are sent to again (see the module docstring)."""
    open_news = select(CentreNews.id).where(CentreNews.finished_at.is_(None))
    result = await session.execute(
        update(NewsDelivery)
        .where(
            NewsDelivery.state == PENDING,
            NewsDelivery.attempted_at.is_not(None),
            NewsDelivery.news_id.in_(open_news),
        )
        .values(attempted_at=None)
    )
    await session.commit()
    return _rowcount(result)


def _claimable(now: datetime) -> Any:
    return and_(
        NewsDelivery.state == PENDING,
        or_(NewsDelivery.attempted_at.is_(None), NewsDelivery.attempted_at <= now - LEASE),
    )


async def due(
    session: AsyncSession, pseudonyms: Pseudonyms, news_id: int, now: datetime
) -> list[Recipient]:
    """The pending recipients nobody is sending to, chat ids unsealed, in the order they
    subscribed. Who unsubscribed meanwhile is dropped from the log; who blocked the bot
    meanwhile is marked blocked; a chat sealed with another secret is marked failed."""
    rows = await session.execute(
        select(NewsDelivery.user_key, FeedbackSubscription.chat, User.language, User.blocked_at)
        .join(CentreNews, CentreNews.id == NewsDelivery.news_id)
        .join(User, User.key == NewsDelivery.user_key)
        .outerjoin(
            FeedbackSubscription,
            and_(
                FeedbackSubscription.user_key == NewsDelivery.user_key,
                FeedbackSubscription.centre_code == CentreNews.centre_code,
            ),
        )
        .where(NewsDelivery.news_id == news_id, _claimable(now))
        .order_by(FeedbackSubscription.created_at, NewsDelivery.user_key)
    )
    out: list[Recipient] = []
    gone: list[str] = []
    marks: dict[str, list[str]] = {BLOCKED: [], FAILED: []}
    for user_key, chat, language, blocked_at in rows:
        if chat is None:
            gone.append(user_key)
            continue
        if blocked_at is not None:
            marks[BLOCKED].append(user_key)
            continue
        try:
            chat_id = pseudonyms.unseal(chat)
        except Unreadable:  # sealed with a key no longer configured
            marks[FAILED].append(user_key)
            continue
        out.append(Recipient(user_key, chat_id, language))
    if marks[FAILED]:
        log.warning(
            "%d subscriber(s) of news %s cannot be unsealed: not sent", len(marks[FAILED]), news_id
        )
    if gone:
        await session.execute(
            delete(NewsDelivery).where(
                NewsDelivery.news_id == news_id, NewsDelivery.user_key.in_(gone)
            )
        )
    for state, keys in marks.items():
        if keys:
            await session.execute(
                update(NewsDelivery)
                .where(NewsDelivery.news_id == news_id, NewsDelivery.user_key.in_(keys))
                .values(state=state, attempted_at=now)
            )
    await session.commit()
    return out


async def claim(session: AsyncSession, news_id: int, user_key: str, now: datetime) -> bool:
    """True if this recipient is now ours to send to (nobody else is, or their lease ran out)."""
    result = await session.execute(
        update(NewsDelivery)
        .where(NewsDelivery.news_id == news_id, NewsDelivery.user_key == user_key, _claimable(now))
        .values(attempted_at=now)
    )
    await session.commit()
    return _rowcount(result) == 1


async def mark(
    session: AsyncSession, news_id: int, user_key: str, state: str, now: datetime
) -> None:
    """Record Telegram's answer for one recipient (committed at once)."""
    if state not in STATES - {PENDING}:
        raise ValueError(f"not a final delivery state: {state!r}")
    await session.execute(
        update(NewsDelivery)
        .where(NewsDelivery.news_id == news_id, NewsDelivery.user_key == user_key)
        .values(state=state, attempted_at=now)
    )
    await session.commit()


async def claimed_until(session: AsyncSession, news_id: int) -> datetime | None:
    """When the last claim of a possibly live sender runs out; None if no claim is left."""
    first = await session.scalar(
        select(func.min(NewsDelivery.attempted_at)).where(
            NewsDelivery.news_id == news_id,
            NewsDelivery.state == PENDING,
            NewsDelivery.attempted_at.is_not(None),
        )
    )
    return None if first is None else first + LEASE


async def counts(session: AsyncSession, news_id: int) -> dict[str, int]:
    rows = await session.execute(
        select(NewsDelivery.state, func.count())
        .where(NewsDelivery.news_id == news_id)
        .group_by(NewsDelivery.state)
    )
    return {state: int(count) for state, count in rows}


async def finish(session: AsyncSession, news_id: int, now: datetime) -> tuple[int, int] | None:
    """Close the broadcast if nobody is pending: (delivered, recipients) for the one caller that
    closed it (and so reports to the author); None if it is still running or already closed."""
    by_state = await counts(session, news_id)
    if by_state.get(PENDING):
        return None
    total, delivered = sum(by_state.values()), by_state.get(SENT, 0)
    result = await session.execute(
        update(CentreNews)
        .where(CentreNews.id == news_id, CentreNews.finished_at.is_(None))
        .values(recipients=total, delivered=delivered, finished_at=now)
    )
    await session.commit()
    return (delivered, total) if _rowcount(result) == 1 else None
