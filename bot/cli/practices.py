"""`python -m bot practices export --format csv|xlsx [--out FILE]` and
`python -m bot practices publish --dry-run` (no aiogram here).

The running bot posts accepted practices itself (at acceptance, then the scheduler's
`practices.due` every 30 minutes and at start); `publish --dry-run` prints what it would post
to CHANNEL_ID now — the same messages, in Russian — and changes nothing."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.i18n import Translations
from services.practices import card as cards
from services.practices import channel, export, library
from services.practices.workflow import PracticeService
from storage.db import create_engine, create_sessionmaker
from storage.models import utcnow
from storage.models_practices import Practice


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "practices",
        help="the practice base: export accepted practices, or show the channel posts due",
    )
    parser.add_argument("action", choices=("export", "publish"))
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--out", help="file to write (default: practices.<format>)")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="publish: print the posts due for the channel instead of sending them",
    )


async def _rows(settings: Settings) -> list[dict[str, Any]]:
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            return await export.rows(session)
    finally:
        await engine.dispose()


async def _due_posts(settings: Settings) -> list[tuple[Practice, int, list[tuple[str, bool]]]]:
    """Each accepted practice not in the channel yet: (it, its photos, the messages)."""
    t = Translations().get("ru")
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            svc = PracticeService(session, settings.scoring.load())
            out = []
            for practice_id in await channel.due(session, utcnow()):
                practice = await session.get(Practice, practice_id)
                assert practice is not None
                centre, region = await library.centre_and_region(session, practice)
                photos = len(await svc.files(practice_id, "photo"))
                document = bool(await svc.files(practice_id, "document"))
                parts = cards.channel_parts(
                    t, svc.m, practice, centre, region, photos=photos, document=document
                )
                out.append((practice, photos, parts))
            return out
    finally:
        await engine.dispose()


def _dry_run(settings: Settings) -> int:
    due = asyncio.run(_due_posts(settings))
    target = settings.digest.channel_id.strip() or "CHANNEL_ID (not set)"
    print(f"{len(due)} accepted practices due for {target}; nothing posted (--dry-run)")
    for practice, photos, parts in due:
        for number, (text, with_photos) in enumerate(parts, start=1):
            kind = f"an album of {photos} photos, caption" if photos > 1 else "a photo, caption"
            kind = kind if with_photos else "a message"
            print(f"\n--- practice {practice.id}, message {number} of {len(parts)}: {kind}")
            print(text)
    return 0


def cmd_practices(settings: Settings, args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    upgrade(settings.database.database_url)
    if args.action == "publish":
        if not args.dry_run:
            print(
                "the running bot posts accepted practices itself (at acceptance, every 30"
                " minutes and at start); --dry-run prints what it would post",
                file=sys.stderr,
            )
            return 2
        return _dry_run(settings)
    items = asyncio.run(_rows(settings))
    try:
        data = export.to_xlsx(items) if args.format == "xlsx" else export.to_csv(items)
    except ImportError:
        print(
            "xlsx needs the xlsxwriter package (pip install xlsxwriter); use --format csv",
            file=sys.stderr,
        )
        return 2
    out = Path(args.out or f"practices.{args.format}")
    out.write_bytes(data)
    print(f"{len(items)} accepted practices written to {out}")
    return 0
