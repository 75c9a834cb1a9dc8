"""One-shot tasks behind CLI commands. They import no aiogram, so they start fast."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import func, select

from bot.config import Settings
from bot.i18n import Translations
from services.centres.directory import CentreDirectory
from services.centres.directory_csv import CentreRow
from services.centres.poster import deep_link, poster_texts, render_poster
from services.evidence.objective import objective_by_region, set_objective
from services.index.ratings import (
    RatingRow,
    Window,
    compute_levels,
    previous_indices,
    rating,
    take_snapshot,
)
from services.retention import purge_expired
from storage.db import create_engine, create_sessionmaker
from storage.models import Snapshot, utcnow


async def import_centres(settings: Settings, rows: Sequence[CentreRow]) -> tuple[int, int]:
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine).begin() as session:
            return await CentreDirectory(session).import_rows(rows)
    finally:
        await engine.dispose()


async def poster_for(settings: Settings, centre_code: str, out: Path) -> str:
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            centre = await CentreDirectory(session).get(centre_code)
    finally:
        await engine.dispose()
    if centre is None:
        raise LookupError(f"no centre with code {centre_code!r}; import centres first")
    link = deep_link(settings.bot_username, centre.code, site=settings.bot_site)
    t = Translations().get("ru")
    out.parent.mkdir(parents=True, exist_ok=True)
    render_poster(centre.name, centre.address, link, out, **poster_texts(t, link))
    return link


async def current_rating(settings: Settings, level: str, region: str | None) -> list[RatingRow]:
    """The rating as of now, with dynamics against the last stored snapshot."""
    m = settings.scoring.load()
    window = Window.trailing(
        utcnow(), settings.scoring.rating_window_days, m.evidence_validity_days
    )
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            levels = await compute_levels(
                session,
                m,
                window,
                rules=settings.scoring.rules(m),
                levels=[level],
                bootstrap=settings.scoring.bootstrap(),
            )
            previous = await previous_indices(session)
    finally:
        await engine.dispose()
    if region is not None:
        levels = [lv for lv in levels if lv.region_code == region]
    return rating(levels, previous)


async def snapshot(settings: Settings) -> tuple[int, int]:
    """Store one snapshot run of every level; returns (run id, rows written)."""
    m = settings.scoring.load()
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            run = await take_snapshot(
                session,
                m,
                window_days=settings.scoring.rating_window_days,
                rules=settings.scoring.rules(m),
                bootstrap=settings.scoring.bootstrap(),
            )
            rows = await session.scalar(
                select(func.count()).select_from(Snapshot).where(Snapshot.run_id == run.id)
            )
    finally:
        await engine.dispose()
    return run.id, int(rows or 0)


async def purge(settings: Settings) -> int:
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine).begin() as session:
            return await purge_expired(session, settings.survey.retention_days)
    finally:
        await engine.dispose()


async def objective(
    settings: Settings, region: str | None, indicators: list[str] | None, everything: bool
) -> dict[str, list[str]]:
    """Show, or (with a region) set, the indicators measured objectively per region."""
    m = settings.scoring.load()
    engine = create_engine(settings.database.database_url)
    try:
        async with create_sessionmaker(engine).begin() as session:
            if region is not None:
                chosen = list(m.indicator_codes) if everything else (indicators or [])
                await set_objective(session, region, chosen, m.indicator_codes)
            return await objective_by_region(session)
    finally:
        await engine.dispose()
