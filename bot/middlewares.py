"""Outer middlewares: a DB session per update, then the user and their language."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import Chat, TelegramObject, Update, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import Ctx
from bot.fsm import current_session
from bot.i18n import Translations, pick_language
from bot.inbox import inbox_of
from bot.webhook import REPLY_KEY, WebhookReply
from services import updates
from services.team.people import Name, People
from services.team.roles import Access
from services.user_cache import UserCache

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    """One session per update; skips an update whose id was already handled.

    The update id is claimed (services.updates) and committed first, in the same session
    the handler then uses (in polling, the inbox claimed it with its batch); the session is
    also where FSM writes go (bot.fsm). The claim is marked finished when the handler
    returns, with whatever it left uncommitted, so a crash mid-handler replays the update;
    the survey's answer path instead lets its one commit carry the mark
    (services.updates.finish_with_next_commit), and then nothing is left to commit here.
    """

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        lease: timedelta = updates.LEASE,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.lease = lease

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.sessionmaker() as session:
            if isinstance(event, Update) and not await self._claim(session, event, data):
                await self._not_ours(session, event, data)
                return None
            data["session"] = session
            if isinstance(event, Update):
                updates.handling(session, event.update_id)
            token = current_session.set(session)
            try:
                result = await handler(event, data)
            except Exception:
                # A failing update is not retried either: it would fail the same way.
                await session.rollback()
                await self._finish(session, event)
                raise
            finally:
                current_session.reset(token)
            if not updates.is_finished(session):
                await self._finish(session, event)
            elif _uncommitted(session):
                await session.commit()  # what the handler wrote after its marked commit
            return result

    async def _claim(self, session: AsyncSession, event: Update, data: dict[str, Any]) -> bool:
        inbox = inbox_of(data)
        if inbox is not None and inbox.take(event.update_id):
            return True  # claimed with its batch, before Telegram was told it arrived
        return await updates.claim(session, event.update_id, lease=self.lease)

    @staticmethod
    async def _not_ours(session: AsyncSession, event: Update, data: dict[str, Any]) -> None:
        reply = data.get(REPLY_KEY)
        if isinstance(reply, WebhookReply) and not await updates.finished(session, event.update_id):
            # Held by another handler, perhaps on a replica that died: acknowledged now, the
            # update would be lost; Telegram is asked to deliver it again later (bot.webhook).
            reply.retry = True
            log.info("update %s is held by another handler: retry later", event.update_id)
            return
        log.info("update %s was delivered again: skipped", event.update_id)

    @staticmethod
    async def _finish(session: AsyncSession, event: TelegramObject) -> None:
        if isinstance(event, Update):
            await updates.finish(session, event.update_id)
        await session.commit()


def _uncommitted(session: AsyncSession) -> bool:
    return session.in_transaction() or bool(session.new or session.dirty or session.deleted)


async def _remember_role_holder(session: AsyncSession, tg_user: User, access: Access) -> None:
    """Staff, experts and admins are shown by name (services.team.people); respondents never
    get a row. Usually no query at all: the name is cached while unchanged."""
    if not (access.admin or access.is_staff or access.is_expert):
        return
    name = Name.of(tg_user.first_name, tg_user.last_name, tg_user.username)
    if await People(session).remember(tg_user.id, name):
        await session.commit()  # SQLite: the write lock is not held through the handler


class UserContextMiddleware(BaseMiddleware):
    """Puts `access` (roles), `i18n` (their language) and `ctx`."""

    def __init__(self, translations: Translations) -> None:
        self.translations = translations
        self.users: UserCache | None = None  # built with the first update's settings

    def _users(self, data: dict[str, Any]) -> UserCache:
        if self.users is None:
            admins = data["settings"].telegram.admin_ids
            self.users = UserCache(data["pseudonyms"], admins)
        return self.users

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: User | None = data.get("event_from_user")
        cached = None
        if tg_user is not None:
            # Language and roles from the process cache (services.user_cache): usually no query.
            cached = await self._users(data).get(data["session"], tg_user.id)
            access = data["access"] = cached.access
            await _remember_role_holder(data["session"], tg_user, access)
        language = pick_language(
            cached.language if cached else None, tg_user.language_code if tg_user else None
        )
        t = data["i18n"] = self.translations.get(language)
        chat: Chat | None = data.get("event_chat")
        state: FSMContext | None = data.get("state")
        if tg_user is not None and chat is not None and state is not None:
            data["ctx"] = Ctx(
                bot=data["bot"],
                chat_id=chat.id,
                user_id=tg_user.id,
                state=state,
                session=data["session"],
                t=t,
                settings=data["settings"],
                spec=data["spec"],
                pseudonyms=data["pseudonyms"],
                sender=data["sender"],
            )
        elif isinstance(event, Update) and event.callback_query is not None:
            # A button without a chat (only inline_message_id): this bot posts no inline
            # messages, so it is forged or foreign. Every handler needs a chat: answered here.
            await data["bot"].answer_callback_query(event.callback_query.id, t("stale-button"))
            return None
        return await handler(event, data)
