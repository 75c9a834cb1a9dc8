"""The `posts` ledger of the weekly digest: one row per (channel id, slot week) and its states
(pending → sending → posted | failed | unknown | skipped; handlers.digest.post tells the whole
story and decides the transitions).

Every change is committed on its own, in its own session, before the poster takes the next step:
that a row says `sending` before the album's Bot API call is what keeps a post from going out
twice. Conditional updates (on the status and attempt read) make two processes agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from services.digest.content import take_week_run
from storage.models import Post, SnapshotRun

PENDING, SENDING, POSTED, FAILED = "pending", "sending", "posted", "failed"
UNKNOWN, SKIPPED = "unknown", "skipped"
DEAD_SEND = "no result recorded: the process stopped mid-send"
MISSED = "missed: the bot was not running within the grace period"


async def mark_dead_send(session: AsyncSession, found: Post) -> bool:
    """`sending` with no result, found by a process that is not sending it: call it unknown.
    True for the one process whose conditional update won (it tells the admins)."""
    marked = await session.execute(
        update(Post)
        .where(Post.id == found.id, Post.status == SENDING, Post.attempts == found.attempts)
        .values(status=UNKNOWN, error=DEAD_SEND)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return getattr(marked, "rowcount", 0) == 1


async def week_run(
    session: AsyncSession, settings: Settings, post_id: int, week: str, now: datetime
) -> SnapshotRun:
    """The snapshot run the post reports: the one recorded on it, else the week's, recorded."""
    post = await session.get(Post, post_id)
    if post is not None and post.run_id is not None:
        run = await session.get(SnapshotRun, post.run_id)
        if run is not None:
            return run
    run = await take_week_run(session, settings, week, now)
    await session.execute(update(Post).where(Post.id == post_id).values(run_id=run.id))
    await session.commit()
    return run


class PostLedger:
    """The state changes of one attempt after its claim, each in a session of its own."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]
    ) -> None:
        self.sessionmaker = sessionmaker
        self.clock = clock

    async def mark_sending(self, post_id: int, attempt: int) -> bool:
        """Record that the send starts, durably, before the Bot API call."""
        async with self.sessionmaker() as session:
            marked = await session.execute(
                update(Post)
                .where(Post.id == post_id, Post.status == PENDING, Post.attempts == attempt)
                .values(status=SENDING, send_started_at=self.clock())
                .execution_options(synchronize_session=False)
            )
            await session.commit()
        return getattr(marked, "rowcount", 0) == 1

    async def mark_posted(self, post_id: int, message_ids: tuple[int, ...]) -> None:
        # Whatever the row says by now (another process may have found it `sending` and
        # called it unknown): Telegram's answer is the truth.
        async with self.sessionmaker() as session:
            await session.execute(
                update(Post)
                .where(Post.id == post_id)
                .values(
                    status=POSTED, message_ids=list(message_ids), posted_at=self.clock(), error=None
                )
            )
            await session.commit()

    async def set_status(self, post_id: int, status: str, error: str) -> None:
        async with self.sessionmaker() as session:
            await session.execute(
                update(Post).where(Post.id == post_id).values(status=status, error=error[:2000])
            )
            await session.commit()

    async def send_started_at(self, post_id: int) -> datetime | None:
        async with self.sessionmaker() as session:
            post = await session.get(Post, post_id)
            return post.send_started_at if post is not None else None

    async def record_missed(self, key: str, week: str, attempts: int) -> bool:
        """A week whose time passed with the bot down, recorded as given up on; False if the
        week already has a row."""
        async with self.sessionmaker() as session:
            session.add(
                Post(
                    channel=key,
                    iso_week=week,
                    status=FAILED,
                    attempts=attempts,
                    error=MISSED,
                    created_at=self.clock(),
                    claimed_at=self.clock(),
                )
            )
            try:
                await session.commit()
            except IntegrityError:
                return False
        return True
