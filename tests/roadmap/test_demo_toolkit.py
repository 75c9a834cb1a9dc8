"""`make demo` carries a few client-group profiles and one pilot in progress."""

from __future__ import annotations

from sqlalchemy import func, select

from services.demo_toolkit import seed_toolkit
from services.roadmap.export import progress_rows
from storage.models import utcnow
from storage.models_profiles import ClientProfile
from storage.models_roadmap import Pilot, PilotMeeting
from tests.roadmap.support import SM


async def test_the_demo_has_profiles_and_a_pilot_in_progress(
    sessionmaker: SM, centres: None
) -> None:
    async with sessionmaker.begin() as session:
        profiles, done = await seed_toolkit(session, utcnow())
    assert profiles == 3 and 0 < done < 20
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(ClientProfile)) == 3
        assert (await session.scalars(select(Pilot))).one().region_code == "77"
        assert await session.scalar(select(func.count()).select_from(PilotMeeting)) == 1
        rows = await progress_rows(session)
    results = [r.result for r in rows]
    assert results.count("on_time") == done and "open" in results
    assert [r.status for r in rows].count("submitted") == 1
