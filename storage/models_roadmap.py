"""The journey-pilot roadmap of a region (seed 003): its steps, their results, the meetings.

A pilot has one row per step of the programme (services/roadmap/programme.yaml), made when it
starts, with the deadline computed from the start date. A step's result is a Telegram file
(document or photo) with a comment, reviewed by the region's experts like evidence. Like
evidence, the bytes are copied under MEDIA_DIR (`stored_path`, content-addressed by SHA-256),
so a result outlives Telegram's copy and a bot token change, and can be exported.
`submitted_by` / `decided_by` / `recorded_by` are Telegram ids of staff and experts, who are
identified people.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, utcnow


class Pilot(Base):
    __tablename__ = "pilots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), unique=True)
    programme: Mapped[str] = mapped_column(String(32))  # the programme file's name
    start_date: Mapped[date] = mapped_column(Date)
    started_by: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PilotStep(Base):
    """One step of a pilot. status: open | submitted | accepted | returned."""

    __tablename__ = "pilot_steps"
    __table_args__ = (UniqueConstraint("pilot_id", "code", name="uq_pilot_steps_pilot_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))  # "1.2", "2.1.9"
    position: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    file_id: Mapped[str | None] = mapped_column(String(255))
    file_kind: Mapped[str | None] = mapped_column(String(16))  # document | photo
    file_name: Mapped[str | None] = mapped_column(String(255))
    # The copy under MEDIA_DIR (services.evidence.media.MediaStore): "ab/abcdef…".
    stored_path: Mapped[str | None] = mapped_column(String(80))
    file_size: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[int | None] = mapped_column(BigInteger)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
    # The reminders already sent for this step (at most one of each kind).
    soon_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    overdue_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PilotMeeting(Base):
    """A meeting of the cross-functional team (seed 003, 2.1.9: at least once in 3 weeks)."""

    __tablename__ = "pilot_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilots.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    file_id: Mapped[str] = mapped_column(String(255))
    file_kind: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str | None] = mapped_column(String(255))
    stored_path: Mapped[str | None] = mapped_column(String(80))  # the copy under MEDIA_DIR
    file_size: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PilotNotice(Base):
    """A meeting reminder already sent: `key` is "soon:<date of the last meeting>" or
    "late:<date>", so each is sent once per gap between meetings."""

    __tablename__ = "pilot_notices"

    pilot_id: Mapped[int] = mapped_column(
        ForeignKey("pilots.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RoadmapMessageDay(Base):
    """At most one roadmap reminder per person per day: the local day of the last one."""

    __tablename__ = "roadmap_message_days"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(Date)
