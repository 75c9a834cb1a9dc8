"""Exports for staff, experts and admins (issue 15): rating, answers, evidence, comments, audit.

`make_export` checks the caller's scope (services.exports.scope), builds the sheets of the
kind, streams them into an .xlsx or .csv file and appends an `export_made` entry to the audit
log in the same transaction. The chat (/export) and the command line (`python -m bot export`)
both call it; the command line exports as the operator of the server (everything).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from services import audit
from services.exports.answers import MIN_CELL, LeftOut, answers_sheet
from services.exports.rating import rating_sheets
from services.exports.register import audit_sheet, comment_sheets, evidence_sheet
from services.exports.scope import (
    ANSWERS,
    AUDIT,
    COMMENTS,
    EVIDENCE,
    KINDS,
    RATING,
    ExportScope,
    allowed,
    check,
    kinds_for,
)
from services.exports.workbook import FORMATS, Sheet, write
from storage.db import create_engine, create_sessionmaker
from storage.models import utcnow

__all__ = [
    "FORMATS",
    "KINDS",
    "MIN_CELL",
    "ExportJob",
    "ExportResult",
    "ExportScope",
    "allowed",
    "check",
    "export_in_thread",
    "export_to_file",
    "file_name",
    "kinds_for",
    "make_export",
]


@dataclass(frozen=True, slots=True)
class ExportResult:
    kind: str
    fmt: str
    rows: int
    sheets: int
    left_out: LeftOut


def file_name(kind: str, fmt: str) -> str:
    return f"czn-{kind}-{utcnow():%Y-%m-%d}.{fmt}"


async def make_export(
    session: AsyncSession,
    settings: Settings,
    kind: str,
    fmt: str,
    scope: ExportScope,
    path: Path,
    t: Translator,
    *,
    actor_id: int | None,
) -> ExportResult:
    """Write the export to `path`, record it in the audit log and commit that entry."""
    check(scope, kind, fmt)
    left_out = LeftOut()
    sheets: list[Sheet]
    if kind == RATING:
        sheets = await rating_sheets(session, settings, scope, t)
    elif kind == ANSWERS:
        sheets, left_out = await answers_sheet(session, settings, scope, t)
    elif kind == EVIDENCE:
        sheets = [await evidence_sheet(session, settings, scope, t)]
    elif kind == COMMENTS:
        sheets = await comment_sheets(session, settings, scope, t)
    else:
        assert kind == AUDIT
        sheets = [await audit_sheet(session, settings, t)]
    written = await write(path, fmt, sheets)
    await audit.record(
        session, actor_id, audit.EXPORT_MADE, "export", kind,
        format=fmt, rows=written.rows, left_out=left_out.questionnaires,
        centres=sorted(scope.centres), regions=sorted(scope.regions), everything=scope.everything,
    )  # fmt: skip
    await session.commit()
    return ExportResult(kind, fmt, written.rows, written.sheets, left_out)


@dataclass(frozen=True, slots=True)
class ExportJob:
    """One export to run on a connection of its own: what, for whom, into which file."""

    kind: str
    fmt: str
    scope: ExportScope
    path: Path
    actor_id: int | None


async def export_to_file(settings: Settings, job: ExportJob, t: Translator) -> ExportResult:
    """`make_export` on a connection of its own (the command line, and the chat's thread)."""
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            return await make_export(
                session, settings, job.kind, job.fmt, job.scope, job.path, t,
                actor_id=job.actor_id,
            )  # fmt: skip
    finally:
        await engine.dispose()


async def export_in_thread(settings: Settings, job: ExportJob, t: Translator) -> ExportResult:
    """The export in a worker thread with its own event loop and engine: writing 100,000 rows
    takes a minute or two of CPU, and the bot's loop must keep answering meanwhile."""

    def work() -> ExportResult:
        return asyncio.run(export_to_file(settings, job, t))

    return await asyncio.to_thread(work)
