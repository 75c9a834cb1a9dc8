"""The scheduler's ticket jobs on a fake clock: overdue escalation to the region's experts
with the staff reminded, admins told when nobody can answer, idle answered tickets closed,
retention, and the weekly comments summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from aiogram import Bot
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translations
from bot.scheduler import Jobs
from bot.sender import Sender
from services.privacy import Pseudonyms
from storage.models import Questionnaire
from storage.models_tickets import CommentSummary
from tests.bot.test_sender import FakeClock
from tests.evidence_support import ADMIN_ID
from tests.harness import Person
from tests.tickets.conftest import SM, ask, consent_and_pick, thread, tickets


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def jobs(
    settings: Settings,
    bot: Bot,
    sm: async_sessionmaker[AsyncSession],
    clock: Callable[[], datetime],
) -> Jobs:
    monotonic = FakeClock()
    sender = Sender(bot, clock=monotonic, sleep=monotonic.sleep)
    return Jobs(
        settings=settings,
        bot=bot,
        sessionmaker=sm,
        translations=Translations(),
        sender=sender,
        pseudonyms=Pseudonyms.from_settings(settings),
        clock=clock,
    )


async def test_overdue_goes_to_the_regions_expert_and_staff_are_reminded(
    user: Person, staff: Person, expert: Person, settings: Settings, bot: Bot, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, "Когда приём?")
    (ticket,) = await tickets(sessionmaker)
    clock = Clock(ticket.due_at - timedelta(minutes=1))
    rig = jobs(settings, bot, sessionmaker, clock)
    assert await rig.tickets.overdue() == 0  # not yet
    assert expert.messages() == []
    clock.now = ticket.due_at + timedelta(minutes=1)
    assert await rig.tickets.overdue() == 1
    assert "не получил ответа в срок" in expert.last().text
    assert "Срок ответа на вопрос №1 прошёл" in staff.last().text
    assert await rig.tickets.overdue() == 0  # once
    # The expert answers from the card; the asker gets it.
    await expert.tap("Ответить", expert.last())
    await expert.send("Приём по будням с 9 до 18.")
    assert any("с 9 до 18" in t for t in user.texts())
    (ticket,) = await tickets(sessionmaker)
    assert ticket.status == "answered" and ticket.escalated_at is not None
    assert ticket.first_answered_at is not None


async def test_untouched_past_the_reaction_limit(
    user: Person, staff: Person, expert: Person, settings: Settings, bot: Bot, sessionmaker: SM
) -> None:
    settings.tickets.ticket_answer_hours = 100  # the answer time is far, the reaction is not
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    (ticket,) = await tickets(sessionmaker)
    clock = Clock(ticket.created_at + timedelta(hours=24, minutes=1))
    assert await jobs(settings, bot, sessionmaker, clock).tickets.overdue() == 1


async def test_overdue_with_no_expert_tells_the_admins_once(
    user: Person, staff: Person, settings: Settings, bot: Bot, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    (ticket,) = await tickets(sessionmaker)
    clock = Clock(ticket.due_at + timedelta(hours=1))
    rig = jobs(settings, bot, sessionmaker, clock)
    await rig.tickets.overdue()
    admin = user.as_user(ADMIN_ID)
    assert [t for t in admin.texts() if "некому ответить" in t]
    assert "эксперта в регионе нет" in staff.last().text
    await rig.tickets.overdue()
    assert len([t for t in admin.texts() if "некому ответить" in t]) == 1
    (ticket,) = await tickets(sessionmaker)
    assert ticket.admins_told_at is not None
    # Nothing is lost: the working group can still answer.
    await staff.tap("Ответить", next(m for m in staff.messages() if m.buttons()))
    await staff.send("Ответ с опозданием")
    assert (await tickets(sessionmaker))[0].status == "answered"


async def test_no_group_and_no_expert_overdue(
    user: Person, settings: Settings, bot: Bot, sessionmaker: SM
) -> None:
    await consent_and_pick(user, "77-sao")
    await ask(user, "Вопрос")
    admin = user.as_user(ADMIN_ID)
    told = len(admin.texts())
    assert told == 1  # at once: nobody could get it
    (ticket,) = await tickets(sessionmaker)
    rig = jobs(settings, bot, sessionmaker, Clock(ticket.due_at + timedelta(hours=1)))
    assert await rig.tickets.overdue() == 1
    assert len(admin.texts()) == told  # not told twice


async def test_idle_answered_tickets_close_and_retention_deletes_the_texts(
    user: Person, staff: Person, settings: Settings, bot: Bot, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    await staff.tap("Ответить")
    await staff.send("Ответ")
    (ticket,) = await tickets(sessionmaker)
    assert ticket.answered_at is not None and ticket.asker_chat is not None
    clock = Clock(ticket.answered_at + timedelta(days=8))
    rig = jobs(settings, bot, sessionmaker, clock)
    await rig.tickets.overdue()
    (ticket,) = await tickets(sessionmaker)
    assert ticket.status == "closed" and ticket.close_reason == "idle"
    assert ticket.asker_chat is not None  # kept for the retention period
    clock.now += timedelta(days=31)
    await rig.tickets.overdue()
    (ticket,) = await tickets(sessionmaker)
    assert ticket.asker_chat is None and ticket.asker_key is None and ticket.purged_at
    assert await thread(sessionmaker, ticket.id) == []
    assert ticket.first_answered_at is not None  # the figures stay


@pytest.fixture
async def commented_week(sessionmaker: SM, centres: None) -> datetime:
    """Five comments at 77-cao last week (Monday 1 December 2026 is `now`)."""
    now = datetime.fromisoformat("2026-12-07T09:00:00+03:00")
    texts = ["Спасибо", "спасибо!", "Очень долго ждала в очереди у окна", "Всё хорошо", ""]
    async with sessionmaker.begin() as session:
        for n, text in enumerate(texts):
            done = now - timedelta(days=3, hours=n)
            session.add(
                Questionnaire(
                    centre_code="77-cao", audience="seeker", respondent_key=f"k{n}",
                    methodology="star-2023", started_at=done, completed_at=done,
                    comment=text or None,
                )
            )  # fmt: skip
    return now


async def test_weekly_comments_summary_once(
    user: Person, staff: Person, settings: Settings, bot: Bot, sessionmaker: SM,
    commented_week: datetime,
) -> None:  # fmt: skip
    rig = jobs(settings, bot, sessionmaker, Clock(commented_week))
    assert await rig.tickets.comments() == 1
    text = staff.last().text
    assert "неделя 2026-W49: 4" in text
    assert "«спасибо» × 2" in text  # short ones grouped
    assert "Очень долго ждала в очереди у окна" in text
    assert "/news" in text
    assert "k1" not in text and "seeker" not in text  # no key, no audience
    assert await rig.tickets.comments() == 0  # once a week
    async with sessionmaker() as session:
        rows = list(await session.scalars(select(CommentSummary)))
    assert [(r.centre_code, r.iso_week, r.comments) for r in rows] == [("77-cao", "2026-W49", 4)]
