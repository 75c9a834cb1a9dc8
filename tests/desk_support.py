"""Shared data of the desk tests (tests/exports, tests/stats, tests/audit): questionnaires
with known answers, so an export or a statistic can be checked number by number."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scoring.questionnaire import load_questionnaire
from services.team.roles import Roles
from storage.models import Answer, Questionnaire, utcnow

SM = async_sessionmaker[AsyncSession]
SPEC = load_questionnaire("star-2023")


async def grant(sm: SM, user_id: int, role: str, scope: str | None) -> None:
    async with sm() as session:
        await Roles(session).grant(user_id, role, scope, by=1)
        await session.commit()


async def add_questionnaires(
    sm: SM,
    centre: str,
    audience: str,
    count: int,
    *,
    value: int | None = 4,
    completed_at: datetime | None = None,
    comments: Sequence[str | None] = (),
    answered: int | None = None,
    key_prefix: str = "k",
) -> list[int]:
    """`count` questionnaires of one centre and audience, every answer `value` (None: hard to
    say); completed at `completed_at` (default: an hour ago) unless `answered` is given, which
    leaves them unfinished after that many answers."""
    completed_at = completed_at or utcnow() - timedelta(hours=1)
    questions = SPEC.for_audience(audience)
    ids = []
    async with sm() as session:
        for i in range(count):
            done = answered is None
            q = Questionnaire(
                centre_code=centre,
                audience=audience,
                respondent_key=f"{key_prefix}-{centre}-{audience}-{i}",
                methodology="star-2023",
                started_at=completed_at - timedelta(minutes=5),
                completed_at=completed_at if done else None,
                comment=comments[i] if i < len(comments) else None,
            )
            session.add(q)
            await session.flush()
            ids.append(q.id)
            shown = questions if done else questions[: answered or 0]
            if shown:
                await session.execute(
                    insert(Answer),
                    [
                        {
                            "questionnaire_id": q.id,
                            "question_id": question.id,
                            "indicator": question.indicator,
                            "value": value,
                            "answered_at": completed_at,
                        }
                        for question in shown
                    ],
                )
        await session.commit()
    return ids
