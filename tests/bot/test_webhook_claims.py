"""Webhook replicas (issue 18): a redelivered update held by a dead handler is not lost.

Telegram redelivers an update whose POST got no 2xx, e.g. when the replica handling it was
SIGKILLed; the copy reaches another replica while the dead one's claim is still unfinished.
Answered 200 ("already handled"), that person's tap was lost for good. It is answered 503
until the claim's lease runs out, then handled, once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiogram import Bot, Dispatcher
from aiogram.methods import SendMessage
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings, WebhookSettings
from bot.factory import create_dispatcher
from bot.i18n import Translations
from bot.webhook import webhook_app
from storage.models import ProcessedUpdate, utcnow
from tests.harness import RecordingSession

pytestmark = pytest.mark.backends("sqlite", "postgresql")

SECRET = "webhook-claims-secret"
LEASE = 30


def help_update(update_id: int) -> dict[str, object]:
    user = {"id": 6101, "is_bot": False, "first_name": "W", "language_code": "ru"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": 6101, "type": "private"},
            "from": user,
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }


@pytest.fixture
def webhook_settings(settings: Settings) -> Settings:
    settings.webhook = WebhookSettings(
        _env_file=None,
        webhook_base_url="https://bot.example.invalid",
        webhook_secret=SecretStr(SECRET),
        webhook_claim_lease_seconds=LEASE,
    )
    return settings


@pytest.fixture
async def client(
    webhook_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    bot: Bot,
) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    dispatcher: Dispatcher = create_dispatcher(
        webhook_settings, sessionmaker, translations=Translations()
    )
    app = webhook_app(webhook_settings, bot, dispatcher)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def post(client: TestClient, update_id: int) -> tuple[int, str | None]:  # type: ignore[type-arg]
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with client.post("/telegram/webhook", json=help_update(update_id), headers=headers) as r:
        return r.status, r.headers.get("Retry-After")


async def claim_of(
    sessionmaker: async_sessionmaker[AsyncSession], update_id: int, age: float
) -> None:
    """A claim a handler took `age` seconds ago and never finished (its replica was killed)."""
    async with sessionmaker.begin() as session:
        session.add(
            ProcessedUpdate(
                update_id=update_id,
                processed_at=utcnow() - timedelta(seconds=age),
                finished=False,
            )
        )


def replies(recording: RecordingSession) -> int:
    return sum(isinstance(c, SendMessage) for c in recording.calls)


async def test_a_copy_of_an_update_held_by_another_handler_is_asked_for_again(
    client: TestClient,  # type: ignore[type-arg]
    sessionmaker: async_sessionmaker[AsyncSession],
    recording: RecordingSession,
) -> None:
    await claim_of(sessionmaker, 501, age=1)
    status, retry_after = await post(client, 501)
    assert status == 503 and retry_after is not None and int(retry_after) >= 1
    assert replies(recording) == 0  # not handled: the holder may still be at it

    # Past the lease the holder is presumed dead: the next copy is handled, once.
    async with sessionmaker.begin() as session:
        row = await session.get(ProcessedUpdate, 501)
        assert row is not None and not row.finished
        row.processed_at = utcnow() - timedelta(seconds=LEASE + 1)
    assert (await post(client, 501))[0] == 200
    assert replies(recording) == 1
    assert (await post(client, 501))[0] == 200  # a later copy: finished, skipped
    assert replies(recording) == 1
    async with sessionmaker() as session:
        finished = await session.scalar(
            select(ProcessedUpdate.finished).where(ProcessedUpdate.update_id == 501)
        )
    assert finished is True


async def test_a_copy_of_a_handled_update_is_acknowledged_and_not_handled_again(
    client: TestClient,  # type: ignore[type-arg]
    recording: RecordingSession,
) -> None:
    assert (await post(client, 502))[0] == 200
    assert (await post(client, 502))[0] == 200
    assert replies(recording) == 1
