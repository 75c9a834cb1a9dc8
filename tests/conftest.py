from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import DatabaseSettings, Settings, SurveySettings, TelegramSettings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import Translations
from services.centres.directory import CentreDirectory
from services.centres.directory_csv import read_centres_csv
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from tests.harness import Person, RecordingSession

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CENTRES = ROOT / "samples" / "centres.csv"

# Real servers for the scale-out configuration, started by scripts/services.sh (make test).
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
# make test sets this: a missing server then fails the run instead of skipping tests.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "backends(*names): run the module's database tests on these backends"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # SQLite for every test; PostgreSQL + Redis as well where a module opts in.
    if "backend" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("backends")
        metafunc.parametrize("backend", marker.args if marker else ("sqlite",))


def _require(url: str, what: str) -> str:
    if url:
        return url
    message = f"{what} is not configured: run `scripts/services.sh start` (make test does)"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


def _pg_execute(*statements: str) -> None:
    import asyncpg

    dsn = _require(POSTGRES_URL, "PostgreSQL").replace("postgresql+asyncpg", "postgresql")

    async def run() -> None:
        connection = await asyncpg.connect(dsn)
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    # Session fixtures are synchronous; asyncpg needs a loop of its own.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


def _pg_url(database: str) -> str:
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{database}"


@pytest.fixture(scope="session")
def pg_template() -> str:
    """A PostgreSQL database migrated by Alembic once; tests get copies of it."""
    name = f"czn_template_{os.getpid()}"
    _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}")
    upgrade(_pg_url(name))
    return name


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated by Alembic; each test gets a copy (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def database_url(
    backend: str, migrated_template: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    if backend == "sqlite":
        target = tmp_path / "bot.db"
        shutil.copy(migrated_template, target)
        yield f"sqlite+aiosqlite:///{target}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"czn_test_{uuid.uuid4().hex[:12]}"
    _pg_execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield _pg_url(name)
    _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def redis_url(backend: str) -> str:
    """Redis keeps conversation state in the scale-out backend; empty: the database does."""
    if backend == "sqlite":
        return ""
    url = _require(REDIS_URL, "Redis")

    async def flush() -> None:
        from redis.asyncio import Redis

        client = Redis.from_url(url)
        await client.flushdb()
        await client.aclose()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, flush()).result()
    return url


@pytest.fixture
def settings(database_url: str, redis_url: str) -> Settings:
    return Settings(
        telegram=TelegramSettings(_env_file=None, bot_token="42:TEST", admin_ids=[]),
        database=DatabaseSettings(_env_file=None, database_url=database_url, redis_url=redis_url),
        survey=SurveySettings(_env_file=None, respondent_secret="test-secret"),
    )


@pytest.fixture
async def sessionmaker(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(settings.database.database_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
async def centres(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker.begin() as session:
        await CentreDirectory(session).import_rows(read_centres_csv(SAMPLE_CENTRES))


@pytest.fixture
def translations() -> Translations:
    return Translations()


@pytest.fixture
def recording() -> RecordingSession:
    return RecordingSession()


@pytest.fixture
def dispatcher(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], translations: Translations
) -> Dispatcher:
    return create_dispatcher(settings, sessionmaker, translations=translations)


@pytest.fixture
async def bot(settings: Settings, recording: RecordingSession) -> Bot:
    return create_bot(settings, session=recording)


@pytest.fixture
def user(dispatcher: Dispatcher, bot: Bot, recording: RecordingSession, centres: None) -> Person:
    return Person(dispatcher, bot, recording)
