"""The weekly digest's posts to the channel (services.digest)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class Post(Base):
    """A digest posted to a channel: at most one per channel and ISO week.

    `channel` is the channel's numeric id as Telegram resolves it (getChat), whatever form
    CHANNEL_ID takes. `status`: pending (claimed, nothing sent) → sending (committed before
    the album's Bot API call) → posted | failed (refused before anything was accepted) |
    unknown (sent, no result: only `python -m bot digest --force` posts again) | skipped
    (nothing true to say, services.digest.rules).
    """

    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("channel", "iso_week", name="uq_posts_channel_week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(64))
    iso_week: Mapped[str] = mapped_column(String(8))  # e.g. 2026-W47
    run_id: Mapped[int | None] = mapped_column(ForeignKey("snapshot_runs.id"))
    status: Mapped[str] = mapped_column(String(16))  # see the class docstring
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message_ids: Mapped[list[int] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the latest attempt's
    send_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
