"""Who a centre's questions go to: its working group, else the experts of its region, else the
experts of every region. Nobody at all: the admins are told (handlers.tickets.notify)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.team.roles import EXPERT, STAFF
from storage.models import Role


async def group_of(session: AsyncSession, centre_code: str) -> list[int]:
    rows = await session.scalars(
        select(Role.user_id).where(Role.role == STAFF, Role.scope == centre_code)
    )
    return sorted({int(uid) for uid in rows})


async def experts_of(session: AsyncSession, region_code: str) -> list[int]:
    rows = await session.scalars(
        select(Role.user_id).where(Role.role == EXPERT, Role.scope == region_code)
    )
    found = sorted({int(uid) for uid in rows})
    if found:
        return found
    everywhere = await session.scalars(
        select(Role.user_id).where(Role.role == EXPERT, Role.scope.is_(None))
    )
    return sorted({int(uid) for uid in everywhere})
