"""The per-chat lock of replicas (bot.redis_lock): kept while its handler runs, however long,
and given up within REDIS_LOCK_SECONDS when its holder dies (issue 18).

aiogram's own lock expired after 60 seconds whatever happened: a killed replica held up the
chat's next updates, and the redelivery of its lost one, for a minute.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections.abc import AsyncIterator

import pytest
from aiogram.fsm.storage.base import StorageKey
from redis.asyncio import Redis

from bot.fsm import HashedKeyBuilder
from bot.redis_lock import RenewedRedisIsolation
from tests.conftest import REDIS_URL, _require

KEY = StorageKey(bot_id=42, chat_id=7, user_id=7)


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    url = re.sub(r"/\d*$", "", _require(REDIS_URL, "Redis")) + "/12"
    client = Redis.from_url(url)
    yield client
    await client.aclose()


def isolation(redis: Redis, seconds: float, salt: str) -> RenewedRedisIsolation:
    keys = HashedKeyBuilder(lambda text: f"{salt}:{text}", prefix="locktest")
    return RenewedRedisIsolation(redis, key_builder=keys, seconds=seconds)


async def test_a_slow_handler_keeps_its_chat(redis: Redis) -> None:
    chats = isolation(redis, 0.6, secrets.token_hex(4))
    order: list[str] = []

    async def slow() -> None:
        async with chats.lock(KEY):
            order.append("slow in")
            await asyncio.sleep(1.5)  # well past the lock's 0.6 s: renewed meanwhile
            order.append("slow out")

    async def next_update() -> None:
        await asyncio.sleep(0.1)
        async with chats.lock(KEY):
            order.append("next")

    await asyncio.gather(slow(), next_update())
    assert order == ["slow in", "slow out", "next"]


async def test_the_lock_of_a_dead_holder_frees_its_chat_within_the_timeout(redis: Redis) -> None:
    salt = secrets.token_hex(4)
    chats = isolation(redis, 1, salt)
    # A replica killed mid-update: its lock is in Redis, nobody renews it.
    name = chats.key_builder.build(KEY, "lock")
    await redis.set(name, "dead-replica-token", px=1000)
    started = time.monotonic()
    async with chats.lock(KEY):
        waited = time.monotonic() - started
    assert 0.5 < waited < 3  # not aiogram's 60 seconds
    assert not await redis.exists(name)  # released at the end
