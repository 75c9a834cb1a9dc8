"""aiogram FSM storage in the application's own database.

Conversation state must survive a restart of the single default process, and SQLite is
already there, so it needs no extra service; Redis takes over when replicas run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Literal

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import FsmRecord, utcnow


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


class SqlStorage(BaseStorage):
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    async def _get(self, key: StorageKey) -> FsmRecord | None:
        async with self._sessionmaker() as session:
            return await session.get(FsmRecord, self._keys.build(key))

    async def _put(self, key: StorageKey, **values: Any) -> None:
        record_key = self._keys.build(key)
        async with self._sessionmaker.begin() as session:
            row = await session.get(FsmRecord, record_key)
            is_new = row is None
            if row is None:
                row = FsmRecord(key=record_key, state=None, data="{}")
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            empty = row.state is None and row.data == "{}"
            if empty and not is_new:
                # Nothing left to remember: keep the table small.
                await session.delete(row)
            elif not empty and is_new:
                session.add(row)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._put(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        row = await self._get(key)
        return row.state if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._put(key, data=json.dumps(dict(data), ensure_ascii=False))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row = await self._get(key)
        if row is None or not row.data:
            return {}
        loaded = json.loads(row.data)
        return loaded if isinstance(loaded, dict) else {}

    async def close(self) -> None:
        return None
