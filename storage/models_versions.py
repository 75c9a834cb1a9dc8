"""Change counters: a number that moves when what a process caches has changed (issue 16).

`users` moves whenever a role is granted or revoked and whenever a user's chosen language
is set, changed or forgotten; database triggers (migration 0020) move it, so every writer —
this process, another replica, a CLI task, a hand-written SQL statement — is seen. Each
process compares it with the number it last saw before trusting its cache of languages and
roles (services.user_cache).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base

USERS = "users"  # languages and roles (services.user_cache)


class ChangeCounter(Base):
    __tablename__ = "change_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
