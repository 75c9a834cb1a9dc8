"""The running bot's own state: FSM conversations and claimed updates (bot.fsm, bot.inbox)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime, utcnow


class FsmRecord(Base):
    """aiogram FSM state and data, so conversations survive restarts."""

    __tablename__ = "fsm_states"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ProcessedUpdate(Base):
    """Claimed update_ids, so a redelivered update is processed once (issue 6).

    `finished` stays false while the update is being handled: a claim left unfinished by a
    crash is replayed (polling start) or retaken after a lease (webhook replicas). `payload`
    is the sealed update while it is unfinished, stored before Telegram is told it arrived
    (bot.inbox), and cleared when it is finished.
    """

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    finished: Mapped[bool] = mapped_column(Boolean, default=False, server_default="1")
    payload: Mapped[str | None] = mapped_column(Text)
