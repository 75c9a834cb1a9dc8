"""MAX's webhook: X-Max-Bot-Api-Secret required; a good update handled once, then acknowledged."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import MessengerSettings, Settings, WebhookSettings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import Translations
from bot.webhook import webhook_app
from tests.fakemax import FakeMax

SECRET = "max-webhook-secret"
TOKEN = "max-webhook-token"


@pytest.fixture
async def api() -> AsyncIterator[FakeMax]:
    async with FakeMax(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def client(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], api: FakeMax
) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    settings.webhook = WebhookSettings(
        _env_file=None,
        webhook_base_url="https://bot.example.invalid",
        webhook_path="/max/webhook",
        webhook_secret=SecretStr(SECRET),
    )
    settings.messenger = MessengerSettings(
        _env_file=None, messenger="max", max_bot_token=SecretStr(TOKEN), max_api_url=api.url
    )
    bot: Bot = create_bot(settings, sessionmaker=sessionmaker)
    dispatcher = create_dispatcher(settings, sessionmaker, translations=Translations())
    dispatcher["sender"].bind(bot)
    app = webhook_app(settings, bot, dispatcher)
    try:
        async with TestClient(TestServer(app)) as test_client:
            yield test_client
    finally:
        await bot.session.close()


def help_message(api: FakeMax) -> dict[str, object]:
    update = api.send_text(6101, "/help")
    api._queue.clear()  # delivered by the webhook here, not by GET /updates
    return update


async def test_the_secret_header_is_required(client: TestClient, api: FakeMax) -> None:  # type: ignore[type-arg]
    update = help_message(api)
    for headers in (
        {},
        {"X-Max-Bot-Api-Secret": "wrong"},
        {"X-Telegram-Bot-Api-Secret-Token": SECRET},
    ):
        async with client.post("/max/webhook", json=update, headers=headers) as response:
            assert response.status == 401
    assert api.sent_to(6101) == []


async def test_a_good_update_is_handled_once(client: TestClient, api: FakeMax) -> None:  # type: ignore[type-arg]
    update = help_message(api)
    headers = {"X-Max-Bot-Api-Secret": SECRET}
    for _ in range(2):  # MAX delivers it again: the same derived update id, handled once
        async with client.post("/max/webhook", json=update, headers=headers) as response:
            assert response.status == 200
    [reply] = api.sent_to(6101)
    assert reply.ok and reply.text
    skipped = {"update_type": "user_added", "timestamp": 1, "chat_id": 1, "user": {}}
    async with client.post("/max/webhook", json=skipped, headers=headers) as response:
        assert response.status == 200 and (await response.json())["skipped"]
