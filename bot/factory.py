"""Builds the bot and the dispatcher, the same way for production and for tests.

The process-wide objects are built here once: the `Pseudonyms` (keyed hashes, sealed chat
ids) and the one rate-limited `Sender`, both handed to handlers through the dispatcher's
workflow data (`dispatcher["pseudonyms"]`, `dispatcher["sender"]`) and by bot.app to the
scheduler and the news broadcasts.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.redis import RedisStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callback_answers import LateCallbackAnswers
from bot.config import Settings
from bot.fsm import HashedKeyBuilder, SqlStorage
from bot.i18n import Translations
from bot.isolation import BoundedEventIsolation
from bot.max.message_ids import MessageIds
from bot.middlewares import DbSessionMiddleware, UserContextMiddleware
from bot.response_types import KeepResponseTypes
from bot.retry import RetryMiddleware
from bot.send_budget import redis_budget
from bot.sender import OnBlocked, Sender
from handlers import get_routers
from scoring.questionnaire import load_questionnaire
from services.privacy import Pseudonyms
from services.users import Users


def create_bot(
    settings: Settings,
    session: BaseSession | None = None,
    *,
    sessionmaker: async_sessionmaker[AsyncSession] | None = None,
) -> Bot:
    """The bot of this process's messenger (MESSENGER): Telegram, or MAX under aiogram.

    On MAX the session is bot.max's, numbering MAX's message ids in the database of
    `sessionmaker` (in memory without one); aiogram's Bot holds a placeholder token.
    """
    if settings.messenger.is_max:
        from bot.max.session import PLACEHOLDER_TOKEN, MaxSession

        max_token = settings.messenger.max_bot_token
        if max_token is None:
            raise ValueError("MAX_BOT_TOKEN is not set")
        if session is None:
            session = MaxSession(
                settings.messenger.max_api_url,
                max_token.get_secret_value(),
                MessageIds(sessionmaker),
            )
        token_text = PLACEHOLDER_TOKEN
    else:
        token = settings.telegram.bot_token
        if token is None:
            raise ValueError("BOT_TOKEN is not set")
        if session is None:
            api = TelegramAPIServer.from_base(settings.telegram.telegram_api_url)
            session = AiohttpSession(api=api)
        token_text = token.get_secret_value()
    session.middleware(RetryMiddleware())
    session.middleware(LateCallbackAnswers())
    session.middleware(KeepResponseTypes())
    return Bot(
        token=token_text,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def blocked_marker(
    sessionmaker: async_sessionmaker[AsyncSession], pseudonyms: Pseudonyms
) -> OnBlocked:
    """The Sender's `on_blocked`: marks the user (services.users) so bulk sends skip them."""

    async def mark(user_id: int) -> None:
        async with sessionmaker() as session:
            await Users(session, pseudonyms).mark_blocked(user_id)

    return mark


def create_sender(
    bot: Bot | None,
    sessionmaker: async_sessionmaker[AsyncSession],
    pseudonyms: Pseudonyms,
    settings: Settings | None = None,
) -> Sender:
    """The one Sender of a process (unbound until `Sender.bind` if `bot` is None), within
    the limits of the process's messenger; with REDIS_URL in `settings`, its overall limit is
    shared with the other replicas of the same bot."""
    on_blocked = blocked_marker(sessionmaker, pseudonyms)
    limits = None
    shared = None
    if settings is not None:
        if settings.messenger.is_max:
            from bot.max.limits import MAX_LIMITS

            limits = MAX_LIMITS
            token = settings.messenger.max_bot_token
            if token is not None:
                # MAX tokens carry no numeric id: the budget's keys are named by a digest.
                name = "max-" + hashlib.sha256(token.get_secret_value().encode()).hexdigest()[:16]
                shared = redis_budget(
                    settings.database.redis_url, name, per_second=limits.per_second
                )
        elif settings.telegram.bot_token is not None:
            token_value = settings.telegram.bot_token.get_secret_value()
            shared = redis_budget(settings.database.redis_url, token_value)
    return Sender(bot, limits=limits, on_blocked=on_blocked, pseudonyms=pseudonyms, shared=shared)


def create_fsm(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], pseudonyms: Pseudonyms
) -> tuple[BaseStorage, BaseEventIsolation]:
    """Conversation state in the database (one process), or in Redis (several replicas).

    Redis also serialises the updates of one chat across replicas (event isolation), which
    the in-process lock (bot.isolation: a lock only while a chat has an update) cannot do.
    """
    keys = HashedKeyBuilder(pseudonyms.text)
    if settings.database.redis_url:
        from redis.asyncio import Redis

        from bot.redis_lock import RenewedRedisIsolation

        redis = Redis.from_url(settings.database.redis_url)
        isolation = RenewedRedisIsolation(
            redis, key_builder=keys, seconds=settings.database.redis_lock_seconds
        )
        return RedisStorage(redis, key_builder=keys), isolation
    return SqlStorage(sessionmaker, keys), BoundedEventIsolation()


def create_dispatcher(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
    translations: Translations | None = None,
    sender: Sender | None = None,
) -> Dispatcher:
    translations = translations or Translations()
    pseudonyms = Pseudonyms.from_settings(settings)
    sender = sender or create_sender(None, sessionmaker, pseudonyms, settings)
    default_storage, default_isolation = create_fsm(settings, sessionmaker, pseudonyms)
    dispatcher = Dispatcher(
        storage=storage or default_storage,
        # One update at a time per chat: a double tap must not race with itself.
        events_isolation=events_isolation or default_isolation,
        settings=settings,
        sessionmaker=sessionmaker,
        translations=translations,
        spec=load_questionnaire(settings.scoring.load().name),
        pseudonyms=pseudonyms,
        sender=sender,
    )
    lease = timedelta(seconds=settings.webhook.webhook_claim_lease_seconds)
    dispatcher.update.outer_middleware(DbSessionMiddleware(sessionmaker, lease=lease))
    dispatcher.update.outer_middleware(UserContextMiddleware(translations))
    dispatcher.include_routers(*get_routers())
    return dispatcher
