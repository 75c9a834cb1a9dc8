"""The one publication of an accepted practice in the channel, and the practice of the week.

A practice is claimed for posting by a conditional UPDATE (`post_status` NULL or `failed` →
`sending`) before anything is sent, so of two tasks, a retry and a restart exactly one posts;
the message ids and the link are stored the moment Telegram answers. A `sending` claim older
than `STALE_CLAIM` is an attempt that died (a kill between claim and record) and is taken over.

Practice of the week: of the practices accepted in the last `FRESH_DAYS` days, the one with
the most 👍 given during the week; ties go to the more recently accepted one. A week without
any 👍 names the newest practice accepted during the week; a week with neither names none.
One row per channel and ISO week in `practice_weeks` makes it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.practices.rules import ACCEPTED
from storage.models_practices import Practice, PracticeVote, PracticeWeek

SENDING, POSTED, FAILED = "sending", "posted", "failed"
MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(minutes=15)
FRESH_DAYS = 28


def message_link(channel: str, message_id: int) -> str | None:
    """https://t.me/<name>/<id> for @name, https://t.me/c/<id>/<id> for a -100… id."""
    channel = channel.strip()
    if channel.startswith("@"):
        return f"https://t.me/{channel[1:]}/{message_id}"
    if channel.startswith("-100") and channel[4:].isdigit():
        return f"https://t.me/c/{channel[4:]}/{message_id}"
    return None


def _claimable(now: datetime) -> ColumnElement[bool]:
    return and_(
        Practice.status == ACCEPTED,
        Practice.post_attempts < MAX_ATTEMPTS,
        or_(
            Practice.post_status.is_(None),
            Practice.post_status == FAILED,
            and_(Practice.post_status == SENDING, Practice.post_claimed_at < now - STALE_CLAIM),
        ),
    )


async def claim(session: AsyncSession, practice_id: int, now: datetime) -> bool:
    changed = await session.execute(
        update(Practice)
        .where(Practice.id == practice_id, _claimable(now))
        .values(post_status=SENDING, post_claimed_at=now, post_attempts=Practice.post_attempts + 1)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return getattr(changed, "rowcount", 0) == 1


async def record(
    session: AsyncSession, practice_id: int, message_ids: list[int], link: str | None, now: datetime
) -> None:
    await session.execute(
        update(Practice)
        .where(Practice.id == practice_id)
        .values(
            post_status=POSTED,
            post_message_ids=message_ids,
            post_link=link,
            posted_at=now,
            post_error=None,
        )
        .execution_options(synchronize_session=False)
    )
    await session.commit()


async def failed(session: AsyncSession, practice_id: int, error: str) -> None:
    await session.execute(
        update(Practice)
        .where(Practice.id == practice_id)
        .values(post_status=FAILED, post_error=error[:2000])
        .execution_options(synchronize_session=False)
    )
    await session.commit()


async def due(session: AsyncSession, now: datetime) -> list[int]:
    """Accepted practices not in the channel yet that may be (re)tried now."""
    rows = await session.scalars(
        select(Practice.id).where(_claimable(now)).order_by(Practice.decided_at, Practice.id)
    )
    return list(rows)


# --- practice of the week -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pick:
    practice: Practice
    votes: int  # 👍 given during the week


async def practice_of_week(session: AsyncSession, start: datetime, end: datetime) -> Pick | None:
    fresh = Practice.decided_at >= end - timedelta(days=FRESH_DAYS)
    week_votes = (
        select(func.count())
        .where(
            PracticeVote.practice_id == Practice.id,
            PracticeVote.created_at >= start,
            PracticeVote.created_at <= end,
        )
        .correlate(Practice)
        .scalar_subquery()
    )
    row = (
        await session.execute(
            select(Practice, week_votes.label("votes"))
            .where(Practice.status == ACCEPTED, fresh, Practice.decided_at <= end)
            .order_by(week_votes.desc(), Practice.decided_at.desc(), Practice.id.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    practice, votes = row[0], int(row[1] or 0)
    if votes == 0:
        decided = practice.decided_at
        if decided is None or decided < start:  # nothing new and nothing liked this week
            return None
    return Pick(practice, votes)


async def claim_week(
    session: AsyncSession, channel: str, week: str, practice_id: int | None, now: datetime
) -> bool:
    session.add(
        PracticeWeek(
            channel=channel, iso_week=week, practice_id=practice_id,
            status=SENDING if practice_id else "none", created_at=now,
        )
    )  # fmt: skip
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return False
    return True


async def record_week(
    session: AsyncSession, channel: str, week: str, status: str, message_id: int | None
) -> None:
    await session.execute(
        update(PracticeWeek)
        .where(PracticeWeek.channel == channel, PracticeWeek.iso_week == week)
        .values(status=status, message_id=message_id)
    )
    await session.commit()
