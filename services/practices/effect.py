"""The tallies behind a practice's measured effect (the math: scoring.effect).

Completed questionnaires of the practice's region, answers to the practice's indicators,
`window_days` before the start date (centre's local midnight) and `window_days` after it (up
to now): the centre's own against the region's other centres over the same dates.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scoring.effect import Effect, Tally, difference_in_differences
from storage.models import Answer, Centre, Questionnaire
from storage.models_practices import Practice

WINDOW_DAYS = 90


async def measure(
    session: AsyncSession,
    practice: Practice,
    *,
    now: datetime,
    min_answers: int,
    window_days: int = WINDOW_DAYS,
) -> Effect | None:
    """None when the practice has no start date or no indicators (a draft)."""
    codes = practice.codes()
    centre = await session.get(Centre, practice.centre_code)
    if practice.started_on is None or not codes or centre is None:
        return None
    start = datetime.combine(practice.started_on, time(), ZoneInfo(centre.timezone))
    window = timedelta(days=window_days)
    low, high = start - window, min(start + window, now)
    region = select(Centre.code).where(Centre.region_code == centre.region_code)
    own = Questionnaire.centre_code == centre.code
    after = Questionnaire.completed_at >= start
    side = case((own, 1), else_=0).label("own")
    half = case((after, 1), else_=0).label("after")
    rows = await session.execute(
        select(side, half, func.sum(Answer.value - 1), func.count(Answer.value))
        .join(Questionnaire, Questionnaire.id == Answer.questionnaire_id)
        .where(
            Questionnaire.centre_code.in_(region),
            Questionnaire.completed_at >= low,
            Questionnaire.completed_at < high,
            Answer.indicator.in_(codes),
            Answer.value.is_not(None),
        )
        .group_by(side, half)
    )
    tallies = {(int(o), int(a)): Tally(int(t or 0), int(n)) for o, a, t, n in rows.all()}
    empty = Tally()
    return difference_in_differences(
        tallies.get((1, 0), empty),
        tallies.get((1, 1), empty),
        tallies.get((0, 0), empty),
        tallies.get((0, 1), empty),
        min_answers=min_answers,
    )
