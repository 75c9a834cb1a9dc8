"""Errors are logged with context and apologised for; users who block us are marked.

Logs name the person by a pseudonym (`Pseudonyms.tag`), never by their Telegram id, which is
also blanked out of the exception and its traceback.
"""

from __future__ import annotations

import logging
import re
import traceback

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ChatMemberUpdated, ErrorEvent
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Translations
from services.privacy import Pseudonyms
from services.users import Users

router = Router(name="errors")
log = logging.getLogger("bot.errors")


@router.my_chat_member(F.chat.type == "private")
async def on_membership(
    event: ChatMemberUpdated, session: AsyncSession, pseudonyms: Pseudonyms
) -> None:
    users = Users(session, pseudonyms)
    if event.new_chat_member.status == "kicked":
        await users.mark_blocked(event.from_user.id)
    elif event.new_chat_member.status == "member":
        await users.mark_unblocked(event.from_user.id)


@router.error(ExceptionTypeFilter(TelegramForbiddenError))
async def on_forbidden(
    event: ErrorEvent, sessionmaker: async_sessionmaker[AsyncSession], pseudonyms: Pseudonyms
) -> None:
    # The person blocked the bot: nobody to apologise to; remember it for bulk sends.
    user = _user_id(event)
    log.info("%s blocked the bot (update %s)", _who(pseudonyms, user), event.update.update_id)
    if user is not None:
        async with sessionmaker() as session:
            await Users(session, pseudonyms).mark_blocked(user)


@router.error()
async def on_error(
    event: ErrorEvent,
    bot: Bot,
    translations: Translations,
    pseudonyms: Pseudonyms,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    update = event.update
    user_id = _user_id(event)
    log.error(
        "update %s (%s) of %s failed: %s",
        update.update_id,
        update.event_type,
        _who(pseudonyms, user_id),
        _redacted(event.exception, user_id, pseudonyms),
    )
    language = None
    if user_id is not None:
        async with sessionmaker() as session:
            row = await Users(session, pseudonyms).get(user_id)
            language = row.language if row else None
    t = translations.get(language)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(t("error-apology"), show_alert=True)
        elif update.message is not None:
            await bot.send_message(update.message.chat.id, t("error-apology"))
    except Exception:  # the apology must never take the bot down
        log.exception("could not apologise for update %s", update.update_id)


def _who(pseudonyms: Pseudonyms, user_id: int | None) -> str:
    return "an unknown user" if user_id is None else f"user {pseudonyms.tag(user_id)}"


def _redacted(error: BaseException, user_id: int | None, pseudonyms: Pseudonyms) -> str:
    """The exception with its traceback, the person's id replaced by their log tag."""
    text = "".join(traceback.format_exception(error)).rstrip()
    if user_id is None:
        return text
    return re.sub(rf"(?<!\d){user_id}(?!\d)", f"<user {pseudonyms.tag(user_id)}>", text)


def _user_id(event: ErrorEvent) -> int | None:
    update = event.update
    for item in (update.message, update.callback_query, update.my_chat_member):
        if item is not None and item.from_user is not None:
            return item.from_user.id
    return None
