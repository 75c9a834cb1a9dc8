"""The long-running bot: polling with the production dispatcher."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeDefault

from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import LANGUAGES, Translations
from bot.scheduler import start_scheduler
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
    scheduler = None
    try:
        me = await bot.get_me()
        log.info("starting @%s against %s", me.username, settings.telegram.telegram_api_url)
        await set_commands(bot, translations)
        if settings.digest.scheduler_enabled:
            scheduler = await start_scheduler(
                settings=settings, bot=bot, sessionmaker=sessionmaker, translations=translations
            )
        await dispatcher.start_polling(bot, allowed_updates=dispatcher.resolve_used_update_types())
    finally:
        if scheduler is not None:
            scheduler.shutdown()
        await bot.session.close()
        await engine.dispose()
