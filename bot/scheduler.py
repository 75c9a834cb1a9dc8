"""The in-process scheduler (APScheduler 3, asyncio): the weekly digest, its retries and
catch-up, the daily reminders to staff and the evidence expiry reminders.

Only one process runs it (DIGEST `SCHEDULER_ENABLED`). Jobs live in memory and are rebuilt at
every start with fixed ids, so a restart never duplicates them. What must survive a restart is
in the database: the `posts` row of each week (services.digest.content) and `users.last_nudge_at`.

- `digest.weekly`: DIGEST_CRON (standard crontab, 0 or 7 = Sunday) in DIGEST_TIMEZONE.
- `digest.due`: at start-up and every 30 minutes: posts the digest of the latest scheduled
  time if that was within DIGEST_GRACE_HOURS and the week has no post yet, or a failed one
  with attempts left. This is both the catch-up after downtime and the retry after a failure.
  A scheduled time that passed more than the grace period ago with no post is recorded as
  missed and the admins are told, once. A week whose send has no known result (`unknown`)
  or with nothing to say (`skipped`) is never retried here (handlers.digest.post).
- `nudges.daily` and `evidence.expiry`: NUDGE_CRON.
- `retention.purge`: daily at PURGE_CRON (03:30): answers older than RETENTION_DAYS, and the
  delivery logs of news finished over 30 days ago (services.retention).
- `updates.prune`: hourly: finished update claims older than 3 days (services.updates).
- `roadmap.remind`: NUDGE_CRON: the journey-pilot roadmap's deadlines and meetings
  (handlers.roadmap.reminders), at most one message per person a day.
- `evidence.notify`: every 15 minutes, experts with new evidence waiting are told, at most
  once per EVIDENCE_NOTIFY_HOURS (`people.review_notified_at`).
- `tickets.overdue` (every 10 minutes) and `tickets.comments` (COMMENTS_SUMMARY_CRON):
  questions past their service level, and last week's comments (handlers.tickets.jobs).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translations
from bot.sender import Outgoing, Sender
from handlers.digest.nudges import due_nudges, mark_nudged, nudge_markup, nudge_text
from handlers.digest.post import DigestPoster, Outcome
from handlers.evidence.notices import review_notice
from handlers.roadmap.reminders import send_roadmap_reminders
from handlers.tickets.jobs import TicketJobs
from services import updates
from services.digest.content import iso_week
from services.digest.cron import cron_trigger, last_fire
from services.evidence.review_notify import due_review_notices, mark_notified
from services.privacy import Pseudonyms
from services.retention import purge_delivery_logs, purge_expired
from storage.models import Post, utcnow

log = logging.getLogger(__name__)

JOB_DIGEST = "digest.weekly"
JOB_DUE = "digest.due"
JOB_NUDGES = "nudges.daily"
JOB_EXPIRY = "evidence.expiry"
JOB_PURGE = "retention.purge"
JOB_PRUNE = "updates.prune"
PURGE_CRON = "30 3 * * *"  # daily, at night in DIGEST_TIMEZONE
PRUNE_EVERY = timedelta(hours=1)
JOB_REVIEW = "evidence.notify"
JOB_ROADMAP = "roadmap.remind"
REVIEW_EVERY = timedelta(minutes=15)
JOB_PRACTICES = "practices.due"
JOB_TICKETS = "tickets.overdue"
TICKETS_EVERY = timedelta(minutes=10)
JOB_COMMENTS = "tickets.comments"
DUE_EVERY = timedelta(minutes=30)
# A missed posting time older than this is not even reported (a bot switched off for a month).
MISSED_LOOKBACK = timedelta(days=8)


class Jobs:
    """The scheduler's job functions, callable directly (tests, the catch-up)."""

    def __init__(
        self,
        *,
        settings: Settings,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        translations: Translations,
        sender: Sender,
        pseudonyms: Pseudonyms,
        poster: DigestPoster | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.translations = translations
        self.clock = clock
        # The process's one Pseudonyms and one Sender (bot.factory, handed over by bot.app).
        self.pseudonyms = pseudonyms
        self.sender = sender.bind(bot)
        self.poster = poster or DigestPoster(
            settings=settings,
            sessionmaker=sessionmaker,
            sender=self.sender,
            translations=translations,
            clock=clock,
            pseudonyms=pseudonyms,
        )
        self.tz = ZoneInfo(settings.digest.digest_timezone)
        self.digest_trigger = cron_trigger(settings.digest.digest_cron, self.tz)
        self.nudge_trigger = cron_trigger(settings.digest.nudge_cron, self.tz)
        self.purge_trigger = cron_trigger(PURGE_CRON, self.tz)
        self.grace = timedelta(hours=settings.digest.digest_grace_hours)
        self.comments_trigger = cron_trigger(settings.tickets.comments_summary_cron, self.tz)
        self.tickets = TicketJobs(
            settings=settings, bot=bot, sessionmaker=sessionmaker, translations=translations,
            sender=self.sender, pseudonyms=self.pseudonyms, clock=clock,
        )  # fmt: skip

    # --- the digest -----------------------------------------------------------------------

    async def digest_due(self, *, report_missed: bool = False) -> Outcome | None:
        """Post the digest of the latest scheduled time if it is within the grace period and
        not posted yet (first try, catch-up after downtime, or a retry after a failure)."""
        if not self.poster.channel:
            return None  # no CHANNEL_ID: said once at start-up, not every half hour
        now = self.clock()
        scheduled = last_fire(self.digest_trigger, now, max(self.grace, MISSED_LOOKBACK))
        if scheduled is None:
            return None
        week = iso_week(scheduled, self.tz)
        if now - scheduled > self.grace:
            if report_missed and await self._missed(week):
                await self.poster.record_missed(week, scheduled)
            return None
        outcome = await self.poster.post_week(week, now)
        if outcome.status not in ("already", "busy", "unknown", "skipped"):
            log.info("digest %s: %s (attempt %d)", week, outcome.status, outcome.attempt)
        return outcome

    async def _missed(self, week: str) -> bool:
        """No row for the week, while earlier weeks were posted (a fresh installation has
        missed nothing)."""
        key = await self.poster.channel_key()
        if key is None:
            return False
        async with self.sessionmaker() as session:
            weeks = set(
                await session.scalars(
                    select(Post.iso_week).where(Post.channel == key, Post.iso_week <= week)
                )
            )
        return week not in weeks and bool(weeks)

    async def catch_up(self) -> Outcome | None:
        """At start-up: post a digest the bot was down for (within the grace period)."""
        outcome = await self.digest_due(report_missed=True)
        if outcome is None:
            log.info("catch-up: no digest due")
        else:
            log.info("catch-up: digest for %s %s", outcome.week, outcome.status)
        return outcome

    # --- reminders ------------------------------------------------------------------------

    async def nudges(self) -> int:
        """Remind staff whose centre is behind; returns how many were reminded."""
        now = self.clock()
        m = self.settings.scoring.load()
        async with self.sessionmaker() as session:
            due = await due_nudges(
                session,
                m,
                self.settings.scoring.rules(m),
                self.pseudonyms,
                now,
                window_days=self.settings.scoring.rating_window_days,
            )
        if not due:
            return 0
        items = []
        for nudge in due:
            t = self.translations.get(nudge.language)
            text = nudge_text(t, nudge, days=self.settings.scoring.rating_window_days)
            items.append(
                Outgoing(nudge.user_id, text, reply_markup=nudge_markup(t, off=False), tag=nudge)
            )
        results = await self.sender.send_all(items)
        delivered = [r.item.chat_id for r in results if r.ok]
        async with self.sessionmaker() as session:
            await mark_nudged(session, self.pseudonyms, [int(c) for c in delivered], now)
            await session.commit()
        log.info("reminders: %d sent of %d due", len(delivered), len(due))
        return len(delivered)

    async def evidence_expiry(self) -> int:
        """Tell staff that accepted evidence stops counting soon (services.evidence.expiry)."""
        try:
            from services.evidence.expiry import ExpiryReminder, expiry_reminders
        except ImportError:  # the evidence feature is not there: nothing to remind about
            return 0
        if not self.translations.get("ru").has(ExpiryReminder.key):
            log.error("no %s message in the locales: expiry reminders not sent", ExpiryReminder.key)
            return 0
        now = self.clock()
        m = self.settings.scoring.load()
        async with self.sessionmaker() as session:
            reminders = await expiry_reminders(
                session,
                now,
                validity_days=m.evidence_validity_days,
                reminder_days=self.settings.evidence.expiry_reminder_days,
                pseudonyms=self.pseudonyms,
            )
            items = [
                Outgoing(
                    r.user_id,
                    self.translations.get(r.language)(r.key, **r.args()),
                    tag=r.evidence_id,
                )
                for r in reminders
            ]
            # Marked as reminded before sending: a crash re-sends nothing (at most once).
            await session.commit()
        results = await self.sender.send_all(items)
        return sum(1 for r in results if r.ok)

    async def roadmap_reminders(self) -> int:
        """Deadlines and meetings of the pilots' roadmaps (services.roadmap.reminders)."""
        return await send_roadmap_reminders(
            sessionmaker=self.sessionmaker, sender=self.sender, translations=self.translations,
            pseudonyms=self.pseudonyms, now=self.clock(),
            before_days=self.settings.digest.roadmap_reminder_days,
        )  # fmt: skip

    # --- retention ------------------------------------------------------------------------

    async def purge(self) -> tuple[int, int]:
        """Delete answers past RETENTION_DAYS and old delivery logs; (questionnaires, logs)."""
        now = self.clock()
        async with self.sessionmaker() as session:
            removed = await purge_expired(session, self.settings.survey.retention_days, now)
            logs = await purge_delivery_logs(session, now)
            await session.commit()
        log.info("retention: %d questionnaires and %d delivery log rows deleted", removed, logs)
        return removed, logs

    async def prune_updates(self) -> int:
        """Forget finished update claims too old to meet a redelivered copy."""
        async with self.sessionmaker() as session:
            return await updates.prune_finished(session, self.clock())

    async def review_notices(self) -> int:
        """Tell experts how much evidence and how many practices wait for them
        (services.evidence.review_notify)."""
        now = self.clock()
        every = timedelta(hours=self.settings.evidence.evidence_notify_hours)
        async with self.sessionmaker() as session:
            due = await due_review_notices(session, now, every, self.pseudonyms)
        if not due:
            return 0
        items = []
        for notice in due:
            t = self.translations.get(notice.language)
            text, markup = review_notice(t, notice)
            items.append(Outgoing(notice.user_id, text, reply_markup=markup))
        results = await self.sender.send_all(items)
        # A blocked expert is marked too: no retry every 15 minutes; a failure is retried.
        done = [int(r.item.chat_id) for r in results if r.status != "failed"]
        async with self.sessionmaker() as session:
            await mark_notified(session, done, now)
            await session.commit()
        log.info("review notices: %d sent of %d due", sum(r.ok for r in results), len(due))
        return sum(1 for r in results if r.ok)

    # --- the practice base ------------------------------------------------------------------

    async def practices_due(self) -> None:
        """Accepted practices not in the channel yet (a restart, a failure), then the practice
        of the week once the week's digest is posted (handlers.practices.publish)."""
        from handlers.practices import publish

        deps: dict[str, Any] = {
            "sessionmaker": self.sessionmaker,
            "settings": self.settings,
            "translations": self.translations,
            "sender": self.sender,
        }
        await publish.publish_due(bot=self.bot, now=self.clock(), **deps)
        await publish.practice_of_week(now=self.clock(), **deps)


class Scheduler:
    """What `start_scheduler` returns: the running APScheduler and the jobs."""

    def __init__(self, scheduler: AsyncIOScheduler, jobs: Jobs) -> None:
        self.scheduler = scheduler
        self.jobs = jobs

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)


def build_scheduler(jobs: Jobs, *, run_catch_up: bool = True) -> AsyncIOScheduler:
    """The jobs with fixed ids (re-adding replaces them), in the digest's time zone."""
    scheduler = AsyncIOScheduler(timezone=jobs.tz)
    common: dict[str, Any] = {"replace_existing": True, "coalesce": True, "max_instances": 1}
    grace = int(jobs.grace.total_seconds())
    scheduler.add_job(
        jobs.digest_due, jobs.digest_trigger, id=JOB_DIGEST, misfire_grace_time=grace, **common
    )
    due: dict[str, Any] = {"misfire_grace_time": int(DUE_EVERY.total_seconds())}
    if run_catch_up:
        due["next_run_time"] = jobs.clock()
    scheduler.add_job(
        _catch_up_then_due(jobs), IntervalTrigger(minutes=30, timezone=jobs.tz), id=JOB_DUE,
        **due, **common,
    )  # fmt: skip
    scheduler.add_job(
        jobs.nudges, jobs.nudge_trigger, id=JOB_NUDGES, misfire_grace_time=3600, **common
    )
    scheduler.add_job(
        jobs.evidence_expiry,
        jobs.nudge_trigger,
        id=JOB_EXPIRY,
        misfire_grace_time=3600,
        **common,
    )
    scheduler.add_job(
        jobs.roadmap_reminders, jobs.nudge_trigger, id=JOB_ROADMAP, misfire_grace_time=3600,
        **common,
    )  # fmt: skip
    scheduler.add_job(
        jobs.purge, jobs.purge_trigger, id=JOB_PURGE, misfire_grace_time=6 * 3600, **common
    )
    every = int(PRUNE_EVERY.total_seconds())
    scheduler.add_job(
        jobs.prune_updates,
        IntervalTrigger(seconds=every, timezone=jobs.tz),
        id=JOB_PRUNE,
        misfire_grace_time=every,
        **common,
    )
    scheduler.add_job(
        jobs.review_notices,
        IntervalTrigger(minutes=int(REVIEW_EVERY.total_seconds() // 60), timezone=jobs.tz),
        id=JOB_REVIEW,
        misfire_grace_time=int(REVIEW_EVERY.total_seconds()),
        **common,
    )
    first = {"next_run_time": jobs.clock()} if run_catch_up else {}
    scheduler.add_job(
        jobs.practices_due, IntervalTrigger(minutes=30, timezone=jobs.tz), id=JOB_PRACTICES,
        **first, **common,
    )  # fmt: skip
    tickets_every = int(TICKETS_EVERY.total_seconds())
    scheduler.add_job(
        jobs.tickets.overdue, IntervalTrigger(seconds=tickets_every, timezone=jobs.tz),
        id=JOB_TICKETS, misfire_grace_time=tickets_every, **common,
    )  # fmt: skip
    scheduler.add_job(
        jobs.tickets.comments, jobs.comments_trigger, id=JOB_COMMENTS, misfire_grace_time=6 * 3600,
        **common,
    )  # fmt: skip
    return scheduler


def _catch_up_then_due(jobs: Jobs) -> Callable[[], Any]:
    """The first run (at start-up) also reports a week missed beyond the grace period."""
    first = True

    async def run() -> None:
        nonlocal first
        if first:
            first = False
            await jobs.catch_up()
        else:
            await jobs.digest_due()

    return run


async def start_scheduler(**deps: Any) -> Scheduler:
    """Start the jobs (called by bot.app.serve with settings=, bot=, sessionmaker=,
    translations=, sender=, pseudonyms=); returns an object with `shutdown()`."""
    jobs = Jobs(**deps)
    scheduler = build_scheduler(jobs)
    scheduler.start()
    log.info(
        "scheduler: digest %r, reminders %r (%s); channel %s",
        jobs.settings.digest.digest_cron,
        jobs.settings.digest.nudge_cron,
        jobs.tz.key,
        jobs.settings.digest.channel_id or "not set",
    )
    if not jobs.poster.channel:
        log.warning("CHANNEL_ID is not set: the weekly digest will not be posted")
    return Scheduler(scheduler, jobs)
