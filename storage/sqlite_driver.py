"""aiosqlite with one thread hand-off per statement instead of four.

SQLAlchemy's aiosqlite adapter opens a cursor, executes, fetches and closes the cursor as
four separate trips to aiosqlite's worker thread. Each trip is a queue put, a thread wake-up
and a loop wake-up; on a small VM they cost more than the SQLite work itself (a measured
~0.2 ms each, ~40 per update). Here the cursor does all four inside one trip. Everything else
— connections, transactions, the dialect — is SQLAlchemy's own `sqlite+aiosqlite`.

Registered as `sqlite+czn_aiosqlite`; storage.db.create_engine switches to it for SQLite.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.util.concurrency import await_


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
        raw = self._connection._conn  # the sqlite3 connection, used on its own thread
        results: _Results = self._cursor  # type: ignore[assignment]

        def trip() -> tuple[Any, list[Any], int, int | None]:
            cursor = raw.cursor()
            try:
                getattr(cursor, method)(operation, parameters)
                rows = cursor.fetchall() if cursor.description else []
                return cursor.description, rows, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        async with self._adapt_connection._execute_mutex:
            description, rows, rowcount, lastrowid = await self._connection._execute(trip)
        results.description, results.rowcount, results.lastrowid = description, rowcount, lastrowid
        self._rows = collections.deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._run("execute", operation, () if parameters is None else parameters)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        await self._run("executemany", operation, seq_of_parameters)

    def close(self) -> None:
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


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
