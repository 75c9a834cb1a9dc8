"""Telegram's overall limit shared by replicas through the real Redis (bot.send_budget).

Each "replica" is a Sender of its own with its own bot session; only Redis connects them.
Real time: the window lives on Redis's clock.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import DatabaseSettings, Settings
from bot.factory import create_sender
from bot.send_budget import RedisBudget
from bot.sender import Outgoing, Sender
from services.privacy import Pseudonyms
from tests.bot.test_sender import AlbumSession, max_in_window, retry_after
from tests.conftest import REDIS_URL, _require

LIMIT = 10  # a second, for both replicas together (Telegram's is 30; 10 keeps the test short)


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    # A database of its own: other test runs flush database 0 of the shared server.
    client = Redis.from_url(_require(REDIS_URL, "Redis").rsplit("/", 1)[0] + "/7")
    yield client
    await client.aclose()


def replica(redis: Redis, bot_id: str) -> tuple[Sender, AlbumSession]:
    session = AlbumSession(clock=time.monotonic)
    shared = RedisBudget(redis, bot_id, per_second=LIMIT)
    return Sender(Bot("42:TEST", session=session), shared=shared), session


async def test_two_replicas_keep_one_overall_limit(redis: Redis) -> None:
    bot_id = uuid.uuid4().hex
    (first, one), (second, two) = replica(redis, bot_id), replica(redis, bot_id)
    batch = [Outgoing(1000 + n, f"news {n}") for n in range(2 * LIMIT)]
    other = [Outgoing(2000 + n, f"reminder {n}") for n in range(2 * LIMIT)]
    results = await asyncio.gather(first.send_all(batch), second.send_all(other))
    assert all(r.ok for part in results for r in part)
    times = one.times() + two.times()
    assert len(times) == 4 * LIMIT
    # Each replica alone would send 10 in its first instant: 20 in one second together.
    assert max_in_window(times, 1.0) <= LIMIT
    assert max_in_window(one.times(), 1.0) < LIMIT  # they shared the budget


async def test_a_flood_wait_pauses_the_other_replica(redis: Redis) -> None:
    bot_id = uuid.uuid4().hex
    (first, one), (second, two) = replica(redis, bot_id), replica(redis, bot_id)
    one.fail_next("SendMessage", retry_after(1))
    news = asyncio.create_task(first.send(Outgoing(1001, "news")))
    await asyncio.sleep(0.2)  # the first replica has its 429 by now, and waits
    told = one.times()[0]
    assert (await second.send(Outgoing(2001, "reminder"))).ok
    assert two.times()[0] - told >= 0.9  # the other replica waited too
    assert (await news).ok  # the first one sent after its wait


async def test_without_redis_the_sender_limits_locally(caplog: pytest.LogCaptureFixture) -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:1/0")
    session = AlbumSession(clock=time.monotonic)
    sender = Sender(Bot("42:TEST", session=session), shared=RedisBudget(unreachable, "42"))
    assert (await sender.send(Outgoing(1001, "news"))).ok
    assert "limiting locally" in caplog.text
    await unreachable.aclose()


def test_the_factory_shares_the_budget_only_with_redis(settings: Settings) -> None:
    sm: async_sessionmaker[AsyncSession] = async_sessionmaker()
    pseudonyms = Pseudonyms.from_settings(settings)
    assert create_sender(None, sm, pseudonyms, settings).shared is None
    url = settings.database.database_url
    settings.database = DatabaseSettings(
        _env_file=None, database_url=url, redis_url="redis://127.0.0.1:1/0"
    )
    shared = create_sender(None, sm, pseudonyms, settings).shared
    assert isinstance(shared, RedisBudget) and shared.window_key == "czn:send:42:window"


async def test_closing_the_sender_closes_the_budgets_redis_connections() -> None:
    client = Redis.from_url(_require(REDIS_URL, "Redis").rsplit("/", 1)[0] + "/7")
    sender, _ = replica(client, uuid.uuid4().hex)
    assert (await sender.send(Outgoing(1001, "news"))).ok  # a connection is open now
    pool = client.connection_pool
    assert any(c.is_connected for c in pool._available_connections)
    await sender.close()
    assert not any(
        c.is_connected for c in [*pool._available_connections, *pool._in_use_connections]
    )
