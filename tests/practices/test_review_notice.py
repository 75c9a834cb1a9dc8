"""Experts hear that practices wait for their review (the `evidence.notify` job): in the same
batched, persisted notice as evidence, counted for their regions only, and its button opens
the practice queue."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot
from aiogram.methods import SendMessage
from sqlalchemy import update

from bot.config import Settings
from bot.factory import create_sender
from bot.i18n import Translations
from bot.scheduler import Jobs
from services.privacy import Pseudonyms
from services.team.roles import EXPERT
from storage.models import utcnow
from storage.models_practices import Practice
from tests.evidence.test_review_notify import Clock
from tests.evidence_support import SM, FileServingSession, grant
from tests.harness import Person
from tests.practices.test_my_index import add

RU = Translations().get("ru")
EXPERT_77, EXPERT_16, AUTHOR_EXPERT = 2001, 2002, 1002  # 1002 wrote the practices (`add`)


def notices(recording: FileServingSession, chat_id: int) -> list[SendMessage]:
    return [
        c
        for c in recording.calls
        if isinstance(c, SendMessage) and c.chat_id == chat_id and "📝 На проверке" in c.text
    ]


async def test_experts_are_told_practices_wait_and_open_the_queue(
    user: Person, sessionmaker: SM, settings: Settings, bot: Bot, recording: FileServingSession
) -> None:
    await grant(sessionmaker, EXPERT_77, EXPERT, "77")
    await grant(sessionmaker, EXPERT_16, EXPERT, "16")
    await grant(sessionmaker, AUTHOR_EXPERT, EXPERT, "77")
    clock = Clock(utcnow() + timedelta(minutes=1))
    pseudonyms = Pseudonyms.from_settings(settings)
    jobs = Jobs(
        settings=settings, bot=bot, sessionmaker=sessionmaker, translations=Translations(),
        sender=create_sender(bot, sessionmaker, pseudonyms), pseudonyms=pseudonyms, clock=clock,
    )  # fmt: skip

    assert await jobs.review_notices() == 0  # nothing waits
    await add(sessionmaker, "77-cao", "Запись без очереди", "pending")
    await add(sessionmaker, "77-sao", "Памятка работодателю", "pending")
    await add(sessionmaker, "77-cao", "Уже решённая", "accepted")
    assert await jobs.review_notices() == 1  # the region's expert; not 16, not the author
    [notice] = notices(recording, EXPERT_77)
    assert notice.text == RU("practices-waiting-notice", count=2)
    assert not notices(recording, EXPERT_16) and not notices(recording, AUTHOR_EXPERT)
    assert await jobs.review_notices() == 0  # once per period

    expert = user.as_user(EXPERT_77)
    await expert.tap(RU("practices-btn-open-queue"), expert.last())
    assert any("Запись без очереди" in t or "Памятка работодателю" in t for t in expert.texts())
    assert RU("practices-review-intro", count=2) in expert.texts()

    clock.now += timedelta(hours=settings.evidence.evidence_notify_hours + 1)
    assert await jobs.review_notices() == 0  # nothing new since the last notice
    clock.now += timedelta(hours=settings.evidence.evidence_notify_hours + 1)
    fresh = await add(sessionmaker, "77-cao", "Новая практика", "pending")
    async with sessionmaker.begin() as session:  # submitted now, on the job's clock
        await session.execute(
            update(Practice).where(Practice.id == fresh).values(submitted_at=clock.now)
        )
    assert await jobs.review_notices() == 1
    assert notices(recording, EXPERT_77)[-1].text == RU("practices-waiting-notice", count=3)
