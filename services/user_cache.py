"""A person's chosen language and roles, kept in the process between updates (issue 16).

Every update needs both (the language of every text, the roles for every check), and they
change rarely, so reading them with two selects per update was a third of the answer path's
statements. A cache must still never act on a revoked role for long, on any replica:

- in this process, a statement that writes `roles` or `users` empties the cache when it
  runs and again when its transaction commits (an engine hook: ORM and Core writes alike);
- across processes, triggers move the `users` change counter in the writer's own
  transaction (migration 0020), and each process compares the counter with the one it last
  saw at most every `check_every` seconds (1 s): another replica's revocation is seen
  within a second, as is a hand-written SQL statement.

A load that raced with an invalidation is not stored (generation check). Only
`users.language` is kept (None when the person chose none or has no row): the language
Telegram reports is applied per update on top (bot.i18n.pick_language).
"""

from __future__ import annotations

import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncSession

from services.privacy import Pseudonyms
from services.team.roles import Access, Roles
from storage.models import User
from storage.models_versions import USERS, ChangeCounter

_USERS = User.__table__
_COUNTERS = ChangeCounter.__table__
assert isinstance(_USERS, Table) and isinstance(_COUNTERS, Table)
_LANGUAGE = select(_USERS.c.language).where(_USERS.c.key == bindparam("key"))
_VERSION = select(_COUNTERS.c.version).where(_COUNTERS.c.name == USERS)
WATCHED = frozenset({"users", "roles"})
_DIRTY = "user_cache_dirty"


@dataclass(frozen=True, slots=True)
class CachedUser:
    language: str | None  # the one the person chose (/language), if any
    access: Access


class UserCache:
    def __init__(
        self,
        pseudonyms: Pseudonyms,
        admin_ids: Iterable[int] = (),
        *,
        size: int = 50_000,
        check_every: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.pseudonyms = pseudonyms
        self.admin_ids = frozenset(admin_ids)
        self.size = size
        self.check_every = check_every
        self.clock = clock
        self._entries: OrderedDict[int, CachedUser] = OrderedDict()
        self._generation = 0
        self._version: int | None = None
        self._next_check = float("-inf")
        _CACHES.add(self)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self._generation += 1

    async def get(self, session: AsyncSession, user_id: int) -> CachedUser:
        await self._check(session)
        hit = self._entries.get(user_id)
        if hit is not None:
            self._entries.move_to_end(user_id)
            return hit
        generation = self._generation
        language = await session.scalar(_LANGUAGE, {"key": self.pseudonyms.user(user_id)})
        access = await Roles(session).access(user_id, self.admin_ids)
        cached = CachedUser(language, access)
        if generation == self._generation:  # nothing changed while it was being read
            self._entries[user_id] = cached
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return cached

    async def _check(self, session: AsyncSession) -> None:
        now = self.clock()
        if now < self._next_check:
            return
        self._next_check = now + self.check_every
        version = await session.scalar(_VERSION)
        if version != self._version:
            self.clear()
            self._version = version


_CACHES: weakref.WeakSet[UserCache] = weakref.WeakSet()


def _clear_all() -> None:
    for cache in list(_CACHES):
        cache.clear()


@event.listens_for(Engine, "after_cursor_execute")
def _on_write(
    conn: Connection, _cursor: Any, _statement: str, _params: Any, context: Any, _many: bool
) -> None:
    if context is None or not (context.isinsert or context.isupdate or context.isdelete):
        return
    table = getattr(getattr(context.compiled, "statement", None), "table", None)
    if getattr(table, "name", None) in WATCHED:
        conn.info[_DIRTY] = True
        _clear_all()


@event.listens_for(Engine, "commit")
def _on_commit(conn: Connection) -> None:
    if conn.info.pop(_DIRTY, False):
        _clear_all()


@event.listens_for(Engine, "rollback")
def _on_rollback(conn: Connection) -> None:
    if conn.info.pop(_DIRTY, False):
        _clear_all()
