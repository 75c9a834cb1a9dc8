"""`python -m bot digest [--dry-run] [--out DIR]` and `python -m bot demo [--out DIR]
[--database FILE]`: the weekly digest without the long-running bot.

`digest --dry-run` renders exactly what the job would post this week (the same snapshot run,
taken now if the week has none yet, the same pictures and caption) into a folder, with no
Telegram at all, and says if the week would be skipped. Without --dry-run it posts this week's
digest once, under the same guard as the scheduled job: a week already posted is not posted
again; a week given up on or skipped is tried again; a week whose send has no known result
only with --force (handlers.digest.post).

`demo` (re)creates a SQLite database with realistic synthetic data (services.demo), takes
12 weekly snapshots and renders the digest: no token, no network.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import DatabaseSettings, Settings
from bot.i18n import Translations
from bot.settings_check import refuse_weak_secrets
from charts import render_star, visible_length
from services.demo import DemoStats, populate
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Snapshot, utcnow


@dataclass(frozen=True, slots=True)
class Written:
    files: list[Path]
    caption: Path
    caption_length: int
    week: str
    run_id: int
    skip: str | None = None  # why the job would not post it


def write_album(out: Path, album: list[tuple[str, bytes]], caption: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("[123]-*.png"):  # pages of an earlier, longer rating
        old.unlink()
    files = []
    for name, data in album:
        path = out / name
        path.write_bytes(data)
        files.append(path)
    (out / "caption.html").write_text(caption + "\n", encoding="utf-8")
    return files


async def render_week(settings: Settings, out: Path, now: datetime) -> Written:
    """Render this week's digest (slot = the ISO week of `now`) into `out`."""
    from services.digest.content import iso_week, render_run, reported_week, take_week_run
    from services.digest.rules import nothing_to_say

    tz = ZoneInfo(settings.digest.digest_timezone)
    slot = iso_week(now, tz)
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            run = await take_week_run(session, settings, slot, now)
            rendered = await render_run(
                session,
                run,
                settings=settings,
                translations=Translations(),
                week=reported_week(slot),
            )
    finally:
        await engine.dispose()
    files = write_album(out, rendered.album, rendered.caption)
    skip = nothing_to_say(rendered.digest, settings.digest.digest_min_questionnaires)
    return Written(
        files,
        out / "caption.html",
        visible_length(rendered.caption),
        rendered.digest.week,
        run.id,
        skip.describe() if skip else None,
    )


async def post_week(settings: Settings, now: datetime, *, force: bool = False) -> int:
    from bot.factory import create_bot, create_sender
    from handlers.digest.post import DigestPoster
    from services.digest.content import iso_week
    from services.privacy import Pseudonyms

    engine = create_engine(settings.database.database_url)
    sessionmaker = create_sessionmaker(engine)
    bot = create_bot(settings, sessionmaker=sessionmaker)
    try:
        pseudonyms = Pseudonyms.from_settings(settings)
        poster = DigestPoster(
            settings=settings,
            sessionmaker=sessionmaker,
            sender=create_sender(bot, sessionmaker, pseudonyms, settings),
            translations=Translations(),
            pseudonyms=pseudonyms,
        )
        week = iso_week(now, ZoneInfo(settings.digest.digest_timezone))
        outcome = await poster.post_week(week, now, manual=True, force=force)
    finally:
        await bot.session.close()
        await engine.dispose()
    messages = {
        "posted": f"digest for {week} posted to {settings.digest.channel_id}"
        f" (messages {', '.join(map(str, outcome.message_ids)) or '?'})",
        "already": f"digest for {week} was already posted: nothing sent",
        "busy": f"digest for {week} is being posted right now by another process: nothing sent",
        "failed": f"digest for {week} failed: {outcome.error}",
        "skipped": f"digest for {week} not posted ({outcome.error}): nothing sent",
        "unknown": f"digest for {week}: an earlier send has no known result ({outcome.error})."
        " Check the channel; if the post is not there, run `python -m bot digest --force`",
    }
    print(messages.get(outcome.status, f"digest for {week}: {outcome.status}"))
    return 0 if outcome.ok else 1


def run_digest(settings: Settings, args: argparse.Namespace) -> int:
    upgrade(settings.database.database_url)
    now = utcnow()
    if args.dry_run:
        started = time.perf_counter()
        written = asyncio.run(render_week(settings, Path(args.out), now))
        print(f"digest of {written.week} (snapshot run {written.run_id}), nothing posted:")
        for path in written.files:
            print(f"  {path}  {path.stat().st_size / 1024:.0f} KB")
        print(f"  {written.caption}  {written.caption_length} of 1024 characters")
        if written.skip:
            print(f"the scheduled job would not post it: {written.skip}")
        print(f"rendered in {time.perf_counter() - started:.1f} s")
        return 0
    if settings.telegram.bot_token is None:
        print("BOT_TOKEN is not set: use --dry-run to render without Telegram", file=sys.stderr)
        return 2
    if not settings.digest.channel_id.strip():
        print("CHANNEL_ID is not set: nowhere to post (see .env.example)", file=sys.stderr)
        return 2
    if refuse_weak_secrets(settings):
        return 2
    return asyncio.run(post_week(settings, now, force=getattr(args, "force", False)))


# --- demo -------------------------------------------------------------------------------------


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def demo_settings(settings: Settings, database: Path) -> Settings:
    return Settings(
        telegram=settings.telegram,
        database=DatabaseSettings(
            _env_file=None, database_url=f"sqlite+aiosqlite:///{database.resolve()}"
        ),
        survey=settings.survey,
        scoring=settings.scoring,
        evidence=settings.evidence,
        digest=settings.digest,
    )


def last_posting_time(settings: Settings, now: datetime) -> datetime:
    """The latest scheduled digest time at or before `now` (the demo's last weekly run)."""
    from services.digest.cron import cron_trigger, last_fire

    tz = ZoneInfo(settings.digest.digest_timezone)
    trigger = cron_trigger(settings.digest.digest_cron, tz)
    return last_fire(trigger, now, timedelta(days=8)) or now


async def build_demo(settings: Settings, out: Path, now: datetime) -> tuple[DemoStats, Written]:
    from services.digest.content import iso_week, render_run, reported_week
    from services.index.my_index import level_cards, star_translator

    tz = ZoneInfo(settings.digest.digest_timezone)
    last = last_posting_time(settings, now)
    engine = create_engine(settings.database.database_url)
    translations = Translations()
    t = translations.get("ru")
    try:
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker() as session:
            stats = await populate(session, settings, last_run=last, practices=True)
        async with sessionmaker() as session:
            run = stats.runs[-1]
            slot = iso_week(run.taken_at, tz)
            rendered = await render_run(
                session, run, settings=settings, translations=translations, week=reported_week(slot)
            )
            # What a working group sees in /my_index: the best official centre of the country.
            centre = await _best_centre(session, run.id)
            cards = []
            if centre is not None:
                cards = await level_cards(
                    session, settings, [("centre", centre)], now=last, country_name=""
                )
    finally:
        await engine.dispose()
    files = write_album(out, rendered.album, rendered.caption)
    digest = cards[0].digest() if cards else None
    if digest is not None:
        path = out / "my_index-centre.png"
        path.write_bytes(await asyncio.to_thread(render_star, digest, star_translator(t, cards[0])))
        files.append(path)
    written = Written(
        files, out / "caption.html", visible_length(rendered.caption), rendered.digest.week, run.id
    )
    return stats, written


async def _best_centre(session: AsyncSession, run_id: int) -> str | None:
    return await session.scalar(
        select(Snapshot.code)
        .where(
            Snapshot.run_id == run_id,
            Snapshot.level == "centre",
            Snapshot.official.is_(True),
            Snapshot.index.is_not(None),
        )
        .order_by(Snapshot.index.desc(), Snapshot.code)
        .limit(1)
    )


def run_demo(settings: Settings, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    database = Path(args.database)
    _remove_sqlite(database)
    demo = demo_settings(settings, database)
    upgrade(demo.database.database_url)
    stats, written = asyncio.run(build_demo(demo, Path(args.out), utcnow()))
    print(f"demo database: {database}")
    print(
        f"  {stats.regions} regions, {stats.centres} centres,"
        f" {stats.questionnaires} questionnaires, {stats.answers} answers,"
        f" {stats.evidence} evidence, {len(stats.runs)} weekly snapshots,"
        f" {stats.profiles} client-group profiles, a pilot with {stats.pilot_done} steps done,"
        f" {stats.practices} practices"
    )
    print(f"digest of {written.week} rendered into {args.out}:")
    for path in written.files:
        print(f"  {path}  {path.stat().st_size / 1024:.0f} KB")
    print(f"  {written.caption}  {written.caption_length} of 1024 characters")
    print(f"done in {time.perf_counter() - started:.1f} s")
    print(f"try it: DATABASE_URL={demo.database.database_url} python -m bot index")
    return 0
