"""Migrations, the persistent FSM storage and the centre directory."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.fsm import SqlStorage
from handlers.survey.states import Respondent
from services.centres.directory import CentreDirectory, distance_km, fold
from services.centres.directory_csv import CentreCsvError, parse_centres_csv, read_centres_csv
from storage.db import create_engine, create_sessionmaker
from storage.migrate import downgrade, upgrade
from tests.conftest import SAMPLE_CENTRES

# The same tests on SQLite and on PostgreSQL + Redis (the scale-out configuration).
pytestmark = pytest.mark.backends("sqlite", "postgresql")

SM = async_sessionmaker[AsyncSession]
HEADER = "region_code,region_name,centre_code,centre_name,address,latitude,longitude,timezone\n"


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        rows = db.execute("select name from sqlite_master where type='table'").fetchall()
    return {name for (name,) in rows} - {"alembic_version", "sqlite_sequence"}


def test_migrations_up_down_up(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url)
    assert {"questionnaires", "answers", "centres", "regions", "users", "fsm_states"} <= tables(
        path
    )
    downgrade(url, "base")
    assert tables(path) == set()
    upgrade(url)
    assert "answers" in tables(path)
    with sqlite3.connect(path) as db:
        assert db.execute("pragma journal_mode").fetchone() == ("wal",)


async def test_fsm_state_survives_a_new_storage(sessionmaker: SM, settings) -> None:
    key = StorageKey(bot_id=42, chat_id=7, user_id=7)
    first = SqlStorage(sessionmaker)
    await first.set_state(key, Respondent.answering)
    await first.set_data(key, {"q": 5, "name": "Анна"})
    # a new process: a new engine and storage over the same file
    engine = create_engine(settings.database.database_url)
    second = SqlStorage(create_sessionmaker(engine))
    assert await second.get_state(key) == Respondent.answering.state
    assert await second.get_data(key) == {"q": 5, "name": "Анна"}
    await second.update_data(key, {"n": 3})
    # one storage serves one process (it caches what it wrote); a third one starts cold
    third = SqlStorage(create_sessionmaker(engine))
    assert await third.get_data(key) == {"q": 5, "name": "Анна", "n": 3}
    await third.set_state(key, None)
    await third.set_data(key, {})
    fourth = SqlStorage(create_sessionmaker(engine))
    assert await fourth.get_state(key) is None and await fourth.get_data(key) == {}
    await engine.dispose()


async def test_import_is_all_or_nothing(sessionmaker: SM, tmp_path: Path) -> None:
    good = read_centres_csv(SAMPLE_CENTRES)
    async with sessionmaker.begin() as session:
        regions, centres = await CentreDirectory(session).import_rows(good)
    assert centres == len(good) >= 30 and regions >= 6
    # importing again updates in place
    async with sessionmaker.begin() as session:
        await CentreDirectory(session).import_rows(good)
    bad = (
        HEADER
        + "77,Москва,x1,ЦЗН 1,адрес,55.7,37.6,Europe/Moscow\n"
        + "77,Москва,x2,ЦЗН 2,адрес,abc,37.6,Nowhere/Zone\n"
    )
    with pytest.raises(CentreCsvError) as error:
        parse_centres_csv(bad)
    assert "line 3" in str(error.value)
    async with sessionmaker() as session:
        assert await CentreDirectory(session).get("x1") is None


async def test_search_folds_case_and_yo(sessionmaker: SM, centres: None) -> None:
    async with sessionmaker() as session:
        directory = CentreDirectory(session)
        assert fold("Ёлкино  ЦЗН") == "елкино цзн"
        found = await directory.search("ЕКАТЕРИНБУРГ", 10)
        assert found.total == 3 and all("Екатеринбург" in c.name for c in found.centres)
        assert (await directory.search("%", 10)).total == 0  # punctuation is no wildcard


def test_distance() -> None:
    # Moscow (Kremlin) to Saint Petersburg (Palace Square): about 634 km
    assert distance_km(55.7520, 37.6175, 59.9390, 30.3158) == pytest.approx(634, abs=3)
    assert distance_km(55.75, 37.61, 55.75, 37.61) == 0


def test_migrations_up_down_up_on_postgresql(pg_template: str) -> None:
    from tests.conftest import _pg_execute, _pg_url

    name = f"czn_migrate_{uuid.uuid4().hex[:8]}"
    _pg_execute(f"CREATE DATABASE {name}")
    try:
        upgrade(_pg_url(name))
        downgrade(_pg_url(name), "base")
        upgrade(_pg_url(name))
    finally:
        _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def test_redis_fsm_survives_a_new_client(redis_url: str, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("Redis belongs to the scale-out backend")
    from aiogram.fsm.storage.redis import RedisStorage
    from redis.asyncio import Redis

    from bot.fsm import HashedKeyBuilder
    from services.privacy import Pseudonyms

    keys = HashedKeyBuilder(Pseudonyms("s").text)
    key = StorageKey(bot_id=42, chat_id=987654321987, user_id=987654321987)
    first = RedisStorage(Redis.from_url(redis_url), key_builder=keys)
    await first.set_state(key, Respondent.comment)
    await first.set_data(key, {"q": 9})
    second = RedisStorage(Redis.from_url(redis_url), key_builder=keys)
    assert await second.get_state(key) == Respondent.comment.state
    assert await second.get_data(key) == {"q": 9}
    stored = [k async for k in second.redis.scan_iter()]
    assert stored and not any(b"987654321987" in k for k in stored)
    await first.close()
    await second.close()
