"""One update at a time per chat, in one process, with a bounded lock table.

aiogram's SimpleEventIsolation keeps a lock for every chat it ever saw (a defaultdict that is
never cleaned), so a bot talking to a few hundred thousand people holds as many locks forever.
Here a chat's lock exists only while an update of that chat holds it or waits for it: the
table holds at most as many entries as updates are being handled at once. (Several replicas
use Redis for this instead: bot.factory.create_fsm.)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Hashable
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey


class _Entry:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0  # holding or waiting


class BoundedEventIsolation(BaseEventIsolation):
    def __init__(self) -> None:
        self._locks: dict[Hashable, _Entry] = {}

    @property
    def chats(self) -> int:
        """How many chats have a lock now (held or waited for). Not `__len__`: an empty
        isolation would be falsy, and aiogram's `events_isolation or Disabled…` drops it."""
        return len(self._locks)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        # No await between looking the entry up and counting ourselves in: a single event
        # loop cannot drop it in between.
        entry = self._locks.get(key)
        if entry is None:
            entry = self._locks[key] = _Entry()
        entry.users += 1
        try:
            async with entry.lock:
                yield
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._locks[key]

    async def close(self) -> None:
        self._locks.clear()
