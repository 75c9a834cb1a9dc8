"""Small pieces of /profiles: error texts, a profile's age, dropping a stale keyboard."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.i18n import Translator
from bot.refusal import refusal_text
from services.profiles.rules import months_between, needs_refresh
from services.refusal import Refusal
from storage.models import utcnow
from storage.models_profiles import ClientProfile


def error_text(t: Translator, error: Refusal) -> str:
    return refusal_text(t, error)


def age_text(t: Translator, profile: ClientProfile) -> str:
    now = utcnow()
    text = t("profiles-age", months=months_between(profile.updated_at, now))
    if needs_refresh(profile, now):
        text += " — " + t("profiles-needs-refresh")
    return text


def on(callback: CallbackQuery) -> Message | None:
    message = callback.message
    return message if isinstance(message, Message) and message.text else None


async def drop_buttons(ctx: Ctx, message_id: Any) -> None:
    if not isinstance(message_id, int):
        return
    with suppress(TelegramBadRequest):
        await ctx.bot.edit_message_reply_markup(
            chat_id=ctx.chat_id, message_id=message_id, reply_markup=None
        )
