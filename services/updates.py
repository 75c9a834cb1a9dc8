"""Each Telegram update is handled once, even when it is delivered again.

Telegram redelivers updates whose receipt was not confirmed (a crash before the next
getUpdates, a webhook that answered late). The id is claimed before the update is handled,
so a redelivered or concurrently delivered copy finds it taken and is skipped, and the
claim is marked finished when the handler returns.

A claim that never finished belongs to a process that died mid-update, and the person's tap
must not be lost with it. Polling confirms a batch to Telegram when it asks for the next one,
usually before the batch is handled, so bot.inbox stores each batch (sealed) first and
replays the unfinished ones at start; polling has one consumer (Telegram refuses a second
getUpdates), so nothing else is handling them then. Webhook replicas run side by side and
Telegram retries a request that got no answer, so there an unfinished claim is retaken only
after a lease longer than any handler (WEBHOOK_CLAIM_LEASE_SECONDS); until then a copy that
meets it is answered "try again later" (bot.webhook), never acknowledged as handled: the
replica holding it may have died, and an acknowledged copy is one Telegram never sends again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, delete, event, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from storage.models import ProcessedUpdate, utcnow
from storage.upsert import insert_for, insert_ignore

_TABLE = cast(Table, ProcessedUpdate.__table__)
# Runs after every update: a Core statement built once.
_FINISH = (
    update(_TABLE).where(_TABLE.c.update_id == bindparam("id")).values(finished=True, payload=None)
)

# How long a claim is kept to recognise a redelivered copy. Telegram keeps an undelivered
# update (and retries a webhook) for 24 hours at most, so a claim older than that has no copy
# left to meet; 3 days leave room for clock skew and a bot that was down for a while.
KEEP = timedelta(days=3)
LEASE = timedelta(minutes=2)


async def claim(
    session: AsyncSession,
    update_id: int,
    now: datetime | None = None,
    *,
    lease: timedelta = LEASE,
) -> bool:
    """True if this update is now ours to handle: new, or abandoned by a dead handler (its
    claim unfinished for longer than `lease`)."""
    now = now or utcnow()
    claimed = await insert_ignore(
        session, ProcessedUpdate, {"update_id": update_id, "processed_at": now, "finished": False}
    )
    if not claimed:
        retaken = await session.execute(
            update(ProcessedUpdate)
            .where(
                ProcessedUpdate.update_id == update_id,
                ProcessedUpdate.finished.is_(False),
                ProcessedUpdate.processed_at < now - lease,
            )
            .values(processed_at=now)
        )
        claimed = bool(getattr(retaken, "rowcount", 0))
    await session.commit()
    return claimed


async def finished(session: AsyncSession, update_id: int) -> bool:
    """Whether the claim of an update that could not be claimed was finished (a duplicate of
    a handled update) rather than still held (a handler running, or one that died)."""
    done = await session.scalar(
        select(ProcessedUpdate.finished).where(ProcessedUpdate.update_id == update_id)
    )
    return done is not False  # a claim pruned meanwhile is as good as finished


async def finish(session: AsyncSession, update_id: int) -> None:
    """Mark the claim finished; committed with the handler's last writes by the caller."""
    await session.execute(_FINISH, {"id": update_id})


# session.info keys: the update a session handles, the one whose "finished" mark rides the
# session's next commit, and whether the mark has been written.
_HANDLING = "update_handled"
_FINISH_ON_COMMIT = "finish_update_on_commit"
_FINISHED = "update_finished"


def handling(session: AsyncSession, update_id: int) -> None:
    """The session belongs to this update (bot.middlewares); its mark is written once."""
    session.info[_HANDLING] = update_id


def finish_with_next_commit(session: AsyncSession) -> None:
    """Let the session's next commit also mark the update finished (one commit per update).

    Only for a step whose replay would show the person nothing a re-tap does not: the
    survey's answer path, where the screen tapped stays on screen with working buttons and
    a re-tap upserts the same answer (handlers.survey.flow.commit_and_show). A crash after
    that commit and before the reply loses the reply, never the write, and the update is
    not handled again. Everything else keeps its mark after the handler returns, so a
    crash mid-handler replays the whole update (bot.inbox).
    """
    update_id = session.info.get(_HANDLING)
    if update_id is not None and not session.info.get(_FINISHED):
        session.info[_FINISH_ON_COMMIT] = update_id


def is_finished(session: AsyncSession) -> bool:
    """Has a commit of this session already carried the update's "finished" mark?"""
    return bool(session.info.get(_FINISHED))


@event.listens_for(Session, "before_commit")
def _finish_in_commit(session: Session) -> None:
    update_id = session.info.pop(_FINISH_ON_COMMIT, None)
    if update_id is not None:
        session.execute(_FINISH, {"id": update_id})
        session.info[_FINISHED] = True


async def store(
    session: AsyncSession, batch: Sequence[tuple[int, str]], now: datetime | None = None
) -> set[int]:
    """Claim a fetched batch with its sealed payloads; the ids that were not claimed before."""
    if not batch:
        return set()
    now = now or utcnow()
    rows = [
        {"update_id": update_id, "processed_at": now, "finished": False, "payload": payload}
        for update_id, payload in batch
    ]
    result = await session.execute(
        insert_for(session, ProcessedUpdate)
        .values(rows)
        .on_conflict_do_nothing()
        .returning(_TABLE.c.update_id)
    )
    fresh = set(result.scalars())
    await session.commit()
    return fresh


async def unfinished(session: AsyncSession, now: datetime | None = None) -> list[tuple[int, str]]:
    """Stored updates a dead process never finished, oldest first; other stale claims go.

    Only safe while no other process handles updates, i.e. when polling starts.
    """
    await session.execute(
        delete(ProcessedUpdate).where(
            ProcessedUpdate.finished.is_(False), ProcessedUpdate.payload.is_(None)
        )
    )
    # Claimed anew: Telegram's own redelivery of these must not find an expired lease.
    await session.execute(
        update(ProcessedUpdate)
        .where(ProcessedUpdate.finished.is_(False))
        .values(processed_at=now or utcnow())
    )
    await session.commit()
    rows = await session.execute(
        select(ProcessedUpdate.update_id, ProcessedUpdate.payload)
        .where(ProcessedUpdate.finished.is_(False))
        .order_by(ProcessedUpdate.update_id)
    )
    return [(update_id, payload) for update_id, payload in rows if payload is not None]


async def prune(session: AsyncSession, now: datetime | None = None) -> int:
    """At start-up, before the replay: every claim older than KEEP goes."""
    cutoff = (now or utcnow()) - KEEP
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < cutoff)
    )
    await session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


async def prune_finished(session: AsyncSession, now: datetime | None = None) -> int:
    """The periodic prune (bot.scheduler, hourly), safe while updates are being handled:
    claims older than KEEP that are finished, or unfinished with no payload (a webhook claim
    whose handler died: its lease ran out long ago, and Telegram no longer redelivers it).
    Unfinished claims with a payload wait for the replay at the next polling start."""
    cutoff = (now or utcnow()) - KEEP
    result = await session.execute(
        delete(ProcessedUpdate).where(
            ProcessedUpdate.processed_at < cutoff,
            or_(ProcessedUpdate.finished.is_(True), ProcessedUpdate.payload.is_(None)),
        )
    )
    await session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
