"""aiogram FSM storage in the application's own database.

Conversation state must survive a restart of the single default process, and SQLite is
already there, so it needs no extra service; Redis takes over when replicas run.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any, Literal

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import FsmRecord, utcnow
from storage.upsert import upsert


class HashedKeyBuilder(KeyBuilder):
    """Storage keys without raw Telegram ids: a keyed hash of aiogram's default key.

    Lookups only ever go from id to key, never back, so a one-way code is enough; a dump of
    the FSM table (or of Redis) then shows no respondent's id.
    """

    def __init__(self, hash_text: Callable[[str], str], prefix: str = "fsm") -> None:
        self._inner = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
        self._hash = hash_text
        self._prefix = prefix

    def build(self, key: StorageKey, part: Literal["data", "state", "lock"] | None = None) -> str:
        built = f"{self._prefix}:{self._hash(self._inner.build(key))}"
        return f"{built}:{part}" if part else built


# The session of the update being handled (set by the DB session middleware): FSM writes
# use it instead of opening a connection of their own for every write.
current_session: ContextVar[AsyncSession | None] = ContextVar("fsm_session", default=None)


class SqlStorage(BaseStorage):
    """FSM state and data in the `fsm_states` table, with a write-through cache.

    This storage serves one process (replicas share conversations through Redis instead), so
    what it wrote last is what the table holds: reads come from memory after the first, and a
    write is one upsert. A restarted process starts cold and reads the table.
    """

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
        *,
        cache_size: int = 20_000,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
        self._cache: OrderedDict[str, tuple[str | None, str]] = OrderedDict()
        self._cache_size = cache_size

    def _remember(self, record_key: str, value: tuple[str | None, str]) -> None:
        self._cache[record_key] = value
        self._cache.move_to_end(record_key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def _load(self, record_key: str) -> tuple[str | None, str]:
        cached = self._cache.get(record_key)
        if cached is not None:
            self._cache.move_to_end(record_key)
            return cached
        async with self._sessionmaker() as session:
            row = (
                await session.execute(
                    select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == record_key)
                )
            ).first()
        value = (row[0], row[1] or "{}") if row is not None else (None, "{}")
        self._remember(record_key, value)
        return value

    async def _store(self, record_key: str, state: str | None, data: str) -> None:
        shared = current_session.get()
        if shared is not None:
            await self._write(shared, record_key, state, data)
            # Commit at once: SQLite holds its write lock until commit, and the handler is
            # about to wait on Telegram; other chats must not wait behind that.
            await shared.commit()
        else:
            async with self._sessionmaker.begin() as session:
                await self._write(session, record_key, state, data)
        self._remember(record_key, (state, data))

    @staticmethod
    async def _write(session: AsyncSession, record_key: str, state: str | None, data: str) -> None:
        if state is None and data == "{}":
            # Nothing left to remember: keep the table small.
            await session.execute(delete(FsmRecord).where(FsmRecord.key == record_key))
        else:
            values = {"key": record_key, "state": state, "data": data, "updated_at": utcnow()}
            await upsert(
                session, FsmRecord, values, keys=["key"], update=["state", "data", "updated_at"]
            )

    async def set_both(self, key: StorageKey, state: StateType, data: Mapping[str, Any]) -> None:
        """State and data in one write (aiogram's API would take two)."""
        value = state.state if isinstance(state, State) else state
        await self._store(self._keys.build(key), value, json.dumps(dict(data), ensure_ascii=False))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        record_key = self._keys.build(key)
        _, data = await self._load(record_key)
        value = state.state if isinstance(state, State) else state
        await self._store(record_key, value, data)

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._load(self._keys.build(key)))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        record_key = self._keys.build(key)
        state, _ = await self._load(record_key)
        await self._store(record_key, state, json.dumps(dict(data), ensure_ascii=False))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        loaded = json.loads((await self._load(self._keys.build(key)))[1])
        return loaded if isinstance(loaded, dict) else {}

    async def close(self) -> None:
        return None
