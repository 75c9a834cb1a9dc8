"""Builds the bot and the dispatcher, the same way for production and for tests."""

from __future__ import annotations

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
from bot.middlewares import DbSessionMiddleware, UserContextMiddleware
from bot.retry import RetryMiddleware
from handlers import get_routers
from scoring.questionnaire import load_questionnaire
from services.privacy import Pseudonyms


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    token = settings.telegram.bot_token
    if token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None:
        api = TelegramAPIServer.from_base(settings.telegram.telegram_api_url)
        session = AiohttpSession(api=api)
    session.middleware(RetryMiddleware())
    session.middleware(LateCallbackAnswers())
    return Bot(
        token=token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


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
) -> Dispatcher:
    translations = translations or Translations()
    pseudonyms = Pseudonyms.from_settings(settings)
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
    )
    lease = timedelta(seconds=settings.webhook.webhook_claim_lease_seconds)
    dispatcher.update.outer_middleware(DbSessionMiddleware(sessionmaker, lease=lease))
    dispatcher.update.outer_middleware(UserContextMiddleware(translations))
    dispatcher.include_routers(*get_routers())
    return dispatcher
