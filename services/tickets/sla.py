"""Service levels over time: overdue tickets, idle answered ones, retention, and the figures
of `/tickets` (open tickets, the share answered on time, the mean rating per centre).

Called by the scheduler's `tickets.overdue` job with its clock, so a test moves time at will.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.rules import ANSWERED, CLOSED, OPEN, UNANSWERED
from storage.models_tickets import Ticket, TicketMessage, TicketNotice


async def overdue(session: AsyncSession, now: datetime) -> list[Ticket]:
    """Unanswered, not escalated yet, and past the answer time or (untouched) the reaction
    limit: to be escalated to the region's experts."""
    rows = await session.scalars(
        select(Ticket)
        .where(
            Ticket.status.in_(UNANSWERED),
            Ticket.escalated_at.is_(None),
            or_(
                Ticket.due_at < now,
                and_(Ticket.status == OPEN, Ticket.reaction_due_at < now),
            ),
        )
        .order_by(Ticket.id)
        .limit(500)
    )
    return list(rows)


async def stuck_after_escalation(session: AsyncSession, now: datetime) -> list[Ticket]:
    """Escalated tickets nobody can answer (no expert anywhere) the admins were not told of."""
    rows = await session.scalars(
        select(Ticket)
        .where(
            Ticket.status.in_(UNANSWERED),
            Ticket.escalated_at.is_not(None),
            Ticket.admins_told_at.is_(None),
        )
        .order_by(Ticket.id)
        .limit(500)
    )
    return list(rows)


async def close_idle(session: AsyncSession, now: datetime, days: int) -> int:
    """Answered tickets the asker left alone for `days` close by themselves."""
    result = await session.execute(
        update(Ticket)
        .where(Ticket.status == ANSWERED, Ticket.answered_at < now - timedelta(days=days))
        .values(status=CLOSED, closed_at=now, close_reason="idle")
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def purge_closed(session: AsyncSession, now: datetime, retention_days: int) -> int:
    """Closed past the retention period: the sealed chat, the key and the texts go; the
    times and the rating stay (they name nobody) for the service-level figures."""
    cutoff = now - timedelta(days=retention_days)
    ids = list(
        await session.scalars(
            select(Ticket.id)
            .where(Ticket.status == CLOSED, Ticket.closed_at <= cutoff, Ticket.purged_at.is_(None))
            .limit(1000)
        )
    )
    if not ids:
        return 0
    await session.execute(delete(TicketMessage).where(TicketMessage.ticket_id.in_(ids)))
    await session.execute(delete(TicketNotice).where(TicketNotice.ticket_id.in_(ids)))
    await session.execute(
        update(Ticket)
        .where(Ticket.id.in_(ids))
        .values(asker_key=None, asker_chat=None, purged_at=now)
        .execution_options(synchronize_session=False)
    )
    return len(ids)


@dataclass(frozen=True, slots=True)
class CentreFigures:
    centre_code: str
    open: int
    overdue: int
    answered: int
    on_time: int
    rated: int
    rating_sum: int

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.answered if self.answered else None

    @property
    def mean_rating(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None


async def figures(
    session: AsyncSession, centres: list[str], since: datetime, now: datetime
) -> list[CentreFigures]:
    """Per centre: open and overdue now; of tickets asked since `since`, answered, answered
    by the first promised time, and their ratings."""
    if not centres:
        return []
    t = Ticket
    unanswered = t.status.in_(UNANSWERED)
    out = []
    for code in centres:
        base = select(func.count()).select_from(t).where(t.centre_code == code)
        open_now = int(await session.scalar(base.where(unanswered)) or 0)
        late_now = int(await session.scalar(base.where(unanswered, t.due_at < now)) or 0)
        recent = base.where(t.created_at >= since)
        answered = int(await session.scalar(recent.where(t.first_answered_at.is_not(None))) or 0)
        on_time = int(
            await session.scalar(
                recent.where(
                    t.first_answered_at.is_not(None), t.first_answered_at <= t.first_due_at
                )
            )
            or 0
        )
        rated, total = (
            await session.execute(
                select(func.count(t.rating), func.coalesce(func.sum(t.rating), 0)).where(
                    t.centre_code == code, t.created_at >= since, t.rating.is_not(None)
                )
            )
        ).one()
        out.append(
            CentreFigures(code, open_now, late_now, answered, on_time, int(rated), int(total or 0))
        )
    return out


async def open_tickets(session: AsyncSession, centres: list[str], limit: int) -> list[Ticket]:
    rows = await session.scalars(
        select(Ticket)
        .where(Ticket.centre_code.in_(centres), Ticket.status.in_(UNANSWERED))
        .order_by(Ticket.due_at, Ticket.id)
        .limit(limit)
    )
    return list(rows)
