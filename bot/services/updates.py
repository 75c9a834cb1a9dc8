"""Each Telegram update is handled once, even when it is delivered again.

Telegram redelivers updates whose receipt was not confirmed (a crash before the next
getUpdates, a webhook that answered late). The id is claimed before the update is handled:
a redelivered or concurrently delivered copy finds it taken and is skipped. An update whose
handling was cut off by a crash is therefore not retried; that is safe because every answer
is committed before the bot acknowledges it, and the person simply taps again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdate, utcnow
from storage.upsert import insert_ignore

KEEP = timedelta(days=3)  # Telegram keeps undelivered updates for 24 hours


async def claim(session: AsyncSession, update_id: int) -> bool:
    """True if this update was not seen before (and is now marked as seen)."""
    claimed = await insert_ignore(
        session, ProcessedUpdate, {"update_id": update_id, "processed_at": utcnow()}
    )
    await session.commit()
    return claimed


async def prune(session: AsyncSession, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - KEEP
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff)
    )
    await session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
