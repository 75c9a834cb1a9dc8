"""Questions to a centre's specialists (issue 13): tickets, their messages, reply templates.

The asker is anonymous by construction: `asker_key` is a keyed hash made for this purpose only
(services.privacy, purpose "ticket"), so it joins neither the users table nor the
questionnaires; `asker_chat` is the chat id sealed with Fernet, needed to deliver the answer,
and is deleted TICKET_RETENTION_DAYS after the ticket closed, or at once by /forget. Staff and
experts are identified people: `taken_by` and `TicketMessage.author_id` hold their ids.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, utcnow


class Ticket(Base):
    """One question. `status`: open (nobody took it) → taken → answered → closed; a follow-up
    of the asker brings an answered ticket back to taken. `route`: group (the centre's working
    group) or experts (no working group: the region's experts)."""

    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_due", "status", "due_at"),
        Index("ix_tickets_centre_created", "centre_code", "created_at"),
        Index("ix_tickets_asker_status", "asker_key", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"))
    region_code: Mapped[str] = mapped_column(String(32))
    asker_key: Mapped[str | None] = mapped_column(String(64))
    asker_chat: Mapped[str | None] = mapped_column(Text)
    asker_language: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    route: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The promised answer time (working hours of the centre) and the first-reaction limit.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reaction_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    taken_by: Mapped[int | None] = mapped_column(BigInteger)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The first answer's time against the first due_at: what "answered on time" measures.
    first_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    admins_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    follow_up_used: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # resolved | blocked (the asker blocked the bot) | idle | forgotten
    close_reason: Mapped[str | None] = mapped_column(String(16))
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TicketMessage(Base):
    """The question, the answers and the asker's one follow-up, in order."""

    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(8))  # asker | staff
    author_id: Mapped[int | None] = mapped_column(BigInteger)  # staff only; never the asker
    text: Mapped[str] = mapped_column(Text, default="")
    file_kind: Mapped[str | None] = mapped_column(String(16))  # photo | document
    file_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A staff message Telegram accepted for the asker's chat (asker messages: always false).
    delivered: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class TicketNotice(Base):
    """Where a ticket's card was shown to a staff member or an expert, so that once one of
    them takes it, every copy says so."""

    __tablename__ = "ticket_notices"

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(Integer)


class ReplyTemplate(Base):
    """A reply kept in the knowledge base: a centre's own (`centre_code`) or region-wide
    (`region_code`, published by the region's experts)."""

    __tablename__ = "reply_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_code: Mapped[str | None] = mapped_column(ForeignKey("centres.code"), index=True)
    region_code: Mapped[str | None] = mapped_column(String(32), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CommentSummary(Base):
    """The weekly summary of visitors' comments sent to a centre's working group, at most
    once per ISO week."""

    __tablename__ = "comment_summaries"

    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"), primary_key=True)
    iso_week: Mapped[str] = mapped_column(String(8), primary_key=True)
    comments: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
