"""The audit log (issue 15): what admins and experts did, appended, never changed.

`record` adds one entry to the caller's transaction, so an action and its entry are committed
together or not at all. `latest` reads entries newest first, filtered by person and kind, for
/audit and the export. Nothing here updates or deletes an entry (and the database refuses to).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Evidence, utcnow
from storage.models_audit import AuditEntry

INVITE_CREATED = "invite_created"
INVITE_USED = "invite_used"
INVITE_REVOKED = "invite_revoked"
ROLE_GRANTED = "role_granted"
ROLE_REVOKED = "role_revoked"
OBJECTIVE_CHANGED = "objective_changed"
EVIDENCE_ACCEPTED = "evidence_accepted"
EVIDENCE_REJECTED = "evidence_rejected"
EXPORT_MADE = "export_made"
KINDS = (
    INVITE_CREATED,
    INVITE_USED,
    INVITE_REVOKED,
    ROLE_GRANTED,
    ROLE_REVOKED,
    OBJECTIVE_CHANGED,
    EVIDENCE_ACCEPTED,
    EVIDENCE_REJECTED,
    EXPORT_MADE,
)
DETAIL_LIMIT = 500  # characters of a detail value (a rejection reason is at most this)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor_id: int | None = None
    kind: str | None = None


def _bounded(detail: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in detail.items():
        if isinstance(value, str) and len(value) > DETAIL_LIMIT:
            value = value[:DETAIL_LIMIT] + "…"
        out[key] = value
    return out


async def record_decision(session: AsyncSession, actor_id: int, evidence: Evidence) -> None:
    """An expert's (or admin's) accept or reject of one evidence item."""
    kind = EVIDENCE_ACCEPTED if evidence.status == "accepted" else EVIDENCE_REJECTED
    await record(
        session, actor_id, kind, "evidence", evidence.id,
        centre=evidence.centre_code, requirement=evidence.requirement_id, reason=evidence.reason,
    )  # fmt: skip


async def record(
    session: AsyncSession,
    actor_id: int | None,
    kind: str,
    object_type: str,
    object_id: object,
    **detail: Any,
) -> AuditEntry:
    """Append one entry to the session's transaction (flushed, not committed)."""
    if kind not in KINDS:
        raise ValueError(f"unknown audit kind {kind!r}")
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor_id,
        kind=kind,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=_bounded(detail),
    )
    session.add(entry)
    await session.flush()
    return entry


def _query(where: AuditFilter) -> Select[AuditEntry]:
    stmt = select(AuditEntry)
    if where.actor_id is not None:
        stmt = stmt.where(AuditEntry.actor_id == where.actor_id)
    if where.kind is not None:
        stmt = stmt.where(AuditEntry.kind == where.kind)
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


async def latest(
    session: AsyncSession, where: AuditFilter = AuditFilter(), *, limit: int = 20, offset: int = 0
) -> list[AuditEntry]:
    return list(await session.scalars(_query(where).limit(limit).offset(offset)))


async def count(session: AsyncSession, where: AuditFilter = AuditFilter()) -> int:
    stmt = select(func.count()).select_from(_query(where).order_by(None).subquery())
    return int(await session.scalar(stmt) or 0)


async def actors(session: AsyncSession) -> list[int]:
    """Everyone with an entry, for the person filter (most recent first)."""
    rows = await session.execute(
        select(AuditEntry.actor_id, func.max(AuditEntry.at).label("last"))
        .where(AuditEntry.actor_id.is_not(None))
        .group_by(AuditEntry.actor_id)
        .order_by(func.max(AuditEntry.at).desc())
    )
    return [int(actor) for actor, _ in rows if actor is not None]


async def stream(
    session: AsyncSession, where: AuditFilter = AuditFilter()
) -> AsyncIterator[AuditEntry]:
    """Every matching entry, newest first, without holding them all (the export)."""
    result = await session.stream_scalars(_query(where).execution_options(yield_per=1000))
    async for entry in result:
        yield entry
