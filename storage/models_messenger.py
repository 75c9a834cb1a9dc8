"""MAX's string message ids, numbered for aiogram (bot.max.message_ids).

aiogram's `Message.message_id` is an integer; MAX names a message by a string
("mid.0000000008a53b9b…"). Each mid the bot sees or sends gets the next integer here, so a
question edited in place after a restart (the FSM and the inbox keep the integer) still
finds its MAX message. No person is named: a mid identifies a message, not who wrote it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, utcnow


class MaxMessageId(Base):
    __tablename__ = "max_message_ids"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mid: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
