"""`python -m bot roadmap export --format csv|xlsx [--region CODE] [--out FILE]`: the regions'
journey-pilot progress (services.roadmap.export). No aiogram here, so it starts fast.

Wiring (bot/cli/__init__.py): COMMANDS["roadmap"] = roadmap_cli.cmd_roadmap and
roadmap_cli.add_parser(sub).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.config import Settings
from services.roadmap.export import Row, progress_rows, to_csv, to_xlsx
from storage.db import create_engine, create_sessionmaker


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    roadmap = sub.add_parser("roadmap", help="the journey-pilot roadmaps (seed 003)")
    actions = roadmap.add_subparsers(dest="roadmap_command", required=True)
    export = actions.add_parser(
        "export", help="every pilot's steps: deadline, state, done on time / late / open"
    )
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    export.add_argument("--region", help="only the pilot of this region")
    export.add_argument("--out", help="file to write (default: CSV to stdout, XLSX required)")


async def _rows(settings: Settings, region: str | None) -> list[Row]:
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            return await progress_rows(session, region)
    finally:
        await engine.dispose()


def cmd_roadmap(settings: Settings, args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    if args.format == "xlsx" and not args.out:
        print("--out is required for --format xlsx", file=sys.stderr)
        return 2
    upgrade(settings.database.database_url)
    rows = asyncio.run(_rows(settings, args.region))
    if args.format == "xlsx":
        Path(args.out).write_bytes(to_xlsx(rows))
    elif args.out:
        Path(args.out).write_text(to_csv(rows), encoding="utf-8")
    else:
        sys.stdout.write(to_csv(rows))
    if args.out:
        print(f"{len(rows)} steps written to {args.out}")
    return 0
