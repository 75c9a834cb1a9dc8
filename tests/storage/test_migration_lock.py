"""One migration at a time per database (storage.migration_lock): a process that finds the
lock held waits, then finds the database at head; two replicas starting together both start."""

from __future__ import annotations

import asyncio
import fcntl
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import create_engine
from storage.migrate import alembic_config, upgrade
from storage.migration_lock import MIGRATION_LOCK_KEY, sqlite_lock_path
from tests.conftest import POSTGRES_URL, _pg_execute, _pg_url, _require

# The newest revision, whatever it is when this runs: the lock must not care.
HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
ROOT = Path(__file__).resolve().parents[2]
MIGRATE = "import sys; from storage.migrate import upgrade; upgrade(sys.argv[1])"


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    """An empty PostgreSQL database (no tables), dropped afterwards."""
    _require(POSTGRES_URL, "PostgreSQL")
    name = f"czn_lock_{uuid.uuid4().hex[:12]}"
    _pg_execute(f"CREATE DATABASE {name}")
    yield _pg_url(name)
    _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            exists = await connection.run_sync(
                lambda sync: sync.dialect.has_table(sync, "alembic_version")
            )
            if not exists:
                return None
            return await connection.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        await engine.dispose()


async def test_a_replica_waits_for_the_one_migrating(fresh_pg: str) -> None:
    holder = await asyncpg.connect(fresh_pg.replace("postgresql+asyncpg", "postgresql"))
    try:
        await holder.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        migrating = asyncio.create_task(asyncio.to_thread(upgrade, fresh_pg))
        await asyncio.sleep(1.5)
        assert not migrating.done()  # waiting for the lock, not migrating alongside
        waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        assert await holder.fetchval(waiting) == 1
        assert await revision(fresh_pg) is None
        await holder.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)
        await asyncio.wait_for(migrating, 120)
    finally:
        await holder.close()
    assert await revision(fresh_pg) == HEAD


async def migrate_in_a_process(url: str) -> int:
    """What a replica does at start, in a process of its own (Alembic's context is global)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", MIGRATE, url, cwd=ROOT,
    )  # fmt: skip
    return await asyncio.wait_for(process.wait(), 240)


async def test_two_replicas_starting_together_both_start(fresh_pg: str) -> None:
    # Without the lock both apply 0001 at once and one fails ("relation already exists").
    codes = await asyncio.gather(migrate_in_a_process(fresh_pg), migrate_in_a_process(fresh_pg))
    assert codes == [0, 0]
    assert await revision(fresh_pg) == HEAD


async def test_sqlite_waits_for_the_file_lock(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    path = sqlite_lock_path(make_url(url))
    assert path == tmp_path / "bot.db.migrate-lock"
    with path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # another process migrating
        migrating = asyncio.create_task(asyncio.to_thread(upgrade, url))
        await asyncio.sleep(1.0)
        assert not migrating.done()
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    await asyncio.wait_for(migrating, 120)
    assert await revision(url) == HEAD


def test_an_in_memory_database_has_no_lock_file() -> None:
    assert sqlite_lock_path(make_url("sqlite+aiosqlite:///:memory:")) is None
    assert sqlite_lock_path(make_url("sqlite+aiosqlite://")) is None
