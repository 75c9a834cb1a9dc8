"""Experts are told that evidence and practices wait for them (issues 9 and 12): batched, at
most one message per expert per EVIDENCE_NOTIFY_HOURS, and only when something arrived since
their last notice.

The scheduler's `evidence.notify` job calls `due_review_notices`, sends through the Sender and
records the delivered ones with `mark_notified` (`people.review_notified_at`), so a restart
does not notify anyone again. Experts of a region hear about its centres, experts of every
region about all; their own submissions never count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.evidence.model import PENDING
from services.practices.workflow import waiting_review
from services.privacy import Pseudonyms
from services.team.roles import EXPERT
from services.users import Users
from storage.models import Centre, Evidence, Person, Role
from storage.upsert import upsert


@dataclass(frozen=True, slots=True)
class ReviewNotice:
    user_id: int
    language: str | None
    count: int  # pending evidence this expert may decide
    practices: int = 0  # pending practices this expert may decide (services.practices)


async def _waiting(
    session: AsyncSession, user_id: int, regions: frozenset[str] | None
) -> tuple[int, datetime | None]:
    """(how many pending, the newest submission) in the regions (None: all), not their own."""
    stmt = (
        select(func.count(), func.max(Evidence.submitted_at))
        .select_from(Evidence)
        .join(Centre, Centre.code == Evidence.centre_code)
        .where(Evidence.status == PENDING, Evidence.submitted_by != user_id)
    )
    if regions is not None:
        stmt = stmt.where(Centre.region_code.in_(sorted(regions)))
    count, newest = (await session.execute(stmt)).one()
    return int(count or 0), newest


async def due_review_notices(
    session: AsyncSession, now: datetime, every: timedelta, pseudonyms: Pseudonyms
) -> list[ReviewNotice]:
    scopes: dict[int, set[str | None]] = {}
    for user_id, scope in await session.execute(
        select(Role.user_id, Role.scope).where(Role.role == EXPERT)
    ):
        scopes.setdefault(int(user_id), set()).add(scope)
    if not scopes:
        return []
    last = dict(
        (
            await session.execute(
                select(Person.user_id, Person.review_notified_at).where(
                    Person.user_id.in_(sorted(scopes))
                )
            )
        ).all()
    )
    out = []
    for user_id in sorted(scopes):
        notified = last.get(user_id)
        if notified is not None and now - notified < every:
            continue
        regions = scopes[user_id]
        everywhere = None in regions
        within = None if everywhere else frozenset(r for r in regions if r)
        count, newest = await _waiting(session, user_id, within)
        practices, newest_practice = await waiting_review(session, user_id, within)
        newest = max((d for d in (newest, newest_practice) if d is not None), default=None)
        if newest is None or (notified is not None and newest <= notified):
            continue  # nothing waits, or nothing new since the last notice
        user = await Users(session, pseudonyms).get(user_id)
        if user is not None and user.blocked_at is not None:
            continue
        out.append(ReviewNotice(user_id, user.language if user else None, count, practices))
    return out


async def mark_notified(session: AsyncSession, user_ids: Iterable[int], now: datetime) -> None:
    for user_id in user_ids:
        await upsert(
            session,
            Person,
            {"user_id": user_id, "review_notified_at": now},
            keys=["user_id"],
            update=["review_notified_at"],
        )
