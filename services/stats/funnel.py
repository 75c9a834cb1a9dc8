"""The completion funnel: consent shown → consent given → started → first answer → completed.

The first two steps happen before anything about a person is stored, so they are counted as
anonymous daily numbers (storage.models_stats.FunnelCount: UTC day, centre or "" before one is
chosen, stage); the other three are read from the questionnaires themselves. Where people stop
is the first unanswered question of questionnaires begun and not completed: answers are given
in order, so the number of answers is that question's position.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, case, exists, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Answer, Centre, Questionnaire, utcnow
from storage.models_stats import FunnelCount
from storage.upsert import insert_for

CONSENT_SHOWN, CONSENT_GIVEN = "consent_shown", "consent_given"
STEPS = ("consent_shown", "consent_given", "started", "first_answer", "completed")


async def count_step(session: AsyncSession, stage: str, centre_code: str | None) -> None:
    """Add one to today's counter of `stage` for the centre (or "" when none is chosen yet).

    The caller commits before it talks to Telegram (SQLite must not hold the lock).
    """
    if stage not in (CONSENT_SHOWN, CONSENT_GIVEN):
        raise ValueError(f"not a counted stage: {stage!r}")
    stmt = insert_for(session, FunnelCount).values(
        day=utcnow().date(), centre_code=(centre_code or "")[:32], stage=stage, count=1
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["day", "centre_code", "stage"],
        set_={"count": FunnelCount.__table__.c.count + 1},
    )
    await session.execute(stmt)


@dataclass(frozen=True, slots=True)
class Stop:
    audience: str
    position: int  # 0-based index of the first unanswered question
    count: int  # questionnaires that stopped there
    abandoned: int  # all begun and not completed, of this audience


@dataclass
class Funnel:
    steps: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    stops: list[Stop] = field(default_factory=list)
    counted_since: datetime | None = None  # the first day with consent counters


def _centres_in(regions: frozenset[str] | None) -> ColumnElement[bool]:
    if regions is None:
        return true()
    return Questionnaire.centre_code.in_(
        select(Centre.code).where(Centre.region_code.in_(sorted(regions)))
    )


async def funnel(
    session: AsyncSession,
    regions: frozenset[str] | None,
    since: datetime,
    until: datetime,
    methodology: str,
) -> Funnel:
    """The funnel of [since, until) for the country (`regions` None) or some regions.

    In regions the consent steps count only people whose centre was known at that moment (a
    QR code or a link of one of its centres); in the country, everyone.
    """
    out = Funnel()
    day_from, day_to = since.astimezone(UTC).date(), until.astimezone(UTC).date()
    counters = (
        select(FunnelCount.stage, func.sum(FunnelCount.count))
        .where(FunnelCount.day >= day_from, FunnelCount.day <= day_to)
        .group_by(FunnelCount.stage)
    )
    if regions is not None:
        counters = counters.where(
            FunnelCount.centre_code.in_(
                select(Centre.code).where(Centre.region_code.in_(sorted(regions)))
            )
        )
    for stage, total in await session.execute(counters):
        if stage in out.steps:
            out.steps[stage] = int(total or 0)
    first = await session.scalar(select(func.min(FunnelCount.day)))
    if first is not None and first > day_from:
        out.counted_since = datetime(first.year, first.month, first.day, tzinfo=UTC)

    q = Questionnaire
    begun = and_(
        q.started_at >= since,
        q.started_at < until,
        q.methodology == methodology,
        _centres_in(regions),
    )
    answered = exists().where(Answer.questionnaire_id == q.id)
    row = (
        await session.execute(
            select(
                func.count(),
                func.count(q.completed_at),
                func.sum(case((answered, 1), else_=0)),
            ).where(begun)
        )
    ).one()
    out.steps["started"] = int(row[0] or 0)
    out.steps["completed"] = int(row[1] or 0)
    out.steps["first_answer"] = int(row[2] or 0)
    out.stops = await _stops(session, begun)
    return out


async def _stops(session: AsyncSession, begun: ColumnElement[bool]) -> list[Stop]:
    """Per audience, the question where most unfinished questionnaires stopped."""
    q = Questionnaire
    answers = (
        select(func.count(Answer.question_id))
        .where(Answer.questionnaire_id == q.id)
        .correlate(q)
        .scalar_subquery()
    )
    rows = await session.execute(select(q.audience, answers).where(begun, q.completed_at.is_(None)))
    by_audience: dict[str, Counter[int]] = {}
    for audience, position in rows:
        by_audience.setdefault(audience, Counter())[int(position or 0)] += 1
    return [_mode(audience, counts) for audience, counts in sorted(by_audience.items())]


def _mode(audience: str, counts: Counter[int]) -> Stop:
    # Ties: the earlier question (the bigger loss of answers).
    position, n = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return Stop(audience, position, n, sum(counts.values()))


def conversion(steps: dict[str, int], order: Iterable[str] = STEPS) -> list[tuple[str, int]]:
    return [(name, steps.get(name, 0)) for name in order]
