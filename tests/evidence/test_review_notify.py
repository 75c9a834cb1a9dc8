"""Issue 9 item 8: experts hear that evidence waits for them — batched, persisted, restart-safe."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from aiogram import Bot
from aiogram.methods import SendMessage
from sqlalchemy import func, select, update

from bot.config import Settings
from bot.factory import create_sender
from bot.i18n import Translations
from bot.scheduler import Jobs
from handlers.evidence.callbacks import ReviewQueueCb
from services.privacy import Pseudonyms
from services.team.roles import EXPERT, STAFF
from storage.models import Evidence, utcnow
from tests.evidence.test_review import submit_photo
from tests.evidence_support import EXPERT_ID, SM, FileServingSession, grant
from tests.harness import Person
from tests.images import make_png

pytestmark = pytest.mark.backends("sqlite", "postgresql")
EVERYWHERE_ID, KAZAN_ID = 2002, 2003


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def submit_at(staff: Person, sm: SM, number: int, picture: bytes, at: datetime) -> None:
    """A submission through the dispatcher, dated on the test's clock."""
    await submit_photo(staff, number, picture)
    async with sm.begin() as session:
        newest = await session.scalar(select(func.max(Evidence.id)))
        await session.execute(update(Evidence).where(Evidence.id == newest).values(submitted_at=at))


def notices(recording: FileServingSession) -> list[SendMessage]:
    return [
        c
        for c in recording.calls
        if isinstance(c, SendMessage) and c.text.startswith("🔔 На проверке")
    ]


async def test_experts_are_notified_at_most_once_per_period(
    user: Person,
    sessionmaker: SM,
    checklist: None,
    settings: Settings,
    bot: Bot,
    recording: FileServingSession,
) -> None:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    await grant(sessionmaker, EVERYWHERE_ID, EXPERT, None)
    await grant(sessionmaker, KAZAN_ID, EXPERT, "16")
    clock = Clock(utcnow() + timedelta(minutes=1))

    def jobs() -> Jobs:  # a new process each time: nothing is remembered in memory
        pseudonyms = Pseudonyms.from_settings(settings)
        return Jobs(
            settings=settings,
            bot=bot,
            sessionmaker=sessionmaker,
            translations=Translations(),
            sender=create_sender(bot, sessionmaker, pseudonyms),
            pseudonyms=pseudonyms,
            clock=clock,
        )

    assert await jobs().review_notices() == 0  # nothing waits yet
    await submit_at(user, sessionmaker, 1, make_png(), clock.now - timedelta(minutes=1))
    assert await jobs().review_notices() == 2
    sent = notices(recording)
    assert sorted(int(m.chat_id) for m in sent) == [EXPERT_ID, EVERYWHERE_ID]  # not Kazan's
    assert all("На проверке ждёт 1 подтверждение чек-листа" in m.text for m in sent)

    # More evidence within EVIDENCE_NOTIFY_HOURS (3): no second message, not after a restart.
    clock.now += timedelta(minutes=30)
    await submit_at(user, sessionmaker, 2, make_png((30, 30)), clock.now)
    clock.now += timedelta(minutes=30)
    assert await jobs().review_notices() == 0
    clock.now += timedelta(hours=2, minutes=1)  # 3 h after the first notice
    assert await jobs().review_notices() == 2
    latest = notices(recording)[-2:]
    assert all("ждут 2 подтверждения" in m.text for m in latest)
    assert await jobs().review_notices() == 0  # a restart right after: persisted

    # Nothing new since: the same queue is not announced again, however long it waits.
    clock.now += timedelta(hours=12)
    assert await jobs().review_notices() == 0
    assert len(notices(recording)) == 4

    # The button opens the queue, re-checking the presser.
    expert = user.as_user(EXPERT_ID)
    [button] = [m for m in expert.messages() if "ждут 2" in m.text]
    await expert.tap("Открыть очередь", button)
    assert "Подтверждение №1" in expert.last().text
    await user.press(ReviewQueueCb().pack())  # staff, not an expert
    assert "для экспертов" in (user.last_alert() or "")
