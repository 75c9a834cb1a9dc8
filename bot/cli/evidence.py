"""Command-line side of the evidence feature: `python -m bot sync-checklist`, and the sync that
`run` does at start-up. No aiogram here, so the command starts fast.

Wiring (bot/cli.py):

    COMMANDS["sync-checklist"] = evidence_cli.cmd_sync_checklist
    evidence_cli.add_sync_parser(sub)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from scoring.checklist import DEFAULT_CHECKLIST, ChecklistError, shipped_checklists
from services.evidence.checklist_sync import SyncReport, override_files, sync_checklist
from storage.db import create_engine, create_sessionmaker


async def sync_from_settings(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    checklist: str | os.PathLike[str] | None = None,
    overrides_dir: str | os.PathLike[str] | None = None,
) -> SyncReport:
    """The checklist of the configured methodology (or `checklist`), in one transaction.

    `overrides_dir` holds `<region code>.yaml` files and is then the complete set of region
    overrides; None leaves the regions' own rows as they are.
    """
    m = settings.scoring.load()
    if checklist is None:
        checklist = m.name if m.name in shipped_checklists() else DEFAULT_CHECKLIST
    # Indicator codes are checked against the methodology only for its own checklist: a
    # deployment may score pilot-2022 and still keep the star-2023 list around.
    own = isinstance(checklist, str) and checklist == m.name
    overrides = override_files(overrides_dir) if overrides_dir is not None else None
    async with sessionmaker.begin() as session:
        return await sync_checklist(
            session,
            checklist,
            overrides=overrides,
            indicators=m.indicator_codes if own else None,
        )


async def _sync(settings: Settings, checklist: str | None, overrides: str | None) -> SyncReport:
    engine = create_engine(settings.database.database_url)
    try:
        return await sync_from_settings(
            create_sessionmaker(engine), settings, checklist=checklist, overrides_dir=overrides
        )
    finally:
        await engine.dispose()


def add_sync_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = sub.add_parser(
        "sync-checklist", help="load the checklist (and region overrides) into the database"
    )
    sync.add_argument(
        "--checklist", help="a shipped checklist name or a YAML file (default: the methodology's)"
    )
    sync.add_argument(
        "--overrides",
        help="folder of <region code>.yaml override files; the complete set: a region without "
        "a file loses its own requirements",
    )


def cmd_sync_checklist(settings: Settings, args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    overrides = getattr(args, "overrides", None)
    if overrides is not None and not Path(overrides).is_dir():
        print(f"{overrides}: not a folder", file=sys.stderr)
        return 1
    upgrade(settings.database.database_url)
    try:
        report = asyncio.run(_sync(settings, getattr(args, "checklist", None), overrides))
    except ChecklistError as error:
        print(f"nothing changed: {error}", file=sys.stderr)
        return 1
    print(report)
    return 0
