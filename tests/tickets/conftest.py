"""Tickets tests: a bot session where chats in `blocked` answer like a user who blocked the
bot, an admin in the settings, and the people of a question: the asker (the `user` fixture),
a working group member of 77-cao and an expert of region 77."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import Document, PhotoSize
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from services.team.roles import EXPERT, STAFF
from storage.models_tickets import Ticket, TicketMessage
from tests.evidence_support import ADMIN_ID, grant
from tests.harness import Person, RecordingSession

SM = async_sessionmaker[AsyncSession]
ASKER = 1001  # Person's default id
STAFF_ID, STAFF_2, EXPERT_ID = 2101, 2102, 2201
SEEKER_QUESTIONS = 19


@dataclass
class BlockingSession(RecordingSession):
    blocked: set[int] = field(default_factory=set)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        if isinstance(method, SendMessage) and int(method.chat_id) in self.blocked:
            self.calls.append(method)
            raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
        return await super().make_request(bot, method, timeout)


@pytest.fixture
def recording() -> BlockingSession:
    return BlockingSession()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.telegram.admin_ids = [ADMIN_ID]
    return settings


@pytest.fixture
async def staff(user: Person, sessionmaker: SM) -> Person:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    return user.as_user(STAFF_ID)


@pytest.fixture
async def staff2(user: Person, sessionmaker: SM, staff: Person) -> Person:
    await grant(sessionmaker, STAFF_2, STAFF, "77-cao")
    return user.as_user(STAFF_2)


@pytest.fixture
async def expert(user: Person, sessionmaker: SM) -> Person:
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    return user.as_user(EXPERT_ID)


async def consent_and_pick(user: Person, centre: str = "77-cao") -> None:
    await user.send(f"/start c_{centre}")
    await user.tap("Согласен")
    await user.tap("соискатель")


async def ask(user: Person, text: str) -> None:
    """❓ on the screen the person is at, then the question."""
    await user.tap("Задать вопрос")
    await user.send(text)


async def send_photo(person: Person, caption: str | None, file_id: str = "PHOTO1") -> None:
    sizes = [PhotoSize(file_id=file_id, file_unique_id="u" + file_id, width=64, height=48)]
    await person.feed(message=person._message(photo=sizes, caption=caption))


async def send_document(person: Person, caption: str | None, file_id: str = "DOC1") -> None:
    document = Document(file_id=file_id, file_unique_id="u" + file_id, file_name="справка.pdf")
    await person.feed(message=person._message(document=document, caption=caption))


async def tickets(sm: SM) -> list[Ticket]:
    async with sm() as session:
        return list(await session.scalars(select(Ticket).order_by(Ticket.id)))


async def thread(sm: SM, ticket_id: int) -> list[TicketMessage]:
    async with sm() as session:
        rows = await session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id)
            .order_by(TicketMessage.id)
        )
        return list(rows)
