"""The long-running bot: long polling by default, or a webhook server for replicas."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from contextlib import suppress

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand, BotCommandScopeDefault
from aiohttp import web

from bot.app_commands import COMMANDS
from bot.cli.evidence import sync_from_settings
from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.i18n import LANGUAGES, Translations
from bot.inbox import Inbox
from bot.scheduler import start_scheduler
from bot.webhook import webhook_app
from handlers.news import broadcast as news_broadcast
from services import updates
from storage.db import create_engine, create_sessionmaker

log = logging.getLogger("bot")


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
    bot = create_bot(settings, sessionmaker=sessionmaker)
    dispatcher = create_dispatcher(settings, sessionmaker, translations=translations)
    # The process's one Sender and one Pseudonyms (bot.factory), for every bulk message.
    sender, pseudonyms = dispatcher["sender"].bind(bot), dispatcher["pseudonyms"]
    scheduler = None
    try:
        async with sessionmaker() as session:
            await updates.prune(session)
        report = await sync_from_settings(
            sessionmaker, settings, overrides_dir=settings.evidence.checklist_overrides_dir
        )
        log.info("checklist: %s", report)
        me = await bot.get_me()
        log.info("starting @%s against %s", me.username, settings.api_url)
        await set_commands(bot, translations)
        # Everything built so far lives as long as the process. Out of the collector's reach,
        # a full collection no longer walks ~300,000 import-time objects: that walk paused
        # every handler for ~200 ms (the open-loop p99 of bench/bench_load.py).
        gc.collect()
        gc.freeze()
        if settings.digest.scheduler_enabled:
            scheduler = await start_scheduler(
                settings=settings,
                bot=bot,
                sessionmaker=sessionmaker,
                translations=translations,
                sender=sender,
                pseudonyms=pseudonyms,
            )
        # News broadcasts a stop cut off: finished with the subscribers still pending only.
        resumed = await news_broadcast.resume_all(
            sender=sender,
            sessionmaker=sessionmaker,
            pseudonyms=pseudonyms,
            translations=translations,
            sole_sender=not settings.webhook.webhook_base_url,  # polling: one process
        )
        if resumed:
            log.info("resuming the broadcast of news %s", ", ".join(map(str, resumed)))
        if settings.webhook.webhook_base_url:
            await serve_webhook(settings, bot, dispatcher)
        else:
            inbox = Inbox(sessionmaker, pseudonyms)
            bot.session.middleware(inbox)
            dispatcher["inbox"] = inbox
            replayed = await inbox.replay(dispatcher, bot)
            if replayed:
                log.info("handling %d update(s) cut off by the last stop", replayed)
            await dispatcher.start_polling(
                bot,
                allowed_updates=dispatcher.resolve_used_update_types(),
                tasks_concurrency_limit=settings.webhook.polling_concurrency,
            )
    finally:
        if scheduler is not None:
            scheduler.shutdown()
        # News being sent finish first (a stop cut short would leave subscribers unsent).
        with suppress(TimeoutError):
            await asyncio.wait_for(news_broadcast.drain(), timeout=60)
        await sender.close()
        await bot.session.close()
        await engine.dispose()


async def serve_webhook(settings: Settings, bot: Bot, dispatcher: Dispatcher) -> None:
    hook = settings.webhook
    app = webhook_app(settings, bot, dispatcher)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, hook.webhook_host, hook.webhook_port)
    await site.start()
    log.info(
        "webhook listening on %s:%s%s", hook.webhook_host, hook.webhook_port, hook.webhook_path
    )
    await dispatcher.emit_startup(bot=bot, dispatcher=dispatcher)
    if hook.webhook_register:
        await bot.set_webhook(
            hook.url,
            secret_token=hook.webhook_secret.get_secret_value(),
            allowed_updates=dispatcher.resolve_used_update_types(),
        )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await dispatcher.emit_shutdown(bot=bot, dispatcher=dispatcher)
        await runner.cleanup()
