"""A Telegram user's preferences, under a pseudonym (services.users)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class User(Base):
    """A Telegram user's preferences, under a keyed hash of their id (services.privacy).

    Deliberately no link to answers: the key is made for another purpose than the
    questionnaires' respondent key, so the two cannot be joined.
    """

    __tablename__ = "users"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[str | None] = mapped_column(String(8))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Staff reminders (issue 5): at most once a week, and never after an opt-out.
    nudges_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    last_nudge_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
