"""`python -m bot demo` and `python -m bot digest --dry-run`: the digest with no Telegram."""

from __future__ import annotations

import argparse
import io
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.digest import run_demo, run_digest
from bot.config import (
    DatabaseSettings,
    DigestSettings,
    ScoringSettings,
    Settings,
    SurveySettings,
    TelegramSettings,
)
from bot.i18n import Translations
from charts import visible_length
from scoring.questionnaire import load_questionnaire
from services.demo import populate
from services.practices.card import effect_text
from services.practices.effect import measure
from services.survey import Survey
from storage.db import create_engine, create_sessionmaker
from storage.models import utcnow
from storage.models_practices import Practice
from tests.conftest import ROOT


def offline_settings(database: Path, *, token: str | None = None, channel: str = "") -> Settings:
    return Settings(
        telegram=TelegramSettings(_env_file=None, bot_token=token),
        database=DatabaseSettings(_env_file=None, database_url=f"sqlite+aiosqlite:///{database}"),
        survey=SurveySettings(_env_file=None, respondent_secret="demo-secret"),
        scoring=ScoringSettings(_env_file=None),
        digest=DigestSettings(_env_file=None, channel_id=channel),
    )


def check_pngs(folder: Path) -> list[str]:
    names = sorted(p.name for p in folder.glob("*.png"))
    for name in names:
        with Image.open(io.BytesIO((folder / name).read_bytes())) as image:
            assert image.format == "PNG"
            assert image.width >= 1080 and image.height <= 1280, name
    return names


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The demo, built once for the module (about ten seconds)."""
    folder = tmp_path_factory.mktemp("demo")
    database, out = folder / "demo.db", folder / "out"
    database.write_bytes(b"an old demo database, to be replaced")
    args = argparse.Namespace(out=str(out), database=str(database))
    code = run_demo(offline_settings(folder / "unused.db"), args)
    return database, out, str(code)


def test_demo_builds_a_database_and_renders_the_digest(demo: tuple[Path, Path, str]) -> None:
    database, out, code = demo
    assert code == "0"
    assert check_pngs(out) == ["1-star.png", "2-regions.png", "3-trend.png", "my_index-centre.png"]
    for name in ("1-star.png", "2-regions.png", "3-trend.png"):
        assert (out / name).stat().st_size < 400 * 1024  # small enough for the README
    caption = (out / "caption.html").read_text(encoding="utf-8").strip()
    assert caption.startswith("<b>Звезда клиентоцентричности ЦЗН</b>")
    assert visible_length(caption) <= 1024
    with sqlite3.connect(database) as db:
        count = dict(
            (table, db.execute(f"select count(*) from {table}").fetchone()[0])
            for table in ("regions", "centres", "questionnaires", "answers", "snapshot_runs")
        )
        official = db.execute(
            "select official, count(*) from snapshots s join snapshot_runs r on r.id = s.run_id"
            " where s.level = 'region' and r.id = (select max(id) from snapshot_runs)"
            " group by official"
        ).fetchall()
        accepted = db.execute("select count(*) from evidence where status = 'accepted'").fetchone()
        indices = [
            row[0]
            for row in db.execute(
                "select s.'index' from snapshots s where s.level = 'region' and s.run_id ="
                " (select max(id) from snapshot_runs)"
            )
        ]
    assert count["regions"] == 8 and count["centres"] == 48
    assert count["snapshot_runs"] == 12
    assert count["questionnaires"] > 2000 and count["answers"] > 15 * count["questionnaires"]
    assert dict(official) == {0: 1, 1: 7}  # one small region stays preliminary
    assert accepted[0] > 50
    assert max(indices) - min(indices) > 0.5  # a visible spread between regions


async def test_the_demo_has_practices_whose_effect_comes_from_its_answers(
    demo: tuple[Path, Path, str],
) -> None:
    database, _, _ = demo
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with create_sessionmaker(engine)() as session:
            rows = list(await session.scalars(select(Practice).order_by(Practice.id)))
            accepted = [p for p in rows if p.status == "accepted"]
            effects = [await measure(session, p, now=utcnow(), min_answers=30) for p in accepted]
    finally:
        await engine.dispose()
    assert Counter(p.status for p in rows) == {"accepted": 3, "pending": 1, "returned": 1}
    measured = [e for e in effects if e is not None and e.enough]
    thin = [e for e in effects if e is not None and not e.enough]
    assert len(measured) == 2 and len(thin) == 1
    # Real figures: at least 30 valid answers on each side, the region's other centres too.
    for effect in measured:
        assert min(effect.centre_before.count, effect.centre_after.count) >= 30
        assert effect.comparable and effect.did is not None
    assert max(e.did for e in measured if e.did is not None) > 5  # points of 100
    t = Translations().get("ru")
    assert "недостаточно ответов" in effect_text(t, thin[0])
    assert "Разница в разнице" in effect_text(t, measured[0])


def test_dry_run_renders_this_weeks_digest_from_the_database(
    demo: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, _, _ = demo
    copy = tmp_path / "copy.db"
    copy.write_bytes(database.read_bytes())
    out = tmp_path / "dry"
    code = run_digest(offline_settings(copy), argparse.Namespace(dry_run=True, out=str(out)))
    assert code == 0
    assert check_pngs(out) == ["1-star.png", "2-regions.png", "3-trend.png"]
    caption = (out / "caption.html").read_text(encoding="utf-8")
    assert visible_length(caption.strip()) <= 1024
    printed = capsys.readouterr().out
    assert "nothing posted" in printed and "of 1024 characters" in printed
    # A second dry run in the same week renders from the same snapshot run.
    with sqlite3.connect(copy) as db:
        runs = db.execute("select count(*) from snapshot_runs").fetchone()[0]
    assert run_digest(offline_settings(copy), argparse.Namespace(dry_run=True, out=str(out))) == 0
    with sqlite3.connect(copy) as db:
        assert db.execute("select count(*) from snapshot_runs").fetchone()[0] == runs
        assert db.execute("select count(*) from posts").fetchone()[0] == 0


def test_posting_needs_a_token_and_a_channel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(dry_run=False, out=str(tmp_path / "out"))
    assert run_digest(offline_settings(tmp_path / "a.db"), args) == 2
    assert "--dry-run" in capsys.readouterr().err
    assert run_digest(offline_settings(tmp_path / "b.db", token="42:TEST"), args) == 2
    assert "CHANNEL_ID" in capsys.readouterr().err


def test_the_demo_path_does_not_import_aiogram() -> None:
    # aiogram takes seconds to import; the demo and the dry run do not need it.
    code = (
        "import sys, bot.cli.digest, services.demo, services.digest.content,"
        " services.index.my_index; print('aiogram' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.backends("sqlite", "postgresql")
async def test_a_questionnaire_started_after_the_demo_data_gets_a_new_id(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> None:
    # On PostgreSQL the demo's explicit ids once left the sequence at 1: the first person to
    # start a questionnaire afterwards hit "duplicate key pk_questionnaires" (issue 18's test).
    async with sessionmaker() as session:
        stats = await populate(session, settings, last_run=utcnow(), weeks=1, scale=0.05)
    assert stats.questionnaires > 0
    async with sessionmaker() as session:
        survey = Survey(session, load_questionnaire(settings.scoring.load().name))
        started = await survey.start("someone", "77-cao", "seeker")
        assert started.id == stats.questionnaires + 1
