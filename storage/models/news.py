""" "You said, we did": subscriptions, a centre's news and its deliveries (services.news)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class FeedbackSubscription(Base):
    """A user asked to be told when a centre acts on feedback."""

    __tablename__ = "feedback_subscriptions"

    user_key: Mapped[str] = mapped_column(
        ForeignKey("users.key", ondelete="CASCADE"), primary_key=True
    )
    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"), primary_key=True)
    # The chat to write to, encrypted (Pseudonyms.seal): readable only with the secret.
    chat: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CentreNews(Base):
    """What a centre changed after feedback, sent to its subscribers ("you said, we did").

    `author_key` is the author's user pseudonym (Pseudonyms.user), never a Telegram id;
    `author_chat` is where to report "delivered to X of N", sealed (Pseudonyms.seal), so that a
    broadcast resumed by another process still reports. `delivered` and `finished_at` stay NULL
    while the broadcast runs or until a cut-off one is resumed (NewsDelivery).
    """

    __tablename__ = "centre_news"
    __table_args__ = (Index("ix_centre_news_centre_created", "centre_code", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"))
    text: Mapped[str] = mapped_column(Text)
    author_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recipients: Mapped[int] = mapped_column(Integer)
    delivered: Mapped[int | None] = mapped_column(Integer)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    author_chat: Mapped[str | None] = mapped_column(Text)
    author_language: Mapped[str | None] = mapped_column(String(8))


class NewsDelivery(Base):
    """One recipient of one news broadcast (services.news.deliveries).

    Written with the news row, every subscriber `pending`; then `sent`, `failed` or `blocked`.
    `attempted_at` set on a pending row is a claim: a send is under way (or was cut off there).
    """

    __tablename__ = "news_deliveries"

    news_id: Mapped[int] = mapped_column(
        ForeignKey("centre_news.id", ondelete="CASCADE"), primary_key=True
    )
    user_key: Mapped[str] = mapped_column(
        ForeignKey("users.key", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(8))  # pending | sent | failed | blocked
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
