"""The practice base «Конструктор клиентского опыта» (issue 12); migration 0013.

A practice is written by an identified person (staff of the centre or an expert of its
region: `author_id` is their Telegram id, like `evidence.submitted_by`). Readers are not: a
👍 is stored under a keyed hash made for that purpose only, and the chat of someone who asks
the author a question is sealed (Fernet), so neither side learns the other's Telegram id.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models import Base, UTCDateTime, utcnow
from storage.models_profiles import ClientProfile


class Practice(Base):
    """draft → pending → accepted | returned (→ pending again) | rejected.

    `indicators` and `groups` are space-delimited with a space at both ends (" M7 K1 "), so
    a filter is a portable LIKE '% M7 %'. `search_text` is the casefolded, ё→е text of the
    title, the problem, what was done and the result (SQLite's lower() ignores Cyrillic).
    The `post_*` columns are the one publication in the channel: claimed before sending.
    """

    __tablename__ = "practices"
    __table_args__ = (
        Index("ix_practices_status_region", "status", "region_code"),
        Index("ix_practices_author_status", "author_id", "status"),
        Index("ix_practices_centre_status", "centre_code", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"))
    region_code: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(120))
    indicators: Mapped[str] = mapped_column(String(200), default="")
    groups: Mapped[str] = mapped_column(String(50), default="")
    client_group: Mapped[str | None] = mapped_column(String(32))
    # Or, instead of a group of the list, a client-group profile of the practice's region
    # (seed 002); a deleted profile leaves the practice without one.
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("client_profiles.id", ondelete="SET NULL"), index=True
    )
    # Loaded with the practice (one outer join), so every card can name it.
    profile: Mapped[ClientProfile | None] = relationship(lazy="joined")
    problem: Mapped[str | None] = mapped_column(Text)
    done: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)
    started_on: Mapped[date | None] = mapped_column(Date)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    comment: Mapped[str | None] = mapped_column(Text)  # of the latest return or rejection
    post_status: Mapped[str | None] = mapped_column(String(16))  # sending | posted | failed
    post_attempts: Mapped[int] = mapped_column(Integer, default=0)
    post_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    post_message_ids: Mapped[list[int] | None] = mapped_column(JSON)
    post_link: Mapped[str | None] = mapped_column(String(200))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    post_error: Mapped[str | None] = mapped_column(Text)

    def codes(self) -> list[str]:
        return self.indicators.split()


class PracticeFile(Base):
    """A photo or the document of a practice; a copy is kept under MEDIA_DIR by SHA-256."""

    __tablename__ = "practice_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # photo | document
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str | None] = mapped_column(String(64))
    stored_path: Mapped[str | None] = mapped_column(String(500))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    file_name: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[int | None] = mapped_column(Integer)


class PracticeDecision(Base):
    """Append-only log of the review: submitted, accepted, returned, rejected."""

    __tablename__ = "practice_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    decided_by: Mapped[int] = mapped_column(BigInteger)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decision: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)


class PracticeVote(Base):
    """One 👍 per person and practice, under HMAC(secret, "practice-vote:<id>")."""

    __tablename__ = "practice_votes"
    __table_args__ = (Index("ix_practice_votes_created", "created_at"),)

    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True
    )
    voter_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PracticeQuestion(Base):
    """A reader's question to the author; the reader's chat is sealed, the key is keyed."""

    __tablename__ = "practice_questions"
    __table_args__ = (Index("ix_practice_questions_asker_created", "asker_key", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    asker_key: Mapped[str] = mapped_column(String(64))
    asker_chat: Mapped[str] = mapped_column(Text)
    asker_language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PracticeWeek(Base):
    """The practice of the week in the channel: at most one message per channel and week."""

    __tablename__ = "practice_weeks"

    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    iso_week: Mapped[str] = mapped_column(String(8), primary_key=True)
    practice_id: Mapped[int | None] = mapped_column(ForeignKey("practices.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16))  # sending | posted | failed | none
    message_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
