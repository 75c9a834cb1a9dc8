"""`python -m bot practices export --format csv|xlsx [--out FILE]` (no aiogram here)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.config import Settings
from services.practices import export
from storage.db import create_engine, create_sessionmaker


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("practices", help="the practice base: export accepted practices")
    parser.add_argument("action", choices=("export",))
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--out", help="file to write (default: practices.<format>)")


async def _rows(settings: Settings) -> list[dict[str, Any]]:
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            return await export.rows(session)
    finally:
        await engine.dispose()


def cmd_practices(settings: Settings, args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    upgrade(settings.database.database_url)
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
