"""The region's profiles against the target of 10, and the overdue ones, in /my_index for its
experts (with the pilot's progress) and in the staff's weekly reminders."""

from __future__ import annotations

from datetime import date, timedelta

from aiogram import Bot
from aiogram.methods import SendMessage

from bot.config import Settings
from bot.i18n import Translations
from bot.scheduler import Jobs
from bot.sender import Sender
from services.privacy import Pseudonyms
from services.team.roles import EXPERT, STAFF
from storage.models import utcnow
from storage.models_profiles import ClientProfile
from tests.bot.test_sender import FakeClock
from tests.evidence_support import grant
from tests.harness import Person, RecordingSession
from tests.roadmap.support import SM, start_pilot

STAFF_ID, EXPERT_ID = 1001, 2001


async def two_profiles(sm: SM) -> None:
    now = utcnow()
    async with sm.begin() as session:
        for name, age in (("Мигранты", timedelta(days=400)), ("Выпускники", timedelta(days=10))):
            session.add(
                ClientProfile(
                    region_code="77", kind="seekers", name=name, fields={}, created_by=STAFF_ID,
                    created_at=now - age, updated_by=STAFF_ID, updated_at=now - age,
                )
            )  # fmt: skip


async def test_my_index_tells_experts_the_profiles_and_the_pilot(
    user: Person, sessionmaker: SM
) -> None:
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    await two_profiles(sessionmaker)
    await start_pilot(sessionmaker, "77", date.today())
    expert = user.as_user(EXPERT_ID)
    await expert.send("/my_index")
    text = expert.last().text
    assert "<b>г. Москва</b>" in text
    assert "Профили клиентских групп: 2 из 10." in text
    assert "Пора обновить (1): Мигранты." in text
    assert "Пилот «Путь клиента»: в срок 0, с опозданием 0, открыто 20" in text


async def test_the_weekly_reminder_names_profiles_due_for_a_refresh(
    settings: Settings, sessionmaker: SM, centres: None
) -> None:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    await two_profiles(sessionmaker)
    api = RecordingSession()
    bot = Bot("42:TEST", session=api)
    fake = FakeClock()
    jobs = Jobs(
        settings=settings, bot=bot, sessionmaker=sessionmaker, translations=Translations(),
        sender=Sender(bot, clock=fake, sleep=fake.sleep),
        pseudonyms=Pseudonyms.from_settings(settings),
    )  # fmt: skip
    assert await jobs.nudges() == 1
    (text,) = [c.text for c in api.calls if isinstance(c, SendMessage)]
    assert "Профили клиентских групп: 2 из 10." in text and "Пора обновить (1): Мигранты." in text
    assert "/profiles" in text
    assert await jobs.nudges() == 0  # once a week at most, as before
