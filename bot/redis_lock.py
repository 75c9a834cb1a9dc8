"""One update at a time per chat across replicas: a Redis lock renewed while it is held.

aiogram's RedisEventIsolation takes a lock that expires after 60 seconds. A replica killed
while handling someone's tap leaves that lock behind, and the person's next taps, and the
redelivery of the lost one, wait on any replica for up to a minute. Here the lock expires
after `seconds` (REDIS_LOCK_SECONDS, 10 by default) unless its holder renews it, which it
does every third of that while the handler runs: a slow handler keeps its chat, a dead one
releases it within `seconds`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, KeyBuilder, StorageKey
from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, LockNotOwnedError, RedisError

log = logging.getLogger(__name__)
# Bound once: a test that patches `asyncio.sleep` for the retries (tests/bot/test_faults.py)
# must not turn the renewal into a loop that never yields.
_sleep = asyncio.sleep


class RenewedRedisIsolation(BaseEventIsolation):
    def __init__(self, redis: Redis, *, key_builder: KeyBuilder, seconds: float = 10) -> None:
        self.redis = redis
        self.key_builder = key_builder
        self.seconds = seconds

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        name = self.key_builder.build(key, "lock")
        lock = Lock(self.redis, name, timeout=self.seconds, sleep=0.1)
        await lock.acquire()
        renewal = asyncio.create_task(self._renew(lock))
        try:
            yield
        finally:
            renewal.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewal
            try:
                await lock.release()
            except LockError:  # expired while Redis was unreachable: nothing left to release
                log.warning("the chat lock %s had expired before its release", name)

    async def _renew(self, lock: Lock) -> None:
        while True:
            await _sleep(self.seconds / 3)
            try:
                await lock.reacquire()
            except LockNotOwnedError:
                # Expired meanwhile (this process stalled for longer than `seconds`): another
                # update of the chat may be running already; renewing cannot undo that.
                log.warning("the chat lock %s expired before its handler finished", lock.name)
                return
            except RedisError as error:  # Redis unreachable for a moment: the next tick
                log.warning("the chat lock could not be renewed: %s", error)

    async def close(self) -> None:
        return None
