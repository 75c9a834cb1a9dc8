"""Roadmap reminders with a fake clock: before a deadline and on the day it is overdue, the
meeting every 3 weeks (the working group before, the experts after), in the recipient's
language and the region's time zone, once each, and at most one message per person a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from aiogram import Bot
from aiogram.methods import SendMessage
from sqlalchemy import select

from bot.config import Settings
from bot.i18n import Translations
from bot.scheduler import Jobs
from bot.sender import Sender
from services.privacy import Pseudonyms
from services.roadmap.files import Attachment
from services.roadmap.pilots import Roadmap
from services.team.roles import EXPERT, STAFF, Access, Roles
from services.users import Users
from storage.models_roadmap import PilotStep
from tests.bot.test_sender import FakeClock
from tests.harness import RecordingSession
from tests.roadmap.support import EXPERT_ID, SM, STAFF_ID, start_pilot

START = date(2026, 7, 27)
ENGLISH_STAFF = 1003


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: date, hour_utc: int = 8) -> None:  # 11:00 in Moscow, the NUDGE_CRON hour
        self.now = datetime(day.year, day.month, day.day, hour_utc, tzinfo=UTC)


class Rig:
    def __init__(self, settings: Settings, sm: SM) -> None:
        self.api = RecordingSession()
        self.bot = Bot("42:TEST", session=self.api)
        self.clock = Clock(datetime(2026, 7, 27, 8, tzinfo=UTC))
        fake = FakeClock()
        self.jobs = Jobs(
            settings=settings, bot=self.bot, sessionmaker=sm, translations=Translations(),
            sender=Sender(self.bot, clock=fake, sleep=fake.sleep), clock=self.clock,
            pseudonyms=Pseudonyms.from_settings(settings),
        )  # fmt: skip

    def take(self) -> dict[int, list[str]]:
        """The messages sent since the last call, by chat."""
        out: dict[int, list[str]] = {}
        for call in self.api.calls:
            if isinstance(call, SendMessage):
                out.setdefault(int(call.chat_id), []).append(call.text)
        self.api.calls.clear()
        return out


@pytest.fixture
async def rig(settings: Settings, sessionmaker: SM, centres: None) -> Rig:
    async with sessionmaker.begin() as session:
        roles = Roles(session)
        await roles.grant(STAFF_ID, STAFF, "77-cao", by=None)
        await roles.grant(ENGLISH_STAFF, STAFF, "77-sao", by=None)
        await roles.grant(EXPERT_ID, EXPERT, "77", by=None)
        await Users(session, Pseudonyms("test-secret")).set_language(ENGLISH_STAFF, "en")
    await start_pilot(sessionmaker, "77", START)
    return Rig(settings, sessionmaker)


async def test_nothing_is_sent_outside_the_reminder_window(rig: Rig) -> None:
    # Day 1: 1.1 is due on day 5 (4 days away, the window is 3) and the meeting on day 21.
    rig.clock.on(START + timedelta(days=1))
    assert await rig.jobs.roadmap_reminders() == 0
    assert rig.take() == {}


async def test_one_message_a_day_and_every_reminder_once(rig: Rig, sessionmaker: SM) -> None:
    rig.clock.on(START + timedelta(days=2))  # 1.1 due on day 5: 3 days ahead
    assert await rig.jobs.roadmap_reminders() == 2
    sent = rig.take()
    assert len(sent[STAFF_ID]) == 1 and len(sent[ENGLISH_STAFF]) == 1
    assert "⏳ 1.1 " in sent[STAFF_ID][0] and "срок 01.08.2026 (через 3 дня)" in sent[STAFF_ID][0]
    assert "due 01.08.2026 (in 3 days)" in sent[ENGLISH_STAFF][0]
    assert EXPERT_ID not in sent  # a deadline is the working group's business
    # The same day again, and the next days: the same reminder is not repeated.
    assert await rig.jobs.roadmap_reminders() == 0
    rig.clock.on(START + timedelta(days=3))
    assert await rig.jobs.roadmap_reminders() == 0
    # Day 6: 1.1 is overdue (its deadline was day 5) — said once, on that day.
    rig.clock.on(START + timedelta(days=6))
    assert await rig.jobs.roadmap_reminders() == 2
    assert "🔴 1.1 " in rig.take()[STAFF_ID][0]
    rig.clock.on(START + timedelta(days=7))
    assert await rig.jobs.roadmap_reminders() == 0


async def test_a_step_done_or_on_review_is_not_reminded(rig: Rig, sessionmaker: SM) -> None:
    async with sessionmaker.begin() as session:
        step = await session.scalar(select(PilotStep).where(PilotStep.code == "1.1"))
        assert step is not None
        await Roadmap(session).submit(
            Access(STAFF_ID, staff_centres=frozenset({"77-cao"})), step.id,
            Attachment("f", "document", "webinar.pdf"), None, rig.clock(),
        )  # fmt: skip
    rig.clock.on(START + timedelta(days=2))
    assert await rig.jobs.roadmap_reminders() == 0
    rig.clock.on(START + timedelta(days=6))
    assert await rig.jobs.roadmap_reminders() == 0


async def test_the_meeting_reminder_fires_before_3_weeks_and_experts_hear_after(
    rig: Rig, sessionmaker: SM
) -> None:
    # Day 18: 3 weeks since the start (day 21) are 3 days away — and so are five deadlines.
    rig.clock.on(START + timedelta(days=18))
    await rig.jobs.roadmap_reminders()
    sent = rig.take()
    staff_text = sent[STAFF_ID][0]
    assert len(sent[STAFF_ID]) == 1  # one message with everything due
    assert "Пора провести совещание команды" in staff_text and "17.08.2026" in staff_text
    assert "⏳ 1.2 " in staff_text and "⏳ 2.1.1 " in staff_text
    assert EXPERT_ID not in sent
    # Day 22: no meeting was held — the experts are told; the group hears of the overdue steps.
    rig.clock.on(START + timedelta(days=22))
    await rig.jobs.roadmap_reminders()
    sent = rig.take()
    assert "не проводила совещание команды больше 3 недель" in sent[EXPERT_ID][0]
    assert "🔴 1.2 " in sent[STAFF_ID][0]
    assert "совещание" not in sent[STAFF_ID][0]
    # A meeting is recorded on day 22: the next one is due on day 43, reminded on day 40.
    async with sessionmaker.begin() as session:
        await Roadmap(session).record_meeting(
            Access(STAFF_ID, staff_centres=frozenset({"77-cao"})), "77",
            START + timedelta(days=22), Attachment("m", "document", "protocol.pdf"), None,
            rig.clock(), START + timedelta(days=22),
        )  # fmt: skip
    rig.clock.on(START + timedelta(days=39))
    await rig.jobs.roadmap_reminders()
    assert all("совещание" not in t for texts in rig.take().values() for t in texts)
    rig.clock.on(START + timedelta(days=40))
    await rig.jobs.roadmap_reminders()
    sent = rig.take()
    assert "с 18.08.2026 прошло почти 3 недели" in sent[STAFF_ID][0]
    assert "Time for a team meeting" in sent[ENGLISH_STAFF][0]


async def test_reminders_follow_the_region_time_zone(rig: Rig) -> None:
    # 22:30 UTC on day 1 is already day 2 in Moscow: 1.1 (day 5) is then 3 days away.
    rig.clock.now = datetime(2026, 7, 28, 22, 30, tzinfo=UTC)
    assert await rig.jobs.roadmap_reminders() == 2
    assert "через 3 дня" in rig.take()[STAFF_ID][0]
