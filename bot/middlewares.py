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
from services.team.roles import Access, Roles
from services.users import Users

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    """One session per update; skips an update whose id was already handled.

    The update id is claimed (services.updates) and committed first, in the same session
    the handler then uses; the session is also where FSM writes go (bot.fsm), and it is
    committed, with the claim marked finished, when the handler returns.
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
            await self._finish(session, event)
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


async def _remember_role_holder(session: AsyncSession, tg_user: User, access: Access) -> None:
    """Staff, experts and admins are shown by name (services.team.people); respondents never
    get a row. Usually no query at all: the name is cached while unchanged."""
    if not (access.admin or access.is_staff or access.is_expert):
        return
    name = Name.of(tg_user.first_name, tg_user.last_name, tg_user.username)
    if await People(session).remember(tg_user.id, name):
        await session.commit()  # SQLite: the write lock is not held through the handler


class UserContextMiddleware(BaseMiddleware):
    """Puts `user` (row or None), `access` (roles), `i18n` (their language) and `ctx`."""

    def __init__(self, translations: Translations) -> None:
        self.translations = translations

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: User | None = data.get("event_from_user")
        row = None
        if tg_user is not None:
            row = await Users(data["session"], data["pseudonyms"]).get(tg_user.id)
        data["user"] = row
        if tg_user is not None:
            admins = data["settings"].telegram.admin_ids
            access = data["access"] = await Roles(data["session"]).access(tg_user.id, admins)
            await _remember_role_holder(data["session"], tg_user, access)
        language = pick_language(
            row.language if row else None, tg_user.language_code if tg_user else None
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
