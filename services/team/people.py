"""Staff and experts as people: the name Telegram showed when they took up a role.

Staff and experts are identified people (docs/ARCHITECTURE.md, Privacy), so /roles, /review
and duplicate warnings name them. A row is written only for someone who holds a role (an
invitation redeemed, or a role holder's later update) — never for a respondent. Names are
stored as Telegram gave them and escaped where they are shown (`shown_name`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person, utcnow
from storage.upsert import upsert

FULL_NAME_MAX = 200
USERNAME_MAX = 64
# A role holder's name is checked against the stored one at most this often per process.
REFRESH_EVERY = 600.0
# (database, user id) -> (checked until, the name then): a process serves one database, tests many.
_SEEN: dict[tuple[str, int], tuple[float, tuple[str | None, str | None]]] = {}


@dataclass(frozen=True, slots=True)
class Name:
    """A person as Telegram names them; both parts may be missing."""

    full_name: str | None
    username: str | None

    @classmethod
    def of(cls, first_name: str | None, last_name: str | None, username: str | None) -> Name:
        full = " ".join(" ".join(p.split()) for p in (first_name, last_name) if p and p.strip())
        return cls(full[:FULL_NAME_MAX] or None, (username or "")[:USERNAME_MAX] or None)

    @property
    def known(self) -> bool:
        return bool(self.full_name or self.username)

    def plain(self) -> str:
        """E.g. "Анна Петрова (@anna)", "Анна Петрова", "@anna" or "" (not escaped)."""
        handle = f"@{self.username}" if self.username else ""
        if self.full_name and handle:
            return f"{self.full_name} ({handle})"
        return self.full_name or handle


def shown_name(t: Callable[..., str], name: Name | None, user_id: int) -> str:
    """HTML-escaped, for a message: the name, or "user 3001" when none was ever stored
    (a role granted before names were kept, or from the command line)."""
    if name is None or not name.known:
        return t("person-unnamed", id=str(user_id))
    return escape(name.plain())


class People:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def remember(self, user_id: int, name: Name, *, force: bool = False) -> bool:
        """Store (or refresh) a role holder's name; returns whether anything was written.

        The caller has checked that `user_id` holds a role. Cheap on the hot path: a process
        cache skips the query while the name is unchanged and recently checked (`force`
        skips the cache: an invitation redeemed).
        """
        key = (name.full_name, name.username)
        bind = self.session.get_bind()
        cache_key = (str(bind.engine.url), user_id)
        seen = _SEEN.get(cache_key)
        if not force and seen is not None and seen[1] == key and seen[0] > time.monotonic():
            return False
        stored = await self.session.get(Person, user_id)
        changed = stored is None or (stored.full_name, stored.username) != key
        if changed:
            values = {
                "user_id": user_id,
                "full_name": name.full_name,
                "username": name.username,
                "named_at": utcnow(),
            }
            await upsert(
                self.session,
                Person,
                values,
                keys=["user_id"],
                update=["full_name", "username", "named_at"],
            )
        _SEEN[cache_key] = (time.monotonic() + REFRESH_EVERY, key)
        return changed

    async def names(self, user_ids: Iterable[int]) -> dict[int, Name]:
        ids = sorted(set(user_ids))
        if not ids:
            return {}
        rows = await self.session.execute(
            select(Person.user_id, Person.full_name, Person.username).where(Person.user_id.in_(ids))
        )
        return {int(uid): Name(full, username) for uid, full, username in rows}

    async def name(self, user_id: int) -> Name | None:
        return (await self.names([user_id])).get(user_id)
