"""Answers are kept RETENTION_DAYS (the promise of the personal-data policy), then deleted.

Snapshots are aggregates with no link to a person, so they stay as history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Answer, Questionnaire, utcnow


async def purge_expired(
    session: AsyncSession, retention_days: int, now: datetime | None = None
) -> int:
    """Delete questionnaires started before the retention window; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    expired = list(
        await session.scalars(select(Questionnaire.id).where(Questionnaire.started_at < cutoff))
    )
    for start in range(0, len(expired), 500):  # bounded IN lists
        chunk = expired[start : start + 500]
        await session.execute(delete(Answer).where(Answer.questionnaire_id.in_(chunk)))
        await session.execute(delete(Questionnaire).where(Questionnaire.id.in_(chunk)))
    await session.commit()
    return len(expired)
