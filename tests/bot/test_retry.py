"""bot.retry against the fake Bot API over HTTP, with the production session (bot.factory):
a 5xx is repeated only where a second copy is harmless, a 429 for every call."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.methods import (
    AnswerCallbackQuery,
    AnswerWebAppQuery,
    CopyMessage,
    CreateChatInviteLink,
    EditMessageText,
    GetMe,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SetMyCommands,
)
from aiogram.types import InlineQueryResultArticle, InputTextMessageContent
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_bot, create_sender
from bot.retry import repeatable
from bot.sender import Outgoing, Sender
from services.privacy import Pseudonyms
from tests.fakebotapi import FakeBotAPI

SM = async_sessionmaker[AsyncSession]
CHAT = 5001


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token="42:TEST") as server:
        yield server


@pytest.fixture
async def live(api: FakeBotAPI, settings: Settings) -> AsyncIterator[Bot]:
    settings.telegram.telegram_api_url = api.url
    bot = create_bot(settings)  # the production session with its retry middleware
    try:
        yield bot
    finally:
        await bot.session.close()


@pytest.fixture
def sender(live: Bot, settings: Settings, sessionmaker: SM) -> Sender:
    return create_sender(live, sessionmaker, Pseudonyms.from_settings(settings))


def test_what_may_be_repeated() -> None:
    article = InlineQueryResultArticle(
        id="1", title="x", input_message_content=InputTextMessageContent(message_text="x")
    )
    assert repeatable(EditMessageText(text="x", chat_id=1, message_id=1))
    assert repeatable(AnswerCallbackQuery(callback_query_id="1"))
    assert repeatable(GetMe()) and repeatable(SetMyCommands(commands=[]))
    for creates in (
        SendMessage(chat_id=1, text="x"),
        SendPhoto(chat_id=1, photo="file"),
        SendMediaGroup(chat_id=1, media=[]),
        CopyMessage(chat_id=1, from_chat_id=2, message_id=3),
        CreateChatInviteLink(chat_id=1),
        AnswerWebAppQuery(web_app_query_id="1", result=article),  # sends a message
    ):
        assert not repeatable(creates), creates


async def test_a_news_send_after_a_502_is_not_repeated(api: FakeBotAPI, sender: Sender) -> None:
    api.fail_next("sendMessage", status=502)
    result = await sender.send(Outgoing(CHAT, "Поставили новые стулья.", tag=CHAT))
    # Telegram may have delivered it before the 502: the Sender reports it as uncertain.
    assert not result.ok and result.uncertain
    assert len(api.calls_of("sendMessage")) == 1


async def test_a_429_is_waited_out_for_a_send(api: FakeBotAPI, sender: Sender) -> None:
    api.fail_next("sendMessage", status=429, retry_after=1)
    result = await sender.send(Outgoing(CHAT, "Напоминание", tag=CHAT))
    assert result.ok and result.attempts == 1  # the session waited, not the Sender
    calls = api.calls_of("sendMessage")
    assert [c.ok for c in calls] == [False, True]
    assert [m["text"] for m in api.messages(CHAT)] == ["Напоминание"]


async def test_an_edit_and_a_getter_are_repeated_after_a_502(api: FakeBotAPI, live: Bot) -> None:
    shown = await live.send_message(CHAT, "Вопрос 1 из 19")
    api.fail_next("editMessageText", status=502)
    await live.edit_message_text("Вопрос 2 из 19", chat_id=CHAT, message_id=shown.message_id)
    assert [c.ok for c in api.calls_of("editMessageText")] == [False, True]
    assert api.last_message(CHAT)["text"] == "Вопрос 2 из 19"
    api.fail_next("getMe", status=502)
    assert (await live.get_me()).id == 42
    assert [c.ok for c in api.calls_of("getMe")] == [False, True]
