"""Answers are kept RETENTION_DAYS (the promise of the personal-data policy), then deleted.

Snapshots are aggregates with no link to a person, so they stay as history. The scheduler
runs the purge daily (bot.scheduler `retention.purge`); `python -m bot purge` runs it now.
A news broadcast's delivery log (who got it) is dropped DELIVERY_LOG_DAYS after it finished:
the news row keeps the counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.survey import delete_questionnaires
from storage.models import CentreNews, NewsDelivery, Questionnaire, utcnow

DELIVERY_LOG_DAYS = 30


async def purge_expired(
    session: AsyncSession, retention_days: int, now: datetime | None = None
) -> int:
    """Delete questionnaires started before the retention window; returns how many. Flushed:
    the job commits."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    removed = await delete_questionnaires(session, Questionnaire.started_at < cutoff)
    await session.flush()
    return removed


async def purge_delivery_logs(session: AsyncSession, now: datetime | None = None) -> int:
    """Drop the delivery logs of broadcasts finished over DELIVERY_LOG_DAYS ago. Flushed: the
    job commits."""
    cutoff = (now or utcnow()) - timedelta(days=DELIVERY_LOG_DAYS)
    finished = select(CentreNews.id).where(CentreNews.finished_at < cutoff)
    result = await session.execute(delete(NewsDelivery).where(NewsDelivery.news_id.in_(finished)))
    await session.flush()
    return int(getattr(result, "rowcount", 0) or 0)
