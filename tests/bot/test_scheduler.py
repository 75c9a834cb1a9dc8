"""The scheduler: cron in the digest's time zone, fixed job ids, the catch-up after downtime,
retries, and the daily reminders to staff (at most once a week, with an opt-out)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import GetChat, SendMediaGroup, SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import blocked_marker, create_sender
from bot.i18n import Translations
from bot.scheduler import (
    JOB_COMMENTS,
    JOB_DIGEST,
    JOB_DUE,
    JOB_EXPIRY,
    JOB_NUDGES,
    JOB_PRACTICES,
    JOB_PRUNE,
    JOB_PURGE,
    JOB_REVIEW,
    JOB_ROADMAP,
    JOB_TICKETS,
    Jobs,
    build_scheduler,
    start_scheduler,
)
from bot.sender import Sender
from handlers.digest.nudges import NudgeCb, set_nudges
from handlers.digest.post import DigestPoster
from services.digest.cron import cron_trigger, last_fire
from services.evidence.checklist_sync import sync_checklist
from services.privacy import Pseudonyms
from services.team.roles import STAFF, Roles
from services.users import Users
from storage.models import Evidence, ObjectiveIndicator, Post, Questionnaire, Requirement, User
from tests.bot.test_sender import AlbumSession, FakeClock
from tests.digest import test_digest as shared
from tests.digest.test_digest import ADMIN, CHANNEL, NOW, digest_settings, tiny_album

pytestmark = pytest.mark.backends("sqlite", "postgresql")

SM = async_sessionmaker[AsyncSession]
MSK = ZoneInfo("Europe/Moscow")
PSEUDONYMS = Pseudonyms("test-secret")

# The digest tests' fixtures: settings with a channel and an admin, and four weeks of data.
settings = shared.settings
sessionmaker = shared.sessionmaker
data = shared.data


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Rig:
    """Jobs over a recording Bot API session; `restart()` is a new process, same database."""

    def __init__(
        self,
        settings: Settings,
        sessionmaker: SM,
        now: datetime,
        translations: Translations | None = None,
    ) -> None:
        self.settings, self.sessionmaker = settings, sessionmaker
        self.translations = translations or Translations()
        self.clock = Clock(now)
        self.fake = FakeClock()
        self.api = AlbumSession(clock=self.fake)
        self.bot = Bot("42:TEST", session=self.api)
        self.jobs = self._jobs()

    def _jobs(self) -> Jobs:
        sender = Sender(
            self.bot,
            clock=self.fake,
            sleep=self.fake.sleep,
            on_blocked=blocked_marker(self.sessionmaker, PSEUDONYMS),
        )
        poster = DigestPoster(
            settings=self.settings,
            sessionmaker=self.sessionmaker,
            sender=sender,
            translations=self.translations,
            render=tiny_album,
            clock=self.clock,
        )
        return Jobs(
            settings=self.settings,
            bot=self.bot,
            sessionmaker=self.sessionmaker,
            translations=self.translations,
            sender=sender,
            pseudonyms=PSEUDONYMS,
            poster=poster,
            clock=self.clock,
        )

    def restart(self, now: datetime) -> Rig:
        other = Rig(self.settings, self.sessionmaker, now, self.translations)
        other.api = self.api  # one Telegram for both processes
        other.bot = Bot("42:TEST", session=self.api)
        other.jobs = other._jobs()
        return other

    def albums(self) -> list[SendMediaGroup]:
        return [m for _, m in self.api.sent if isinstance(m, SendMediaGroup)]

    def texts(self, chat_id: int) -> list[SendMessage]:
        return [m for _, m in self.api.sent if isinstance(m, SendMessage) and m.chat_id == chat_id]


def moscow(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=MSK).astimezone(UTC)


# --- cron -------------------------------------------------------------------------------------


def test_cron_reads_a_standard_crontab_in_the_digest_time_zone() -> None:
    sunday = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    monday = cron_trigger("0 10 * * mon", MSK).get_next_fire_time(None, sunday)
    assert monday == datetime(2026, 11, 23, 10, 0, tzinfo=MSK)
    assert monday.astimezone(UTC).hour == 7
    # Numbers as in cron: 1 is Monday, 0 and 7 are Sunday (APScheduler alone reads 0 as Monday).
    assert cron_trigger("0 10 * * 1", MSK).get_next_fire_time(None, sunday) == monday
    for sunday_expr in ("0 10 * * 0", "0 10 * * 7"):
        fire = cron_trigger(sunday_expr, MSK).get_next_fire_time(None, sunday - timedelta(days=1))
        assert fire is not None and fire.weekday() == 6
    weekdays = cron_trigger("30 9 * * 1-5", MSK).get_next_fire_time(None, sunday)
    assert weekdays == datetime(2026, 11, 23, 9, 30, tzinfo=MSK)
    assert cron_trigger("*/15 * * * *", MSK).get_next_fire_time(None, sunday) == sunday
    with pytest.raises(ValueError):
        cron_trigger("0 10 * *", MSK)


def test_last_fire() -> None:
    trigger = cron_trigger("0 10 * * mon", MSK)
    wednesday = moscow(25, 15)
    assert last_fire(trigger, wednesday, timedelta(days=8)) == moscow(23, 10)
    assert last_fire(trigger, moscow(23, 10), timedelta(days=1)) == moscow(23, 10)
    assert last_fire(trigger, wednesday, timedelta(days=1)) is None


async def test_jobs_have_fixed_ids(settings: Settings, sessionmaker: SM) -> None:
    rig = Rig(settings, sessionmaker, NOW)
    scheduler = build_scheduler(rig.jobs, run_catch_up=False)
    scheduler.start(paused=True)
    try:
        # Rebuilding with the same ids replaces the jobs instead of adding twins.
        scheduler.add_job(
            rig.jobs.nudges, rig.jobs.nudge_trigger, id=JOB_NUDGES, replace_existing=True
        )
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {
            JOB_DIGEST,
            JOB_DUE,
            JOB_NUDGES,
            JOB_EXPIRY,
            JOB_PURGE,
            JOB_PRUNE,
            JOB_REVIEW,
            JOB_PRACTICES,
            JOB_TICKETS,
            JOB_COMMENTS,
            JOB_ROADMAP,
        }
        assert jobs[JOB_DIGEST].func == rig.jobs.digest_due
        assert str(jobs[JOB_DIGEST].trigger.timezone) == "Europe/Moscow"
    finally:
        scheduler.shutdown(wait=False)


async def test_start_scheduler_returns_something_to_shut_down(
    database_url: str, sessionmaker: SM
) -> None:
    settings = digest_settings(database_url, channel_id="")
    bot = Bot("42:TEST", session=AlbumSession())
    running = await start_scheduler(
        settings=settings,
        bot=bot,
        sessionmaker=sessionmaker,
        translations=Translations(),
        sender=create_sender(bot, sessionmaker, PSEUDONYMS),
        pseudonyms=PSEUDONYMS,
    )
    try:
        assert running.scheduler.running
        assert {job.id for job in running.scheduler.get_jobs()} == {
            JOB_DIGEST,
            JOB_DUE,
            JOB_NUDGES,
            JOB_EXPIRY,
            JOB_PURGE,
            JOB_PRUNE,
            JOB_REVIEW,
            JOB_PRACTICES,
            JOB_TICKETS,
            JOB_COMMENTS,
            JOB_ROADMAP,
        }
        await asyncio.sleep(0.3)  # the catch-up ran: no channel, so nothing posted
    finally:
        running.shutdown()
        await asyncio.sleep(0)
    assert not running.scheduler.running


# --- the digest: on time, after downtime, retries ---------------------------------------------


async def test_on_time_and_a_second_run(settings: Settings, sessionmaker: SM, data: Any) -> None:
    rig = Rig(settings, sessionmaker, moscow(23, 10))
    assert (await rig.jobs.digest_due()).status == "posted"  # type: ignore[union-attr]
    rig.clock.now = moscow(23, 10, 30)
    assert (await rig.jobs.digest_due()).status == "already"  # type: ignore[union-attr]
    assert len(rig.albums()) == 1


async def test_a_restart_after_a_missed_monday_posts_once(
    settings: Settings, sessionmaker: SM, data: Any
) -> None:
    # Before Monday 10:00 nothing is due: last week's time is past the grace period, and a
    # fresh installation has missed nothing, so nobody is told either.
    early = Rig(settings, sessionmaker, moscow(23, 9))
    assert await early.jobs.catch_up() is None
    assert not [m for _, m in early.api.sent if not isinstance(m, GetChat)]  # nothing sent
    # The bot was down at 10:00 and comes back on Tuesday.
    tuesday = early.restart(moscow(24, 12))
    outcome = await tuesday.jobs.catch_up()
    assert outcome is not None and outcome.status == "posted" and outcome.week == "2026-W48"
    again = tuesday.restart(moscow(24, 12, 5))
    assert (await again.jobs.catch_up()).status == "already"  # type: ignore[union-attr]
    assert len(again.albums()) == 1
    caption = again.albums()[0].media[0].caption or ""
    assert "47-я неделя 2026" in caption


async def test_beyond_the_grace_period_admins_are_told_once(
    settings: Settings, sessionmaker: SM, data: Any
) -> None:
    last_week = Rig(settings, sessionmaker, moscow(16, 10))
    assert (await last_week.jobs.digest_due()).status == "posted"  # type: ignore[union-attr]
    thursday = last_week.restart(moscow(26, 11))  # 73 hours after Monday 10:00
    assert await thursday.jobs.catch_up() is None
    assert len(thursday.albums()) == 1  # only last week's
    (notice,) = thursday.texts(ADMIN)
    assert "47-я неделя 2026" in (notice.text or "") and "72 ч" in (notice.text or "")
    async with sessionmaker() as session:
        post = await session.scalar(select(Post).where(Post.iso_week == "2026-W48"))
        assert post is not None and post.status == "failed"
        assert post.error and post.error.startswith("missed")
    later = thursday.restart(moscow(26, 12))
    assert await later.jobs.catch_up() is None
    assert len(later.texts(ADMIN)) == 1  # told once, not at every start
    # `python -m bot digest` still posts it when a person decides to.
    forced = await later.jobs.poster.post_week("2026-W48", moscow(26, 12), force=True)
    assert forced.status == "posted"


async def test_a_failed_post_is_retried_by_the_due_job(
    settings: Settings, sessionmaker: SM, data: Any
) -> None:
    rig = Rig(settings, sessionmaker, moscow(23, 10))
    album = SendMediaGroup(chat_id=CHANNEL, media=[])
    rig.api.fail_next("SendMediaGroup", TelegramBadRequest(album, "chat not found"))
    assert (await rig.jobs.digest_due()).status == "failed"  # type: ignore[union-attr]
    assert len(rig.texts(ADMIN)) == 1
    rig.clock.now = moscow(23, 10, 30)
    assert (await rig.jobs.digest_due()).status == "posted"  # type: ignore[union-attr]
    rig.clock.now = moscow(23, 11)
    assert (await rig.jobs.digest_due()).status == "already"  # type: ignore[union-attr]


# --- reminders to staff -----------------------------------------------------------------------


async def add_questionnaires(
    session: AsyncSession, centre: str, count: int, employers: int, when: datetime
) -> None:
    for n in range(count):
        session.add(
            Questionnaire(
                centre_code=centre,
                audience="employer" if n < employers else "seeker",
                respondent_key=f"{centre}-{n}",
                methodology="star-2023",
                started_at=when - timedelta(minutes=10),
                completed_at=when,
            )
        )


@pytest.fixture
async def staff(sessionmaker: SM, centres: None) -> None:
    async with sessionmaker() as session:
        roles = Roles(session)
        await roles.grant(5001, STAFF, "77-cao", by=1)  # no answers at all
        await roles.grant(5002, STAFF, "77-sao", by=1)  # a full sample, nothing to prove
        await roles.grant(5003, STAFF, "16-kazan-1", by=1)  # a full sample, evidence missing
        await roles.grant(5003, STAFF, "77-cao", by=1)
        await add_questionnaires(session, "77-sao", 110, 25, NOW - timedelta(days=5))
        await add_questionnaires(session, "16-kazan-1", 120, 30, NOW - timedelta(days=5))
        await sync_checklist(session)
        session.add(ObjectiveIndicator(region_code="16", indicator="K1"))
        await session.commit()
        await Users(session, PSEUDONYMS).set_language(5003, "en")


async def test_staff_are_reminded_at_most_once_a_week(
    settings: Settings, sessionmaker: SM, staff: None
) -> None:
    rig = Rig(settings, sessionmaker, NOW)
    assert await rig.jobs.nudges() == 2
    assert not rig.texts(5002)  # nothing to remind 77-sao of
    (ru,) = rig.texts(5001)
    assert "Напоминание" in ru.text and "0 из 100" in ru.text
    assert ru.reply_markup is not None
    button = ru.reply_markup.inline_keyboard[0][0]  # type: ignore[union-attr]
    assert button.callback_data == NudgeCb(on=False).pack() and "Не присылать" in button.text
    (en,) = rig.texts(5003)  # in the staff member's language, both centres in one message
    async with sessionmaker() as session:
        k1 = len(
            list(await session.scalars(select(Requirement).where(Requirement.indicator == "K1")))
        )
    assert "reminder" in en.text and "without accepted evidence: " + str(k1) in en.text
    assert "0 of 100" in en.text

    for days in (1, 3, 6):
        rig.clock.now = NOW + timedelta(days=days)
        assert await rig.jobs.nudges() == 0
    rig.clock.now = NOW + timedelta(days=7)
    assert await rig.jobs.nudges() == 2
    assert len(rig.texts(5001)) == 2


async def test_no_reminders_after_an_opt_out_or_a_block(
    settings: Settings, sessionmaker: SM, staff: None
) -> None:
    async with sessionmaker() as session:
        await set_nudges(session, PSEUDONYMS, 5001, on=False, now=NOW)
    rig = Rig(settings, sessionmaker, NOW)
    method = SendMessage(chat_id=5003, text="x")
    rig.api.fail_next("SendMessage", TelegramForbiddenError(method, "bot was blocked by the user"))
    assert await rig.jobs.nudges() == 0
    async with sessionmaker() as session:
        blocked = await session.get(User, PSEUDONYMS.user(5003))
        assert blocked is not None and blocked.blocked_at is not None
        assert blocked.last_nudge_at is None
    rig.clock.now = NOW + timedelta(days=8)
    assert await rig.jobs.nudges() == 0
    assert not rig.texts(5001)
    async with sessionmaker() as session:
        await set_nudges(session, PSEUDONYMS, 5001, on=True, now=NOW)
    assert await rig.jobs.nudges() == 1


async def test_evidence_expiry_reminders_are_sent(
    settings: Settings, sessionmaker: SM, staff: None
) -> None:
    async with sessionmaker() as session:
        requirement = await session.scalar(select(Requirement).where(Requirement.indicator == "K1"))
        assert requirement is not None
        session.add(
            Evidence(
                centre_code="16-kazan-1",
                requirement_id=requirement.id,
                status="accepted",
                submitted_by=5003,
                submitted_at=NOW - timedelta(days=171),
                captured_at=NOW - timedelta(days=170),
            )
        )
        await session.commit()
    rig = Rig(settings, sessionmaker, NOW)
    assert await rig.jobs.evidence_expiry() == 1
    (message,) = rig.texts(5003)  # the evidence feature's ev-expiry-reminder, in English
    assert "ЦЗН г. Казани" in (message.text or "")
    assert await rig.jobs.evidence_expiry() == 0  # once
