"""Posting the weekly digest at most once per ISO week (see services.digest.content for weeks,
runs and the album; services.digest.rules for when there is nothing to post).

The `posts` table holds one row per (channel id, slot week); the channel is CHANNEL_ID resolved
to its numeric id (handlers.digest.channel). An attempt goes through these states, each
committed on its own before the next step (services.digest.posts writes them):

    pending  the week is claimed (the unique row); the run is taken and the album rendered.
             Nothing has been sent: an attempt that died here is taken over after STALE_CLAIM.
    sending  committed right before the album's Bot API call: from then on Telegram may have it.
    posted   Telegram answered with the message ids.
    failed   refused before anything was accepted (a 4xx, flood control given up on, a render
             error): retried by the scheduler, at most MAX_ATTEMPTS times in all.
    unknown  a send with no result: a timeout, a dropped connection or a 5xx after the request
             went out, or a `sending` row found by a process that is not sending it (a kill).
             Never retried by itself: the admins are told once, and only
             `python -m bot digest --force` posts again, after a person checked the channel.
    skipped  nothing true to say (the country below DIGEST_MIN_QUESTIONNAIRES): the admins are
             told once, the week is not tried again by itself.

`manual` (a person ran `python -m bot digest`) also retries a week given up on or skipped;
`force` also one in `unknown` (or `sending`) state. Nothing posts a `posted` week again.
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
from bot.sender import Outgoing, Sender
from handlers.digest.channel import Channel, ChannelUnavailable
from handlers.digest.notices import AdminNotices
from services.digest.content import (
    Render,
    digest_of_run,
    render_album,
    render_digest,
    reported_week,
)
from services.digest.posts import (
    FAILED,
    PENDING,
    POSTED,
    SENDING,
    SKIPPED,
    UNKNOWN,
    PostLedger,
    mark_dead_send,
    week_run,
)
from services.digest.rules import Skip, nothing_to_say
from services.privacy import Pseudonyms
from storage.models import Post, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A `pending` row this old, not being prepared by this process, is an attempt that died
# before sending anything: it may be taken over.
STALE_CLAIM = timedelta(minutes=15)
MAX_ERROR = 300  # characters of an error quoted to admins


Status = Literal[
    "posted", "already", "busy", "failed", "gave-up", "no-channel", "missed", "unknown", "skipped"
]


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
        pseudonyms: Pseudonyms | None = None,  # the process's one (bot.factory); tests: None
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.sender = sender
        self.translations = translations
        self.render = render
        self.max_attempts = max_attempts
        self.clock = clock
        self.pseudonyms = pseudonyms or Pseudonyms.from_settings(settings)
        self.tz = ZoneInfo(settings.digest.digest_timezone)
        self.ledger = PostLedger(sessionmaker, clock)
        self.resolver = Channel(sender.bot, self.channel, sessionmaker)
        self.notices = AdminNotices(
            admins=list(settings.telegram.admin_ids),
            sessionmaker=sessionmaker,
            sender=sender,
            translations=translations,
            pseudonyms=self.pseudonyms,
        )
        self._lock = asyncio.Lock()
        self._in_flight: set[int] = set()
        self._told_unresolved: set[str] = set()

    @property
    def channel(self) -> str:
        return self.settings.digest.channel_id.strip()

    async def channel_key(self) -> str | None:
        """The channel's numeric id (the `posts.channel` key); None if it cannot be resolved."""
        if not self.channel:
            return None
        try:
            return await self.resolver.key()
        except ChannelUnavailable as error:
            log.warning("CHANNEL_ID %s cannot be resolved: %s", self.channel, error)
            return None

    async def post_week(
        self, week: str, now: datetime, *, manual: bool = False, force: bool = False
    ) -> Outcome:
        """Post the digest of slot `week` unless it is posted, being posted, unknown, skipped
        or given up on (`manual`, `force`: see the module docstring)."""
        if not self.channel:
            log.warning("CHANNEL_ID is not set: the digest for %s is not posted", week)
            return Outcome("no-channel", week)
        try:
            key = await self.resolver.key()
        except ChannelUnavailable as error:
            return await self._unresolved(week, str(error))
        async with self._lock:
            claimed = await self._claim(key, week, now, manual or force, force)
            if isinstance(claimed, Outcome):
                return claimed
            post_id, attempt = claimed
            self._in_flight.add(post_id)
            try:
                return await self._post(key, post_id, attempt, week, now)
            finally:
                self._in_flight.discard(post_id)

    async def _claim(
        self, key: str, week: str, now: datetime, manual: bool, force: bool
    ) -> tuple[int, int] | Outcome:
        async with self.sessionmaker() as session:
            post = Post(
                channel=key,
                iso_week=week,
                status=PENDING,
                attempts=1,
                created_at=now,
                claimed_at=now,
            )
            session.add(post)
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
            else:
                return post.id, 1
            found = await session.scalar(
                select(Post).where(Post.channel == key, Post.iso_week == week)
            )
            if found is None:
                return Outcome("busy", week)
            status, attempts = found.status, found.attempts
            if status == POSTED:
                return Outcome("already", week, attempts, tuple(found.message_ids or ()))
            if found.id in self._in_flight:
                return Outcome("busy", week, attempts)
            if status == PENDING:
                if now - (found.claimed_at or found.created_at) < STALE_CLAIM:
                    return Outcome("busy", week, attempts)
                log.warning("taking over the digest for %s: attempt %d died", week, attempts)
            elif status in (SENDING, UNKNOWN) and not force:
                if status == SENDING:
                    await self._found_sending(session, found, week)
                return Outcome("unknown", week, attempts, error=found.error)
            elif status == SKIPPED and not manual:
                return Outcome("skipped", week, attempts, error=found.error)
            elif status == FAILED and attempts >= self.max_attempts and not manual:
                return Outcome("gave-up", week, attempts, error=found.error)
            values: dict[str, Any] = {
                "status": PENDING,
                "attempts": attempts + 1,
                "error": None,
                "claimed_at": now,
                "send_started_at": None,
            }
            if status == SKIPPED:
                values["run_id"] = None  # judge the week's latest run again
            # Conditional on what we read: of two processes, exactly one wins the row.
            claimed = await session.execute(
                update(Post)
                .where(Post.id == found.id, Post.status == status, Post.attempts == attempts)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            await session.commit()
            if getattr(claimed, "rowcount", 0) != 1:  # another process was quicker
                return Outcome("busy", week, attempts)
            if force and status in (SENDING, UNKNOWN):
                log.warning("digest for %s: posting again by hand (--force)", week)
            return found.id, attempts + 1

    async def _found_sending(self, session: AsyncSession, found: Post, week: str) -> None:
        """A send started and has no result, and this process is not sending it: it died
        between the Bot API call and recording the answer. Mark it unknown; tell the admins
        once (whoever wins the conditional update)."""
        if await mark_dead_send(session, found):
            log.error("digest for %s: a send started with no recorded result", week)
            await self._tell_unknown(week, found.send_started_at, "—")

    async def _post(
        self, key: str, post_id: int, attempt: int, week: str, now: datetime
    ) -> Outcome:
        try:
            async with self.sessionmaker() as session:
                run = await week_run(session, self.settings, post_id, week, now)
                digest = await digest_of_run(
                    session,
                    run,
                    settings=self.settings,
                    translations=self.translations,
                    week=reported_week(week),
                )
            skip = nothing_to_say(digest, self.settings.digest.digest_min_questionnaires)
            if skip is not None:
                return await self._skipped(post_id, week, attempt, skip)
            rendered = await render_digest(run, digest, self.translations, self.render)
        except Exception as error:
            log.exception("the digest for %s could not be prepared", week)
            return await self._failed(post_id, week, attempt, f"{type(error).__name__}: {error}")
        if not await self.ledger.mark_sending(post_id, attempt):
            return Outcome("busy", week, attempt)
        item = Outgoing(int(key), rendered.caption, tuple(rendered.album), tag=post_id)
        result = await self.sender.send(item)  # bot.retry never repeats an ambiguous send
        if result.ok:
            await self._posted(post_id, result.message_ids)
            log.info("digest for %s posted (%d photos)", week, len(rendered.album))
            return Outcome("posted", week, attempt, result.message_ids)
        reason = result.error or result.status
        if result.uncertain:
            return await self._unknown(post_id, week, attempt, reason)
        return await self._failed(post_id, week, attempt, reason)

    async def _posted(self, post_id: int, message_ids: tuple[int, ...]) -> None:
        # Its own step: where a kill between Telegram's answer and the record is simulated.
        await self.ledger.mark_posted(post_id, message_ids)

    async def _failed(self, post_id: int, week: str, attempt: int, error: str) -> Outcome:
        await self.ledger.set_status(post_id, FAILED, error)
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

    async def _unknown(self, post_id: int, week: str, attempt: int, error: str) -> Outcome:
        await self.ledger.set_status(post_id, UNKNOWN, error)
        log.error("digest for %s: sent, no answer (%s); not retried by itself", week, error)
        await self._tell_unknown(week, await self.ledger.send_started_at(post_id), error)
        return Outcome("unknown", week, attempt, error=error)

    async def _tell_unknown(self, week: str, started: datetime | None, error: str) -> None:
        when = (started or self.clock()).astimezone(self.tz).strftime("%d.%m.%Y %H:%M:%S")
        await self.tell_admins(
            "admin-digest-unknown",
            week=reported_week(week),
            started=when,
            error=html.escape(_short(error), quote=False),
        )

    async def _skipped(self, post_id: int, week: str, attempt: int, skip: Skip) -> Outcome:
        await self.ledger.set_status(post_id, SKIPPED, skip.describe())
        log.warning("digest for %s not posted: %s", week, skip.describe())
        await self.tell_admins(
            "admin-digest-skipped",
            week=reported_week(week),
            reason=skip.reason,
            count=skip.questionnaires,
            minimum=skip.minimum,
            days=self.settings.scoring.rating_window_days,
        )
        return Outcome("skipped", week, attempt, error=skip.describe())

    async def _unresolved(self, week: str, error: str) -> Outcome:
        """CHANNEL_ID cannot be resolved: nothing is claimed (there is no key to claim it
        under); the admins hear of it once per process and week, the scheduler tries again."""
        log.error("digest for %s: CHANNEL_ID %s cannot be resolved: %s", week, self.channel, error)
        if week not in self._told_unresolved:
            self._told_unresolved.add(week)
            await self.tell_admins(
                "admin-digest-channel",
                week=reported_week(week),
                channel=html.escape(self.channel, quote=False),
                error=html.escape(_short(error), quote=False),
            )
        return Outcome("failed", week, error=error)

    async def record_missed(self, week: str, scheduled: datetime) -> bool:
        """The scheduled time of `week` passed more than the grace period ago with no post
        (the bot was down): record that once, and tell the admins once. True if recorded now."""
        key = await self.channel_key()
        if key is None:
            return False
        if not await self.ledger.record_missed(key, week, self.max_attempts):
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
        await self.notices.tell(key, **args)
