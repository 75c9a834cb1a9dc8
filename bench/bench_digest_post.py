"""Time the whole weekly job: snapshot → digest from the database → album → upload, against the
fake Bot API on 127.0.0.1; and the sender's throughput for bulk reminders.

    python -m bench.bench_digest_post [--reminders 300] [--keep DIR]

Builds the demo database (services.demo) in a temporary folder, then:
1. the job as the scheduler runs it (DigestPoster.post_week): claim, snapshot, build, render,
   upload of the album, record; then a second run of the same week (must post nothing);
2. an 85-region album (bench.bench_digest.synthetic_digest: four rating pages) rendered and
   uploaded through the same sender;
3. `--reminders` private messages through the sender: the measured rate must stay at or
   under Telegram's 30 messages a second.

Prints its figures; not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.bench_digest import synthetic_digest
from bot.config import (
    DatabaseSettings,
    DigestSettings,
    ScoringSettings,
    Settings,
    SurveySettings,
    TelegramSettings,
)
from bot.factory import create_bot, create_sender
from bot.i18n import Translations
from bot.sender import Outgoing
from handlers.digest.post import DigestPoster
from services.demo import populate
from services.digest.content import iso_week, render_album
from services.privacy import Pseudonyms
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import utcnow
from tests.fakebotapi import FakeBotAPI

TOKEN = "123456:BENCH"
CHANNEL = -1001234567890
TARGET_JOB_SECONDS = 10.0


def settings_for(database: Path, api_url: str) -> Settings:
    return Settings(
        telegram=TelegramSettings(_env_file=None, bot_token=TOKEN, telegram_api_url=api_url),
        database=DatabaseSettings(_env_file=None, database_url=f"sqlite+aiosqlite:///{database}"),
        survey=SurveySettings(_env_file=None, respondent_secret="bench-secret"),
        scoring=ScoringSettings(_env_file=None),
        digest=DigestSettings(_env_file=None, channel_id=str(CHANNEL)),
    )


async def bench(folder: Path, reminders: int) -> int:
    async with FakeBotAPI(token=TOKEN) as api:
        database = folder / "bench.db"
        settings = settings_for(database, api.url)
        upgrade(settings.database.database_url)
        engine = create_engine(settings.database.database_url)
        sessionmaker = create_sessionmaker(engine)
        now = utcnow()
        started = time.perf_counter()
        async with sessionmaker() as session:
            stats = await populate(session, settings, last_run=now - timedelta(days=7))
        print(
            f"demo data: {stats.questionnaires} questionnaires, {stats.answers} answers,"
            f" {len(stats.runs)} weekly runs in {time.perf_counter() - started:.1f} s"
        )

        bot = create_bot(settings)  # the production session, with its retry middleware
        sender = create_sender(bot, sessionmaker, Pseudonyms.from_settings(settings))
        translations = Translations()
        poster = DigestPoster(
            settings=settings, sessionmaker=sessionmaker, sender=sender, translations=translations
        )
        week = iso_week(now, poster.tz)
        started = time.perf_counter()
        outcome = await poster.post_week(week, now)
        job = time.perf_counter() - started
        (album,) = [c for c in api.calls_of("sendMediaGroup") if c.ok]
        size = sum(len(data) for data in album.files.values())
        print(
            f"weekly job (snapshot, build, render, upload): {outcome.status} in {job:.2f} s;"
            f" {len(album.params['media'])} photos, {size / 1024:.0f} KB uploaded"
        )
        started = time.perf_counter()
        again = await poster.post_week(week, now)
        print(f"second run of the week: {again.status} in {time.perf_counter() - started:.3f} s")

        t = translations.get("ru")
        digest = synthetic_digest(85)
        started = time.perf_counter()
        big = await asyncio.to_thread(render_album, digest, t)
        rendered = time.perf_counter() - started
        started = time.perf_counter()
        result = await sender.send(Outgoing(CHANNEL, "85 регионов", tuple(big)))
        upload = time.perf_counter() - started
        print(
            f"85 regions: {len(big)} photos ({sum(len(p) for _, p in big) / 1024:.0f} KB)"
            f" rendered in {rendered:.2f} s, uploaded in {upload:.2f} s ({result.status})"
        )

        items = [Outgoing(10_000 + n, f"Напоминание {n}") for n in range(reminders)]
        started = time.perf_counter()
        results = await sender.send_all(items)
        took = time.perf_counter() - started
        sent = [c.at for c in api.calls_of("sendMessage") if c.ok and c.chat_id >= 10_000]
        busiest = max(
            (sum(1 for t2 in sent if t1 <= t2 < t1 + 1.0) for t1 in sent),
            default=0,
        )
        print(
            f"reminders: {sum(r.ok for r in results)}/{reminders} in {took:.1f} s"
            f" = {reminders / took:.1f} messages/s; busiest second: {busiest} (limit 30)"
        )

        await bot.session.close()
        await engine.dispose()

    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    print(f"ru_maxrss: {rss_mb:.0f} MB")
    ok = outcome.status == "posted" and again.status == "already" and busiest <= 30
    ok = ok and job < TARGET_JOB_SECONDS
    print(
        f"targets (job < {TARGET_JOB_SECONDS:.0f} s, posted once, <= 30 messages/s): "
        f"{'met' if ok else 'MISSED'}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="keep the database in this folder")
    args = parser.parse_args(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return asyncio.run(bench(args.keep, args.reminders))
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(bench(Path(folder), args.reminders))


if __name__ == "__main__":
    raise SystemExit(main())
