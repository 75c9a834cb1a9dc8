"""Handler errors are apologised for, blocked users are marked, the bot keeps running."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import Chat, ChatMemberBanned, ChatMemberMember, ChatMemberUpdated
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.privacy import Pseudonyms
from storage.models import Answer, User
from tests.harness import BOT_USER, Person, RecordingSession

# The same tests on SQLite and on PostgreSQL + Redis (the scale-out configuration).
pytestmark = pytest.mark.backends("sqlite", "postgresql")

SM = async_sessionmaker[AsyncSession]
PSEUDONYMS = Pseudonyms("test-secret")


async def start_survey(user: Person) -> None:
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("соискатель")


async def test_error_is_logged_and_apologised_answer_kept(
    user: Person, recording: RecordingSession, sessionmaker: SM, caplog: pytest.LogCaptureFixture
) -> None:
    await start_survey(user)
    recording.fail_next("EditMessageText", RuntimeError("telegram hiccup"))
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        await user.tap("4")
    assert "Извините" in (user.last_alert() or "")
    assert any("telegram hiccup" in r.getMessage() for r in caplog.records)
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Answer)) == 1
    # the bot keeps running: the next tap works and moves on
    await user.send("/start")
    assert "Вопрос 2 из 19" in user.last().text


async def test_error_in_message_handler_apologises_by_message(
    user: Person, recording: RecordingSession
) -> None:
    recording.fail_next("SendMessage", RuntimeError("boom"))
    await user.send("/help")
    sent = [c for c in recording.calls if isinstance(c, SendMessage)]
    assert "Извините" in sent[-1].text


async def test_blocked_bot_is_marked_without_crash(
    user: Person, recording: RecordingSession, sessionmaker: SM
) -> None:
    await start_survey(user)
    blocked = TelegramForbiddenError(EditMessageText(text="x"), "Forbidden: bot was blocked")
    recording.fail_next("EditMessageText", blocked)
    await user.tap("5")
    async with sessionmaker() as session:
        row = await session.get(User, PSEUDONYMS.user(user.user.id))
        assert row is not None and row.blocked_at is not None
        assert await session.scalar(select(func.count()).select_from(Answer)) == 1
    assert not any("Извините" in (a.text or "") for a in recording.alerts)


async def test_block_and_unblock_updates(user: Person, sessionmaker: SM) -> None:
    await start_survey(user)

    def membership(new: ChatMemberBanned | ChatMemberMember) -> ChatMemberUpdated:
        return ChatMemberUpdated(
            chat=Chat(id=user.user.id, type="private"),
            from_user=user.user,
            date=datetime.now(UTC),
            old_chat_member=ChatMemberMember(user=BOT_USER),
            new_chat_member=new,
        )

    await user.feed(my_chat_member=membership(ChatMemberBanned(user=BOT_USER, until_date=0)))
    async with sessionmaker() as session:
        row = await session.get(User, PSEUDONYMS.user(user.user.id))
        assert row is not None and row.blocked_at is not None
    await user.feed(my_chat_member=membership(ChatMemberMember(user=BOT_USER)))
    async with sessionmaker() as session:
        row = await session.get(User, PSEUDONYMS.user(user.user.id))
        assert row is not None and row.blocked_at is None
