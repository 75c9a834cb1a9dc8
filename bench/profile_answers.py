"""In-process profile of the answer path (issue 16): respondents fed through the production
dispatcher with the tests' recording Bot API session, under cProfile.

Counts SQL statements and commits per update (engine events) and prints the functions that
cost the most CPU. The Bot API is not on the wire here, so this is the bot's own work.

    .venv/bin/python -m bench.profile_answers [--respondents 20] [--top 40]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bot.config import DatabaseSettings, Settings, SurveySettings, TelegramSettings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import Translations
from services.centres.directory import CentreDirectory
from services.centres.directory_csv import read_centres_csv
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from tests.harness import Person, RecordingSession

ROOT = Path(__file__).resolve().parent.parent


async def run(args: argparse.Namespace, tmp: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp / 'profile.db'}"
    upgrade(url)
    settings = Settings(
        telegram=TelegramSettings(_env_file=None, bot_token="42:TEST", admin_ids=[]),
        database=DatabaseSettings(_env_file=None, database_url=url),
        survey=SurveySettings(_env_file=None, respondent_secret="profile"),
    )
    engine = create_engine(url)
    counts = {"statements": 0, "commits": 0}

    def on_execute(*_: Any) -> None:
        counts["statements"] += 1

    def on_commit(*_: Any) -> None:
        counts["commits"] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
    event.listen(engine.sync_engine, "commit", on_commit)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker.begin() as session:
        await CentreDirectory(session).import_rows(read_centres_csv(ROOT / "samples/centres.csv"))
    recording = RecordingSession()
    dispatcher = create_dispatcher(settings, sessionmaker, translations=Translations())
    bot = create_bot(settings, session=recording)

    async def respondent(uid: int) -> int:
        person = Person(dispatcher, bot, recording, user_id=uid)
        await person.send("/start c_77-cao")
        await person.tap("Согласен")
        await person.tap("Ищу работу")
        for _ in range(19):
            await person.tap("4")
        return 22

    await respondent(1)  # warm-up: imports, caches, statement compilation
    counts.update(statements=0, commits=0)
    answers = {"statements": 0, "commits": 0}
    profiler = cProfile.Profile()
    cpu0, started = time.process_time(), time.perf_counter()
    profiler.enable()
    updates = 0
    for uid in range(100, 100 + args.respondents):
        person = Person(dispatcher, bot, recording, user_id=uid)
        await person.send("/start c_77-cao")
        await person.tap("Согласен")
        await person.tap("Ищу работу")
        before = dict(counts)
        for _ in range(19):
            await person.tap("4")
        answers["statements"] += counts["statements"] - before["statements"]
        answers["commits"] += counts["commits"] - before["commits"]
        updates += 22
    profiler.disable()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - started
    n_answers = 19 * args.respondents
    print(
        f"{updates} updates: CPU {cpu / updates * 1000:.2f} ms/update (under cProfile), "
        f"wall {wall / updates * 1000:.2f} ms; per update {counts['statements'] / updates:.1f} "
        f"statements, {counts['commits'] / updates:.2f} commits; per answer "
        f"{answers['statements'] / n_answers:.1f} statements, "
        f"{answers['commits'] / n_answers:.2f} commits"
    )
    stats = pstats.Stats(profiler)
    stats.sort_stats(args.sort).print_stats(args.top)
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=20)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="tottime")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
