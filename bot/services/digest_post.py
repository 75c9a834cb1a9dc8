"""Posting the weekly digest exactly once per ISO week (see bot.services.digest for weeks,
runs and the album).

The `posts` table holds at most one row per (channel, slot week). A run claims the week by
inserting that row (`sending`) before anything is rendered or sent; the unique constraint makes
a second run, a restart or a second process find the row and post nothing. The message ids are
recorded the moment Telegram answers. A failed attempt marks the row `failed` and tells the
admins; the scheduler tries again later (bot.scheduler), at most `MAX_ATTEMPTS` times in all,
and only within the grace period after the scheduled time. A `sending` row left by a process
that died mid-attempt is taken over after `STALE_CLAIM`.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translations
from bot.sender import Outgoing, Sender, parse_chat_id
from bot.services.digest import (
    Render,
    render_album,
    render_run,
    reported_week,
    take_week_run,
)
from bot.services.privacy import Pseudonyms
from bot.services.users import Users
from charts.caption import fmt_week
from storage.models import Post, SnapshotRun, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A `sending` row this old, not being sent by this process, is an attempt that died (a crash
# or a kill between claiming and recording the result): it may be taken over.
STALE_CLAIM = timedelta(minutes=15)
SENDING, POSTED, FAILED = "sending", "posted", "failed"
MAX_ERROR = 300  # characters of an error quoted to admins


Status = Literal["posted", "already", "busy", "failed", "gave-up", "no-channel", "missed"]


@dataclass(frozen=True, slots=True)
class Outcome:
    status: Status
    week: str
    attempt: int = 0
    message_ids: tuple[int, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("posted", "already")


def _short(error: str) -> str:
    error = " ".join(error.split())
    return error if len(error) <= MAX_ERROR else error[: MAX_ERROR - 1] + "…"


class DigestPoster:
    """Posts the digest of a slot week at most once; see the module docstring."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        sender: Sender,
        translations: Translations,
        render: Render = render_album,
        max_attempts: int = MAX_ATTEMPTS,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.sender = sender
        self.translations = translations
        self.render = render
        self.max_attempts = max_attempts
        self.clock = clock
        self.pseudonyms = Pseudonyms.from_settings(settings)
        self.tz = ZoneInfo(settings.digest.digest_timezone)
        self._lock = asyncio.Lock()
        self._in_flight: set[int] = set()

    @property
    def channel(self) -> str:
        return self.settings.digest.channel_id.strip()

    async def post_week(self, week: str, now: datetime, *, force: bool = False) -> Outcome:
        """Post the digest of slot `week` unless it is posted, being posted, or given up on
        (`force`: try even after `max_attempts` failures — a person asked for it)."""
        if not self.channel:
            log.warning("CHANNEL_ID is not set: the digest for %s is not posted", week)
            return Outcome("no-channel", week)
        async with self._lock:
            claimed = await self._claim(week, now, force)
            if isinstance(claimed, Outcome):
                return claimed
            post_id, attempt = claimed
            self._in_flight.add(post_id)
            try:
                return await self._post(post_id, attempt, week, now)
            finally:
                self._in_flight.discard(post_id)

    async def _claim(self, week: str, now: datetime, force: bool) -> tuple[int, int] | Outcome:
        async with self.sessionmaker() as session:
            post = Post(
                channel=self.channel, iso_week=week, status=SENDING, attempts=1, created_at=now
            )
            session.add(post)
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
            else:
                return post.id, 1
            found = await session.scalar(
                select(Post).where(Post.channel == self.channel, Post.iso_week == week)
            )
            if found is None:
                return Outcome("busy", week)
            if found.status == POSTED:
                return Outcome("already", week, found.attempts, tuple(found.message_ids or ()))
            if found.status == SENDING:
                if found.id in self._in_flight or now - found.created_at < STALE_CLAIM:
                    return Outcome("busy", week, found.attempts)
                log.warning("taking over the digest for %s: attempt %d died", week, found.attempts)
            elif found.attempts >= self.max_attempts and not force:
                return Outcome("gave-up", week, found.attempts, error=found.error)
            post_id, status, attempts = found.id, found.status, found.attempts
            # Conditional on what we read: of two processes, exactly one wins the row.
            claimed = await session.execute(
                update(Post)
                .where(Post.id == post_id, Post.status == status, Post.attempts == attempts)
                .values(status=SENDING, attempts=attempts + 1, error=None)
                .execution_options(synchronize_session=False)
            )
            await session.commit()
            if getattr(claimed, "rowcount", 0) != 1:  # another process was quicker
                return Outcome("busy", week, attempts)
            return post_id, attempts + 1

    async def _post(self, post_id: int, attempt: int, week: str, now: datetime) -> Outcome:
        try:
            async with self.sessionmaker() as session:
                run = await self._run(session, post_id, week, now)
                rendered = await render_run(
                    session,
                    run,
                    settings=self.settings,
                    translations=self.translations,
                    week=reported_week(week),
                    render=self.render,
                )
        except Exception as error:
            log.exception("the digest for %s could not be prepared", week)
            return await self._failed(post_id, week, attempt, f"{type(error).__name__}: {error}")
        item = Outgoing(
            parse_chat_id(self.channel), rendered.caption, tuple(rendered.album), tag=post_id
        )
        result = await self.sender.send(item)
        if not result.ok:
            return await self._failed(post_id, week, attempt, result.error or result.status)
        async with self.sessionmaker() as session:
            await session.execute(
                update(Post)
                .where(Post.id == post_id)
                .values(
                    status=POSTED,
                    message_ids=list(result.message_ids),
                    posted_at=self.clock(),
                    error=None,
                )
            )
            await session.commit()
        log.info("digest for %s posted (%d photos)", week, len(rendered.album))
        return Outcome("posted", week, attempt, result.message_ids)

    async def _run(
        self, session: AsyncSession, post_id: int, week: str, now: datetime
    ) -> SnapshotRun:
        post = await session.get(Post, post_id)
        if post is not None and post.run_id is not None:
            run = await session.get(SnapshotRun, post.run_id)
            if run is not None:
                return run
        run = await take_week_run(session, self.settings, week, now)
        await session.execute(update(Post).where(Post.id == post_id).values(run_id=run.id))
        await session.commit()
        return run

    async def _failed(self, post_id: int, week: str, attempt: int, error: str) -> Outcome:
        async with self.sessionmaker() as session:
            await session.execute(
                update(Post).where(Post.id == post_id).values(status=FAILED, error=error[:2000])
            )
            await session.commit()
        last = attempt >= self.max_attempts
        log.error(
            "digest for %s failed (attempt %d of %d): %s", week, attempt, self.max_attempts, error
        )
        await self.tell_admins(
            "admin-digest-gave-up" if last else "admin-digest-failed",
            week=reported_week(week),
            attempt=attempt,
            attempts=self.max_attempts,
            error=html.escape(_short(error), quote=False),
        )
        return Outcome("failed", week, attempt, error=error)

    async def record_missed(self, week: str, scheduled: datetime) -> bool:
        """The scheduled time of `week` passed more than the grace period ago with no post
        (the bot was down): record that once, and tell the admins once. True if recorded now."""
        if not self.channel:
            return False
        async with self.sessionmaker() as session:
            session.add(
                Post(
                    channel=self.channel,
                    iso_week=week,
                    status=FAILED,
                    attempts=self.max_attempts,
                    error="missed: the bot was not running within the grace period",
                    created_at=self.clock(),
                )
            )
            try:
                await session.commit()
            except IntegrityError:
                return False
        local = scheduled.astimezone(self.tz)
        await self.tell_admins(
            "admin-digest-missed",
            week=reported_week(week),
            scheduled=local.strftime("%d.%m.%Y %H:%M"),
            hours=self.settings.digest.digest_grace_hours,
        )
        return True

    async def tell_admins(self, key: str, **args: Any) -> None:
        admins = list(self.settings.telegram.admin_ids)
        if not admins:
            log.warning("no ADMIN_IDS to tell: %s %s", key, args)
            return
        items = []
        async with self.sessionmaker() as session:
            users = Users(session, self.pseudonyms)
            for admin in admins:
                row = await users.get(admin)
                t = self.translations.get(row.language if row else None)
                local = {k: fmt_week(t, v) if k == "week" else v for k, v in args.items()}
                items.append(Outgoing(admin, t(key, **local), tag=admin))
        for result in await self.sender.send_all(items):
            if not result.ok:
                log.warning("could not tell admin %s: %s", result.chat_id, result.error)
