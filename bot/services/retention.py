"""Answers are kept RETENTION_DAYS (the promise of the personal-data policy), then deleted.

Snapshots are aggregates with no link to a person, so they stay as history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.survey import delete_questionnaires
from storage.models import Questionnaire, utcnow


async def purge_expired(
    session: AsyncSession, retention_days: int, now: datetime | None = None
) -> int:
    """Delete questionnaires started before the retention window; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    removed = await delete_questionnaires(session, Questionnaire.started_at < cutoff)
    await session.commit()
    return removed
