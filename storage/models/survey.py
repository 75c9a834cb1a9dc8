"""The questionnaires and their answers, keyed by a respondent pseudonym (services.survey)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime, utcnow


class Questionnaire(Base):
    """One respondent's pass through the survey for one centre.

    `respondent_key` is an HMAC of the Telegram id, so answers cannot be traced back to an
    account without the server's secret.
    """

    __tablename__ = "questionnaires"
    __table_args__ = (
        Index("ix_questionnaires_respondent_centre", "respondent_key", "centre_code"),
        Index("ix_questionnaires_centre_completed", "centre_code", "completed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"))
    audience: Mapped[str] = mapped_column(String(16))
    respondent_key: Mapped[str] = mapped_column(String(64))
    methodology: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    comment: Mapped[str | None] = mapped_column(Text)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="questionnaire", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(Base):
    """One row per question; Back updates it in place. NULL value = "hard to say"."""

    __tablename__ = "answers"
    # Covering index for the scoring GROUP BY: it reads this instead of the wider table.
    __table_args__ = (Index("ix_answers_scoring", "questionnaire_id", "indicator", "value"),)

    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(8))
    value: Mapped[int | None] = mapped_column(SmallInteger)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="answers")
