"""Long-running and one-shot application tasks behind the CLI commands."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeDefault

from bot.centres_csv import CentreRow
from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import LANGUAGES, Translations
from bot.poster import deep_link, render_poster
from bot.services.centres import CentreDirectory
from storage.db import create_engine, create_sessionmaker

log = logging.getLogger("bot")
COMMANDS = ("start", "help", "language", "forget")


async def set_commands(bot: Bot, translations: Translations) -> None:
    """The command menu, in each language (Telegram picks by the user's app language)."""
    for language in LANGUAGES:
        t = translations.get(language)
        commands = [BotCommand(command=c, description=t(f"cmd-{c}")) for c in COMMANDS]
        await bot.set_my_commands(
            commands,
            scope=BotCommandScopeDefault(),
            language_code=None if language == "ru" else language,
        )


async def serve(settings: Settings) -> None:
    engine = create_engine(settings.database.database_url, echo=settings.database.database_echo)
    sessionmaker = create_sessionmaker(engine)
    translations = Translations()
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, sessionmaker, translations=translations)
    try:
        me = await bot.get_me()
        log.info("starting @%s against %s", me.username, settings.telegram.telegram_api_url)
        await set_commands(bot, translations)
        await dispatcher.start_polling(bot, allowed_updates=dispatcher.resolve_used_update_types())
    finally:
        await bot.session.close()
        await engine.dispose()


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
