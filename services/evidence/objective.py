"""Which indicators have an objective part (X of N requirements) in which region.

Seed 000: "objective indicators are assigned personally to each region". Regions start with
none; the index is then the survey alone until the region's objective parts are switched on.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from storage.models import ObjectiveIndicator, Region


async def set_objective(
    session: AsyncSession,
    region: str,
    indicators: Iterable[str],
    known: Iterable[str],
    *,
    by: int | None = None,
) -> list[str]:
    """Replace the region's objective indicators; returns them sorted. Flushed: the caller
    commits."""
    if await session.get(Region, region) is None:
        raise ValueError(f"unknown region {region!r}")
    wanted = sorted(set(indicators))
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise ValueError(f"unknown indicator codes: {', '.join(unknown)}")
    before = sorted(
        await session.scalars(
            select(ObjectiveIndicator.indicator).where(ObjectiveIndicator.region_code == region)
        )
    )
    await session.execute(
        delete(ObjectiveIndicator).where(ObjectiveIndicator.region_code == region)
    )
    session.add_all(ObjectiveIndicator(region_code=region, indicator=code) for code in wanted)
    if before != wanted:
        await audit.record(
            session, by, audit.OBJECTIVE_CHANGED, "region", region, before=before, after=wanted
        )
    await session.flush()
    return wanted


async def objective_by_region(session: AsyncSession) -> dict[str, list[str]]:
    rows = await session.execute(
        select(ObjectiveIndicator.region_code, ObjectiveIndicator.indicator).order_by(
            ObjectiveIndicator.region_code, ObjectiveIndicator.indicator
        )
    )
    out: dict[str, list[str]] = {}
    for region, indicator in rows:
        out.setdefault(region, []).append(indicator)
    return out
