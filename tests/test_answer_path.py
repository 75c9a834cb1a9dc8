"""The answer path of issue 16: one commit per answer before the reply, languages and roles
from the process cache, invalidated by any writer (this process, another replica, raw SQL)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import event, make_url, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from handlers.survey.states import Respondent
from services.privacy import Pseudonyms
from services.team.roles import STAFF, Roles
from services.user_cache import UserCache
from services.users import Users
from storage.models import Answer, ProcessedUpdate
from storage.models_versions import USERS, ChangeCounter
from tests.harness import Person

pytestmark = pytest.mark.backends("sqlite", "postgresql")
SM = async_sessionmaker[AsyncSession]


def engine_of(sm: SM) -> AsyncEngine:
    bind = sm.kw["bind"]
    assert isinstance(bind, AsyncEngine)
    return bind


class Log:
    """SQL statements and commits of an engine, each with how many Bot API calls preceded it."""

    def __init__(self, sm: SM, user: Person) -> None:
        self.events: list[tuple[str, str, int]] = []
        self.user = user
        sync = engine_of(sm).sync_engine
        event.listen(sync, "before_cursor_execute", self._statement)
        event.listen(sync, "commit", self._commit)

    def _statement(self, _c: Any, _cur: Any, statement: str, *_: Any) -> None:
        self.events.append(("sql", statement, len(self.user.session.calls)))

    def _commit(self, _conn: Any) -> None:
        self.events.append(("commit", "", len(self.user.session.calls)))

    def clear(self) -> None:
        self.events.clear()

    @property
    def commits(self) -> list[int]:
        return [calls for kind, _, calls in self.events if kind == "commit"]

    def statements(self, fragment: str) -> int:
        return sum(1 for kind, sql, _ in self.events if kind == "sql" and fragment in sql)


async def start_answering(user: Person) -> None:
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("соискатель")


async def test_an_answer_is_one_commit_before_any_reply(user: Person, sessionmaker: SM) -> None:
    await start_answering(user)
    await user.tap("4")  # warm: statement caches, the user cache
    log = Log(sessionmaker, user)
    calls_before = len(user.session.calls)
    await user.tap("4")
    # The claim (no polling inbox here: claimed on its own), then one commit holding the
    # answer, the conversation state and the finished mark; nothing shown before it.
    assert log.commits == [calls_before, calls_before]
    replies = [type(c).__name__ for c in user.session.calls[calls_before:]]
    assert replies == ["AnswerCallbackQuery", "EditMessageText"]
    assert "Вопрос 3 из 19" in user.last().text
    async with sessionmaker() as session:
        answers = (await session.execute(select(Answer.question_id))).scalars().all()
        unfinished = await session.scalar(
            select(ProcessedUpdate.update_id).where(ProcessedUpdate.finished.is_(False))
        )
    assert len(answers) == 2
    assert unfinished is None
    state = user.dp.fsm.get_context(user.bot, user.chat.id, user.user.id)
    assert await state.get_state() == Respondent.answering.state
    assert (await state.get_data())["n"] == 2
    # Language and roles came from the process cache: no query of users or roles.
    assert log.statements("FROM users") == 0
    assert log.statements("FROM roles") == 0


async def test_the_last_answer_completes_in_the_same_commit(user: Person, sessionmaker: SM) -> None:
    await start_answering(user)
    for _ in range(18):
        await user.tap("4")
    log = Log(sessionmaker, user)
    calls_before = len(user.session.calls)
    await user.tap("4")
    assert log.commits == [calls_before, calls_before]
    assert "все ответы сохранены" in user.last().text


async def test_a_role_granted_elsewhere_is_seen_at_once_in_this_process(
    user: Person, sessionmaker: SM
) -> None:
    """Staff may not rate their own centre: a grant by another session counts immediately."""
    await user.send("/language")
    async with sessionmaker.begin() as session:
        await Roles(session).grant(user.user.id, STAFF, "77-cao", by=None)
    await user.send("/start c_77-cao")
    assert "ЦАО" in user.last().text
    assert "Согласен" not in str(user.last().buttons())  # refused before consent


async def test_the_version_moves_with_every_writer(sessionmaker: SM) -> None:
    async def version() -> int:
        async with sessionmaker() as session:
            found = await session.scalar(
                select(ChangeCounter.version).where(ChangeCounter.name == USERS)
            )
            assert found is not None
            return int(found)

    pseudonyms = Pseudonyms("k" * 32)
    start = await version()
    async with sessionmaker.begin() as session:
        await Users(session, pseudonyms).give_consent(5)  # no language chosen: no move
    assert await version() == start
    async with sessionmaker.begin() as session:
        await Users(session, pseudonyms).set_language(5, "en")
    assert await version() == start + 1
    async with sessionmaker.begin() as session:
        await session.execute(text("UPDATE users SET language = 'ru'"))  # by hand
    assert await version() == start + 2
    async with sessionmaker.begin() as session:
        await Roles(session).grant(5, STAFF, None, by=None)
    assert await version() == start + 3


async def test_another_replica_sees_a_revocation_within_the_check_interval(
    sessionmaker: SM, database_url: str, backend: str, centres: None
) -> None:
    if backend != "sqlite":
        pytest.skip("the other process writes with the sqlite3 module")
    now = [0.0]
    cache = UserCache(Pseudonyms("k" * 32), check_every=1.0, clock=lambda: now[0])
    async with sessionmaker.begin() as session:
        await Roles(session).grant(7, STAFF, "77-cao", by=None)
    async with sessionmaker() as session:
        assert (await cache.get(session, 7)).access.works_at("77-cao")
    # Another process revokes it: no engine of this process sees the statement.
    path = make_url(database_url).database
    assert path is not None
    with sqlite3.connect(path) as other:
        other.execute("DELETE FROM roles WHERE user_id = 7")
    async with sessionmaker() as session:
        assert (await cache.get(session, 7)).access.works_at("77-cao")  # within the interval
        now[0] = 1.5  # the next check reads the moved version
        assert not (await cache.get(session, 7)).access.works_at("77-cao")
