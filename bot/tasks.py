"""One-shot tasks behind CLI commands. They import no aiogram, so they start fast."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.centres_csv import CentreRow
from bot.config import Settings
from bot.i18n import Translations
from bot.poster import deep_link, render_poster
from bot.services.centres import CentreDirectory
from storage.db import create_engine, create_sessionmaker


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
    link = deep_link(settings.telegram.bot_username, centre.code)
    t = Translations().get("ru")
    out.parent.mkdir(parents=True, exist_ok=True)
    render_poster(
        centre.name,
        centre.address,
        link,
        out,
        title=t("poster-title"),
        subtitle=t("poster-subtitle"),
        footer=t("poster-footer", link=link),
    )
    return link
