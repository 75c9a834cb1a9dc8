"""The production dispatcher on MAX in-process: the MAX session against the fake MAX server
(tests/fakemax), updates fetched with getUpdates and fed to the dispatcher in order."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import MessengerSettings, Settings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import Translations
from tests.fakemax import FakeMax
from tests.max.support import OnMax

TOKEN = "max-commands-token"


@pytest.fixture
def max_settings(settings: Settings) -> Settings:
    return settings


@pytest.fixture
async def on_max(
    max_settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], centres: None
) -> AsyncIterator[OnMax]:
    settings = max_settings
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
