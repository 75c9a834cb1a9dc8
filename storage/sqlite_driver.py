"""aiosqlite with at most one thread hand-off per statement, and none for most.

SQLAlchemy's aiosqlite adapter opens a cursor, executes, fetches and closes the cursor as
four separate trips to aiosqlite's worker thread. Each trip is a queue put, a thread wake-up
and a loop wake-up; on a small VM they cost more than the SQLite work itself. Here the cursor
does all four in one go, and first tries that go on the event loop's own thread, where a
point lookup or a one-row write takes microseconds:

- with `busy_timeout` 0 there, so a statement that meets another connection's write lock
  does not hold up the loop: it goes to the worker thread and waits for the lock there;
- a SELECT gets a budget of SQLite VM steps; one that runs longer (a report, an export) is
  interrupted, which changes nothing, and runs again on the worker thread. Writes are never
  interrupted (SQLite would roll back their whole transaction): the bot's writes are a row or
  a few, and bulk writes (`executemany`) always go to the thread;
- commits too, so the answer path's transaction never yields while it holds the write lock
  (else every update in flight met that lock and went to the thread); rollbacks stay on the
  worker thread, except one with nothing to undo: SQLAlchemy rolls back every connection it
  gets back, after a commit too, and sqlite3 would do nothing there but the trip cost a
  thread wake-up and a loop wake-up per session (`Trips`).

Measured under the 100-respondent load (bench/bench_load.py), alternated with a hand-off
for every statement: −12 to −16 % CPU per update, +16 to +21 % throughput; the rollbacks
with nothing to undo, 2.6 trips per update before, then −5 to −14 % more. Everything
else — connections, transactions, the dialect — is SQLAlchemy's own `sqlite+aiosqlite`.

Registered as `sqlite+czn_aiosqlite`; storage.db.create_engine switches to it for SQLite.
"""

from __future__ import annotations

import collections
import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.util.concurrency import await_

BUSY_TIMEOUT_MS = 10_000  # on the worker thread: short locks are waited out (storage.db)
_STEP_CHECK = 1_000  # SQLite VM steps between two looks at a SELECT's budget
_STEP_BUDGET = 200  # of those looks: ~200,000 steps, a millisecond or two
_GIVE_WAY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_INTERRUPT)
# Tried on the loop; anything else (WITH, PRAGMA, DDL) always goes to the worker thread.
_ON_LOOP = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE"})

Outcome = tuple[Any, list[Any], int, int | None]
T = TypeVar("T")


def run_on_loop(raw: sqlite3.Connection, trip: Callable[[], T], read: bool) -> T | None:
    """The statement run here and now, or None when it must go to the worker thread.

    The connection rests with `busy_timeout` 0 (`Trips` raises it for the worker thread's
    functions only): setting it twice per statement here cost more than a point lookup."""
    looks = 0

    def over_budget() -> bool:
        nonlocal looks
        looks += 1
        return looks > _STEP_BUDGET

    if read:
        raw.set_progress_handler(over_budget, _STEP_CHECK)
    try:
        return trip()
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode & 0xFF in _GIVE_WAY:
            return None  # locked, or a long read: nothing happened, the thread does it
        raise
    finally:
        if read:
            raw.set_progress_handler(None, 0)


class _Results:
    """Stands in for aiosqlite's cursor: the outcome of the one trip."""

    arraysize = 1

    def __init__(self) -> None:
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> _Results:
        return self

    async def close(self) -> None:
        return None


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def _make_new_cursor(self, connection: Any) -> Any:
        return _Results()

    async def _run(self, method: str, operation: Any, parameters: Any) -> None:
        raw = self._connection._conn  # the sqlite3 connection: on the loop, else its own thread
        results: _Results = self._cursor  # type: ignore[assignment]

        def trip() -> Outcome:
            cursor = raw.cursor()
            try:
                getattr(cursor, method)(operation, parameters)
                rows = cursor.fetchall() if cursor.description else []
                return cursor.description, rows, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        outcome = None
        verb = operation.lstrip()[:6].upper()
        if method == "execute" and verb in _ON_LOOP and _idle(self._connection):
            outcome = run_on_loop(raw, trip, read=verb == "SELECT")
        if outcome is None:
            async with self._adapt_connection._execute_mutex:
                outcome = await self._connection._execute(trip)
        description, rows, rowcount, lastrowid = outcome
        results.description, results.rowcount, results.lastrowid = description, rowcount, lastrowid
        self._rows = collections.deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._run("execute", operation, () if parameters is None else parameters)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        await self._run("executemany", operation, seq_of_parameters)

    def close(self) -> None:
        self._rows.clear()


class Trips:
    """Stands in for aiosqlite's `Connection._execute`: counts the functions sent to the worker
    thread that have not finished there. A cancelled await leaves its function running on the
    thread; while one does, a rollback must queue behind it, as before, and statements do not
    run on the loop (the connection waits for locks meanwhile).

    The worker thread waits out short locks (`BUSY_TIMEOUT_MS`) and the loop never does: the
    timeout is raised for each function sent here and lowered again when it returns."""

    def __init__(self, aio: Any, execute: Callable[..., Any]) -> None:
        self._aio = aio
        self._execute = execute
        self.sent = 0  # written on the loop's thread only
        self.done = 0  # written on the worker thread only: no lost updates between the two

    async def __call__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        def counted() -> Any:
            try:
                _busy_timeout(self._aio, BUSY_TIMEOUT_MS)
                try:
                    return fn(*args, **kwargs)
                finally:
                    _busy_timeout(self._aio, 0)
            finally:
                self.done += 1

        self.sent += 1
        return await self._execute(counted)

    @property
    def idle(self) -> bool:
        return self.sent == self.done


def _busy_timeout(aio: Any, milliseconds: int) -> None:
    raw: sqlite3.Connection | None = aio._connection
    if raw is not None:
        # Not yet connected, or just closed by the function itself: nothing to set.
        with contextlib.suppress(sqlite3.ProgrammingError):
            raw.execute(f"PRAGMA busy_timeout = {milliseconds}")


def _idle(aio: Any) -> bool:
    trips = aio._execute
    return not isinstance(trips, Trips) or trips.idle


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor

    def rollback(self) -> None:
        connection = self._connection
        idle = isinstance(connection._execute, Trips) and _idle(connection)
        if idle and connection._connection is not None and not connection._conn.in_transaction:
            return  # nothing to undo: sqlite3 itself would do nothing, after the trip
        super().rollback()

    def commit(self) -> None:
        # On the loop as well: a transaction of the answer path then never yields while it
        # holds SQLite's write lock, so the updates in flight do not queue up behind it.
        if self._connection._connection is not None and _idle(self._connection):
            raw = self._connection._conn
            try:
                if run_on_loop(raw, lambda: raw.commit() or True, read=False):
                    return
            except Exception as error:
                self._handle_exception(error)
        super().commit()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        connection = adapted._connection
        setattr(connection, "_execute", Trips(connection, connection._execute))  # noqa: B010
        connection._conn.execute("PRAGMA busy_timeout = 0")  # at rest: the loop's (Trips)
        return OneTripConnection(self, connection)


class Dialect(SQLiteDialect_aiosqlite):
    driver = "czn_aiosqlite"
    supports_statement_cache = True
    supports_server_side_cursors = False

    @classmethod
    def import_dbapi(cls) -> OneTripDBAPI:
        return OneTripDBAPI(__import__("aiosqlite"), __import__("sqlite3"))


def register() -> None:
    from sqlalchemy.dialects import registry

    registry.register("sqlite.czn_aiosqlite", "storage.sqlite_driver", "Dialect")


__all__ = ["Dialect", "await_", "register"]
