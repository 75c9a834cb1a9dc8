"""One migration at a time per database: replicas starting together must not both upgrade.

Every `python -m bot run` (and every CLI command) migrates at start. Alembic reads the current
revision and then applies what is missing; two processes doing that together both apply the
same revision and one of them fails half-way ("relation already exists").

- PostgreSQL: a session-level advisory lock (`pg_advisory_lock`) on the migrating connection,
  taken before Alembic reads the revision and released after the commit. The others wait,
  then find the database at head and do nothing. A process that dies loses its session and
  so its lock: nobody waits for a dead replica.
- SQLite: an exclusive file lock (`fcntl.flock`) on `<database>.migrate-lock` beside the file.
  SQLite is one host by definition (a file on a local disk), but two processes on it can
  still start together: a second `bot run`, or a CLI command (import-centres, exports...),
  which migrates too, beside `bot run`. An in-memory database belongs to one process: no
  lock.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncConnection

log = logging.getLogger(__name__)

# The advisory lock's key: any bigint the application uses for nothing else ("czn-mig").
MIGRATION_LOCK_KEY = 0x637A6E2D6D6967


def sqlite_lock_path(url: URL) -> Path | None:
    """The lock file of a file-based SQLite database; None for an in-memory one."""
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        return None
    path = Path(database).expanduser().resolve()
    return path.with_name(path.name + ".migrate-lock")


@asynccontextmanager
async def migration_lock(connection: AsyncConnection) -> AsyncIterator[None]:
    """Hold the database's migration lock while the block runs (waits for another holder)."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        async with _advisory_lock(connection):
            yield
    elif dialect == "sqlite" and (path := sqlite_lock_path(connection.engine.url)) is not None:
        with path.open("a") as handle:
            await asyncio.to_thread(fcntl.flock, handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    else:
        yield


@asynccontextmanager
async def _advisory_lock(connection: AsyncConnection) -> AsyncIterator[None]:
    key = {"key": MIGRATION_LOCK_KEY}
    await connection.execute(text("SELECT pg_advisory_lock(:key)"), key)
    await connection.commit()  # the lock belongs to the session, not to this transaction
    try:
        yield
    finally:
        try:
            await connection.rollback()  # a failed migration leaves its transaction aborted
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), key)
            await connection.commit()
        except Exception:  # the session is gone, and its lock with it
            log.warning("could not release the migration lock explicitly", exc_info=True)
