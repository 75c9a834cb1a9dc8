"""The production dispatcher on MAX in-process: /help, /language and /forget through the MAX
session and the fake MAX server (the same handlers and texts as on Telegram)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiogram import Bot, Dispatcher
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import MessengerSettings, Settings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import Translations
from tests.fakemax import FakeMax, MaxCall

TOKEN = "max-commands-token"
PERSON = 8101


@dataclass
class OnMax:
    api: FakeMax
    bot: Bot
    dispatcher: Dispatcher

    async def pump(self) -> None:
        """Fetch what the fake holds (confirming the last batch) and handle it, in order."""
        for update in await self.bot.get_updates(timeout=0):
            await self.dispatcher.feed_update(self.bot, update)

    def last_to_person(self) -> MaxCall:
        return self.api.sent_to(PERSON)[-1]


@pytest.fixture
async def on_max(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], centres: None
) -> AsyncIterator[OnMax]:
    async with FakeMax(token=TOKEN) as api:
        settings.messenger = MessengerSettings(
            _env_file=None, messenger="max", max_bot_token=SecretStr(TOKEN), max_api_url=api.url
        )
        bot = create_bot(settings, sessionmaker=sessionmaker)
        dispatcher = create_dispatcher(settings, sessionmaker, translations=Translations())
        dispatcher["sender"].bind(bot)
        try:
            yield OnMax(api, bot, dispatcher)
        finally:
            await bot.session.close()


async def test_help_language_and_forget_on_max(on_max: OnMax) -> None:
    api = on_max.api
    api.send_text(PERSON, "/help")
    await on_max.pump()
    assert "/start" in on_max.last_to_person().text

    api.send_text(PERSON, "/language")
    await on_max.pump()
    chooser = on_max.last_to_person()
    assert "Выберите язык" in chooser.text
    api.click(PERSON, chooser.response["message"]["body"]["mid"], "English")
    await on_max.pump()
    changed = [c for c in api.calls if c.ok and "The language is now English" in c.text]
    assert changed  # the same texts from locales/, in the person's new language

    api.send_text(PERSON, "/forget")
    await on_max.pump()
    confirm = on_max.last_to_person()
    api.click(PERSON, confirm.response["message"]["body"]["mid"], "Yes, delete")
    await on_max.pump()
    assert any(c.ok and "deleted" in c.text.lower() for c in api.calls[confirm.index :])
