from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.centres_csv import read_centres_csv
from bot.config import DatabaseSettings, Settings, SurveySettings, TelegramSettings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import Translations
from bot.services.centres import CentreDirectory
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from tests.harness import Person, RecordingSession

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CENTRES = ROOT / "samples" / "centres.csv"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated by Alembic; each test gets a copy (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def database_url(migrated_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "bot.db"
    shutil.copy(migrated_template, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        telegram=TelegramSettings(_env_file=None, bot_token="42:TEST", admin_ids=[]),
        database=DatabaseSettings(_env_file=None, database_url=database_url),
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
