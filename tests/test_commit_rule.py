"""Who commits (services/__init__.py): a service flushes, the owner of the session commits.

Only the modules listed in services/__init__.py as committing by contract may commit a session
they were handed; the others leave it to the handler, the job or the CLI task.
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import services
from services.evidence.objective import objective_by_region, set_objective
from services.retention import purge_delivery_logs, purge_expired
from storage.models import CentreNews, NewsDelivery, Questionnaire, User

SM = async_sessionmaker[AsyncSession]
ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
# The modules that commit by contract, as services/__init__.py lists them.
COMMITTING = {
    "services/updates.py",
    "services/news/deliveries.py",
    "services/digest/posts.py",
    "services/practices/channel.py",
    "services/survey.py",
    "services/users.py",
    "services/index/ratings.py",
    "services/demo.py",
    "services/exports/__init__.py",
}


def _committing_modules() -> set[str]:
    found = set()
    for path in sorted((ROOT / "services").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "commit"
            ):
                found.add(path.relative_to(ROOT).as_posix())
    return found


def test_only_the_documented_services_commit() -> None:
    assert _committing_modules() == COMMITTING
    for module in COMMITTING:  # each one is named in the rule
        dotted = module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        assert dotted in (services.__doc__ or ""), dotted


async def test_the_purge_leaves_the_commit_to_the_job(sessionmaker: SM, centres: None) -> None:
    async with sessionmaker() as session:
        session.add(
            Questionnaire(
                centre_code="77-cao",
                audience="seeker",
                respondent_key="old",
                methodology="test",
                started_at=NOW - timedelta(days=800),
            )
        )
        session.add(User(key="u1"))
        session.add(
            CentreNews(
                id=1,
                centre_code="77-cao",
                text="x",
                author_key="a",
                created_at=NOW - timedelta(days=60),
                recipients=1,
                delivered=1,
                finished_at=NOW - timedelta(days=60),
            )
        )
        await session.flush()
        session.add(NewsDelivery(news_id=1, user_key="u1", state="sent"))
        await session.commit()

    async with sessionmaker() as session:
        assert await purge_expired(session, 365, now=NOW) == 1
        assert await purge_delivery_logs(session, now=NOW) == 1
        await session.rollback()  # the job failed after purging: nothing is gone
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Questionnaire)) == 1
        assert await session.scalar(select(func.count()).select_from(NewsDelivery)) == 1


async def test_setting_objective_indicators_leaves_the_commit_to_the_task(
    sessionmaker: SM, centres: None
) -> None:
    async with sessionmaker() as session:
        assert await set_objective(session, "77", ["K1"], ["K1", "M1"]) == ["K1"]
        await session.rollback()
    async with sessionmaker() as session:
        assert await objective_by_region(session) == {}
    async with sessionmaker.begin() as session:  # as `python -m bot objective` runs it
        await set_objective(session, "77", ["K1"], ["K1", "M1"])
    async with sessionmaker() as session:
        assert await objective_by_region(session) == {"77": ["K1"]}
