"""Which clock a date is shown by: the centre's time zone, else its region's, else Moscow.

The centre directory gives every centre a time zone (centres.timezone); a region has none
of its own, so a region's is the one most of its centres use.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.team.roles import EXPERT, STAFF
from storage.models import Centre

DEFAULT_TIMEZONE = "Europe/Moscow"


async def centre_timezone(session: AsyncSession, code: str | None) -> str:
    centre = await session.get(Centre, code) if code else None
    return centre.timezone if centre is not None else DEFAULT_TIMEZONE


async def region_timezone(session: AsyncSession, region_code: str | None) -> str:
    if not region_code:
        return DEFAULT_TIMEZONE
    count = func.count()
    zone = await session.scalar(
        select(Centre.timezone)
        .where(Centre.region_code == region_code)
        .group_by(Centre.timezone)
        .order_by(count.desc(), Centre.timezone)
        .limit(1)
    )
    return zone or DEFAULT_TIMEZONE


async def scope_timezone(session: AsyncSession, role: str, scope: str | None) -> str:
    """The time zone of a role's scope: a staff member's centre, an expert's region."""
    if role == STAFF:
        return await centre_timezone(session, scope)
    if role == EXPERT:
        return await region_timezone(session, scope)
    return DEFAULT_TIMEZONE


def utc_offset(moment: datetime, timezone: str) -> str:
    """«UTC+3», «UTC+5:30»: which clock a shown time is by, readable in any language."""
    offset = moment.astimezone(ZoneInfo(timezone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "") if minutes else "UTC"
