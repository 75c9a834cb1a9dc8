"""storage.sqlite_driver leans on private parts of SQLAlchemy's aiosqlite adapter and of
aiosqlite. These tests fail loudly, naming the part, when an upgrade moves one of them; the
pins in pyproject.toml (SQLAlchemy 2.1.x) keep such an upgrade deliberate."""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.dialects.sqlite import aiosqlite as sa_aiosqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine, create_sessionmaker
from storage.sqlite_driver import BUSY_TIMEOUT_MS, Trips

PRIVATE = [
    (sa_aiosqlite.AsyncAdapt_aiosqlite_cursor, "_make_new_cursor"),
    (sa_aiosqlite.AsyncAdapt_aiosqlite_cursor, "_execute_async"),
    (sa_aiosqlite.AsyncAdapt_aiosqlite_cursor, "_executemany_async"),
    (sa_aiosqlite.AsyncAdapt_aiosqlite_connection, "_cursor_cls"),
    (aiosqlite.Connection, "_execute"),
]


@pytest.mark.parametrize(("owner", "name"), PRIVATE, ids=lambda v: getattr(v, "__name__", v))
def test_private_parts_the_driver_overrides_still_exist(owner: type, name: str) -> None:
    assert hasattr(owner, name), (
        f"{owner.__qualname__}.{name} is gone: review storage/sqlite_driver"
    )


def test_the_overridden_coroutines_keep_their_signatures() -> None:
    cursor = sa_aiosqlite.AsyncAdapt_aiosqlite_cursor
    assert list(inspect.signature(cursor._execute_async).parameters) == [
        "self",
        "operation",
        "parameters",
    ]
    assert list(inspect.signature(cursor._executemany_async).parameters) == [
        "self",
        "operation",
        "seq_of_parameters",
    ]


# Some 300,000 rows counted: far over the budget a SELECT gets on the event loop's thread.
LONG_READ = text(
    "SELECT count(*), sum(i) FROM (WITH RECURSIVE n(i) AS"
    " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT i FROM n)"
)


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the driver sent work (a statement, a commit, a rollback) to aiosqlite's
    worker thread."""
    counted = [0]
    original = Trips.__call__

    async def counting(self: Trips, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        counted[0] += 1
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(Trips, "__call__", counting)
    return counted


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    assert engine.dialect.driver == "czn_aiosqlite"
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


async def test_statements_run_on_the_loop_with_correct_results(
    engine: AsyncEngine, trips: list[int]
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))  # the connection's own set-up goes first
        trips[0] = 0
        inserted = await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert inserted.lastrowid == 1
        await conn.execute(text("INSERT INTO t (v) VALUES ('b')"))
        updated = await conn.execute(text("UPDATE t SET v = v || '!' WHERE id > 0"))
        assert updated.rowcount == 2
        rows = (await conn.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [(1, "a!"), (2, "b!")]
        await conn.commit()
        assert trips[0] == 0  # the whole transaction, commit included, on the loop
        # Bulk writes go to the worker thread.
        await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": "c"}, {"v": "d"}])
        assert trips[0] == 1
        await conn.commit()
    async with engine.connect() as fresh:  # committed for everyone
        rows = (await fresh.execute(text("SELECT v FROM t ORDER BY id"))).scalars().all()
    assert rows == ["a!", "b!", "c", "d"]


async def test_a_long_select_gives_way_to_the_thread_and_keeps_its_transaction(
    engine: AsyncEngine, trips: list[int]
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t (v) VALUES ('before the long read')"))
        trips[0] = 0
        assert tuple((await conn.execute(LONG_READ)).one()) == (300_000, 300_000 * 300_001 // 2)
        assert trips[0] == 1  # interrupted on the loop, run again on the thread
        # Afterwards the connection is as before: no budget left behind, locks waited out.
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 1
        assert trips[0] == 1
        await conn.execute(text("INSERT INTO t (v) VALUES ('after it')"))
        await conn.commit()
        # The worker thread waits out locks; the loop never does, and sets nothing per statement.
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() == BUSY_TIMEOUT_MS
        aio = (await conn.get_raw_connection()).driver_connection
        assert aio._conn.execute("PRAGMA busy_timeout").fetchone() == (0,)
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT v FROM t ORDER BY id"))).scalars().all()
    assert rows == ["before the long read", "after it"]


async def test_a_write_meeting_a_lock_waits_on_the_thread_not_on_the_loop(
    engine: AsyncEngine, trips: list[int]
) -> None:
    async with engine.connect() as holder, engine.connect() as other:
        await other.execute(text("SELECT 1"))
        await holder.execute(text("INSERT INTO t (v) VALUES ('held')"))  # the write lock
        trips[0] = 0

        async def write_meanwhile() -> None:
            await other.execute(text("INSERT INTO t (v) VALUES ('waited')"))
            await other.commit()

        waiting = asyncio.create_task(write_meanwhile())
        # Were the loop held by the waiting write, this sleep and the commit that frees the
        # lock could not run before the 10 s busy timeout, and that write would fail.
        await asyncio.sleep(0.3)
        assert not waiting.done()
        await holder.commit()
        await asyncio.wait_for(waiting, 5)
        assert trips[0] == 1  # the write that met the lock, on the thread
        rows = (await holder.execute(text("SELECT v FROM t ORDER BY id"))).scalars().all()
        assert rows == ["held", "waited"]


async def test_an_error_on_the_loop_is_the_error_sqlalchemy_raises(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        with pytest.raises(IntegrityError):
            await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        await conn.rollback()
        await conn.execute(text("INSERT INTO t (v) VALUES ('b')"))
        assert (await conn.execute(text("SELECT v FROM t"))).scalars().all() == ["b"]


async def test_a_session_that_committed_closes_without_a_trip(
    engine: AsyncEngine, trips: list[int]
) -> None:
    # SQLAlchemy rolls back every connection it gets back; with nothing to undo, sqlite3
    # would do nothing, so the driver does not send that rollback to the thread.
    sessions = create_sessionmaker(engine)
    async with sessions() as session:
        await session.execute(text("SELECT 1"))  # the connection's own set-up goes first
    trips[0] = 0
    async with sessions() as session:
        await session.execute(text("INSERT INTO t (v) VALUES ('kept')"))
        await session.commit()
    async with sessions() as session:
        await session.execute(text("SELECT count(*) FROM t"))
    assert trips[0] == 0
    async with sessions() as session:  # a rollback with something to undo still undoes it
        await session.execute(text("INSERT INTO t (v) VALUES ('undone')"))
        await session.rollback()
        assert trips[0] == 1
        assert (await session.execute(text("SELECT v FROM t"))).scalars().all() == ["kept"]


async def test_a_rollback_and_a_statement_queue_behind_a_function_still_running_on_the_thread(
    engine: AsyncEngine, trips: list[int]
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
        aio = (await conn.get_raw_connection()).driver_connection
        assert isinstance(aio, aiosqlite.Connection)
        gate = threading.Event()
        # A cancelled await (a timeout, a shutdown) leaves its function running on the thread.
        cancelled = asyncio.create_task(aio._execute(gate.wait, 10))
        await asyncio.sleep(0.05)
        cancelled.cancel()
        trips[0] = 0
        rollback = asyncio.create_task(conn.rollback())
        try:
            await asyncio.sleep(0.05)
            assert trips[0] == 1 and not rollback.done()  # sent to the thread, behind it
        finally:
            gate.set()
            await asyncio.wait_for(rollback, 5)
        gate.clear()
        cancelled = asyncio.create_task(aio._execute(gate.wait, 10))
        await asyncio.sleep(0.05)
        cancelled.cancel()
        trips[0] = 0
        # On the loop it would run with the thread's lock timeout, and could hold the loop.
        select = asyncio.create_task(conn.execute(text("SELECT 1")))
        try:
            await asyncio.sleep(0.05)
            assert trips[0] == 1 and not select.done()
        finally:
            gate.set()
            assert (await asyncio.wait_for(select, 5)).scalar() == 1
