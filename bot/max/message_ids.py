"""MAX message ids (strings) as aiogram's integers, kept in the database (max_message_ids).

`number(mid)` gives a mid its integer (the next one the first time it is seen, the same one
after any restart, from any process sharing the database); `mid(number)` turns it back for
an edit, a delete or a reply. A bounded in-memory cache spares the database the lookups of
the recent messages, the only ones a person taps on.
"""

from __future__ import annotations

from collections import OrderedDict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models_messenger import MaxMessageId


class UnknownMessage(LookupError):
    """An integer no MAX message was given (never sent or seen by a bot on this database)."""


class MessageIds:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession] | None, cache_size: int = 50_000
    ) -> None:
        # None: numbers kept in memory only (unit tests); they do not survive a restart.
        self.sessionmaker = sessionmaker
        self.cache_size = cache_size
        self._by_mid: OrderedDict[str, int] = OrderedDict()
        self._by_number: dict[int, str] = {}

    def _remember(self, mid: str, number: int) -> int:
        self._by_mid[mid] = number
        self._by_mid.move_to_end(mid)
        self._by_number[number] = mid
        while len(self._by_mid) > self.cache_size:
            _mid, n = self._by_mid.popitem(last=False)
            self._by_number.pop(n, None)
        return number

    async def number(self, mid: str) -> int:
        known = self._by_mid.get(mid)
        if known is not None:
            self._by_mid.move_to_end(mid)
            return known
        if self.sessionmaker is None:
            return self._remember(mid, len(self._by_number) + 1)
        async with self.sessionmaker() as session:
            found = await session.scalar(select(MaxMessageId.id).where(MaxMessageId.mid == mid))
            if found is None:
                row = MaxMessageId(mid=mid)
                session.add(row)
                try:
                    await session.commit()
                    found = row.id
                except IntegrityError:  # another process numbered it a moment ago
                    await session.rollback()
                    found = await session.scalar(
                        select(MaxMessageId.id).where(MaxMessageId.mid == mid)
                    )
            assert found is not None
        return self._remember(mid, found)

    async def mid(self, number: int) -> str:
        known = self._by_number.get(number)
        if known is not None:
            return known
        if self.sessionmaker is not None:
            async with self.sessionmaker() as session:
                found = await session.scalar(
                    select(MaxMessageId.mid).where(MaxMessageId.id == number)
                )
            if found is not None:
                self._remember(found, number)
                return found
        raise UnknownMessage(f"no MAX message has the number {number}")
